"""The shipped scoring model: what it reads, how it was fitted, and that a refit reproduces it."""

from __future__ import annotations

import itertools
import math

import msgspec

from reliability import Engine
from reliability.config import Settings
from reliability.models import HeuristicResult, Status
from reliability.scoring import fit, labelled
from reliability.scoring.model import ScoreModel, explain, load_model, parts, sigmoid


def result(name: str, score: float | None = None, **metrics: float) -> HeuristicResult:
    return HeuristicResult(
        name=name,
        plugin="p",
        plugin_version="1",
        version="1",
        status=Status.OK,
        score=score,
        confidence=1.0,
        weight=1.0,
        summary="",
        metrics=metrics,
    )


def test_the_shipped_model_reads_installed_heuristics_in_their_declared_direction():
    model = load_model()
    installed = {h.name for h in Engine(Settings()).heuristics()}
    assert model.heuristics() <= installed
    assert model.features, "the model reads no feature"
    for f in model.features:
        assert f.coef * f.direction >= 0, f.name
        assert f.lo <= f.mean <= f.hi and f.scale > 0, f.name
        assert f.label
    assert [b.grade for b in model.bands] == ["A", "B", "C", "D", "F"]
    assert all(a.min_score > b.min_score for a, b in itertools.pairwise(model.bands))


def test_the_model_file_says_what_it_was_fitted_on():
    info = load_model().fitted_on
    assert info["commit"] and info["commit"] != "unknown"
    datasets = info["datasets"]
    assert set(datasets) == set(labelled.SETS)
    for entry in datasets.values():
        assert len(entry["sha256"]) == 64 and entry["articles"] > 1000
        assert 0 < entry["reliable"] < entry["articles"]


def test_no_feature_can_identify_an_outlet_a_url_or_a_data_set():
    """Features come from heuristics' results only, and the fit sees only title and text."""
    for f in load_model().features:
        assert f.heuristic not in {"outlet", "url", "dateline", "dataset"}
    art = labelled.LabelledArticle  # the loader builds documents with title and text only
    assert set(art.__struct_fields__) == {"id", "dataset", "reliable", "document"}


def test_the_loader_withholds_outlet_url_author_date_and_dateline(tmp_path):
    folder = tmp_path / "buzzfeed-webis-2016"
    folder.mkdir()
    rows = [
        {
            "id": "a",
            "title": "T",
            "text": "Body one.",
            "label": "real",
            "outlet": "X",
            "source_url": "https://x.example/a",
            "author": "Au",
            "published": "2016-09-20",
            "dateline": "WASHINGTON (CNN)",
            "flags": [],
        },
        {"id": "b", "title": None, "text": "Body two.", "label": "fake", "flags": []},
        {"id": "c", "title": "T", "text": "", "label": "real", "flags": ["empty"]},
        {"id": "d", "title": "T", "text": "No facts.", "label": None, "flags": []},
    ]
    (folder / "articles.jsonl").write_text("\n".join(msgspec.json.encode(r).decode() for r in rows))
    loaded = list(labelled.load("buzzfeed-webis-2016", tmp_path))
    assert [(a.id, a.reliable) for a in loaded] == [("a", True), ("b", False)]
    doc = loaded[0].document
    assert (doc.title, doc.text) == ("T", "Body one.")
    assert (doc.outlet, doc.url, doc.author, doc.published) == (None, None, None, None)


def test_fitting_is_deterministic_and_monotone():
    """A feature that goes against its declared direction is held at zero."""
    spec = fit.candidates()
    kept = {"hedging.score", "specificity.score"}
    spec = msgspec.structs.replace(spec, features=tuple(f for f in spec.features if f.name in kept))
    rows, y, sets = [], [], []
    for i in range(400):
        label = i % 2
        hedge = 0.3 + 0.4 * label + 0.25 * math.sin(i)  # rises with reliability
        recyc = 0.7 - 0.3 * label + 0.2 * math.cos(i)  # falls with it: against its direction
        rows.append([result("hedging", hedge), result("specificity", recyc)])
        y.append(label)
        sets.append("a" if i < 200 else "b")
    one = fit.fit_model(rows, y, sets, spec)
    two = fit.fit_model(rows, y, sets, spec)
    assert fit.encode(one) == fit.encode(two)
    coefs = {f.name: f.coef for f in one.features}
    # The data pulls the first above the prior; the second, against its direction, stays at 0.
    assert coefs["hedging.score"] > fit.PRIOR_COEF and coefs["specificity.score"] == 0.0
    # Balanced weights: the baseline is an article the model cannot tell either way.
    assert abs(sigmoid(one.intercept) - 0.5) < 0.1


def test_values_beyond_the_fitted_range_move_the_score_no_further():
    model = load_model()
    f = next(f for f in model.features if f.coef != 0 and f.source == "score")
    at_edge = result(f.heuristic, f.hi if f.coef > 0 else f.lo)
    beyond = result(f.heuristic, 1.0 if f.coef > 0 else 0.0)
    score = [explain(model, parts(model, [r], {}))[1] for r in (at_edge, beyond)]
    assert score[0] == score[1]


def test_a_rate_over_nothing_earns_nothing():
    # A text with no checkable assertion has no unattributed ones to be credited for:
    # its attribution rates sit at the average instead of at their best.
    model = load_model()
    rates = [f for f in model.features if f.heuristic == "attribution" and f.per and f.coef]
    assert rates
    empty = result(
        "attribution", None, **{f.source: 0.0 for f in rates}, **{f.per: 0.0 for f in rates}
    )
    assert all(f.raw(empty) is None for f in rates)
    (part,) = parts(model, [empty], {})
    assert part.logit == 0 and part.reasons == ()
    # With assertions, the same zero counts are a rate, and move the score.
    some = result(
        "attribution", None, **{f.source: 0.0 for f in rates}, **{f.per: 40.0 for f in rates}
    )
    assert all(f.raw(some) == 0.0 for f in rates)
    (part,) = parts(model, [some], {})
    assert part.logit != 0


def test_a_refit_reproduces_the_shipped_model():
    # The labelled sets are part of the checkout's surroundings (CI has them): without
    # them the shipped model cannot be checked, which is a failure, not a pass.
    assert labelled.default_data_dir().is_dir(), (
        f"the labelled sets the model is fitted on are not at {labelled.default_data_dir()}"
    )
    assert fit.main(["--check"]) == 0


def test_the_shipped_file_decodes_strictly():
    data = fit.shipped_path().read_bytes()
    assert msgspec.json.decode(data, type=ScoreModel) == load_model()
