"""The attribution tagger: its shipped model, what it tags, and how the rules take its spans."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from reliability_heuristics.attribution import train
from reliability_heuristics.attribution.heuristic import find_attributions
from reliability_heuristics.attribution.rules import RuleFinder
from reliability_heuristics.attribution.tagger import (
    CUE_BIAS,
    MODEL_PATH,
    OPEN_BIAS,
    SIDECAR_PATH,
    Columns,
    Tagger,
    body_sentences,
)

from reliability.analysis import Analysis
from reliability.document import make_document

TAGGER = Tagger()


def tagged(text: str) -> tuple[Analysis, list[str], list[str]]:
    """The document, and the texts of the tagger's source and cue spans."""
    doc = Analysis(make_document(text))
    finder = RuleFinder(doc)
    rules, _ = finder.find()
    columns = Columns(
        finder.v, finder.quoted, rules, finder.cue_positions, body_sentences(doc, finder.v)
    )
    sources, cues = TAGGER.tag(columns)
    tokens = doc.tokens

    def texts(spans: list[tuple[int, int]]) -> list[str]:
        return [text[tokens[a].start : tokens[b - 1].end] for a, b in spans]

    return doc, texts(sources), texts(cues)


def test_tags_a_speaker_and_a_reporting_verb() -> None:
    _, sources, cues = tagged("Kremlin spokesman Dmitry Peskov said the talks were useful.")
    assert any("Peskov" in s for s in sources)
    assert "said" in cues


def test_tags_nothing_in_a_sentence_without_attribution() -> None:
    _, sources, cues = tagged("The aircraft landed in Caracas on Sunday with 50 tons of cargo.")
    assert sources == [] and cues == []


def test_a_document_without_body_sentences_has_no_spans() -> None:
    doc = Analysis(make_document("Peskov said talks failed"))
    finder = RuleFinder(doc)
    columns = Columns(finder.v, finder.quoted, [], finder.cue_positions, [])
    assert TAGGER.tag(columns) == ([], [])


def test_the_tagger_adds_a_relation_the_rules_miss() -> None:
    # The rules take a lower-case subject only when it is a known source noun.
    text = "Clinton had told police she would go to the rally, another source said."
    doc = Analysis(make_document(text))
    rules, _ = RuleFinder(doc).find()
    relations, _ = find_attributions(doc, TAGGER)
    tokens = doc.tokens

    def spans(found: list) -> list[tuple[str, str]]:
        return [
            (
                text[tokens[r.source[0]].start : tokens[r.source[1] - 1].end],
                text[tokens[r.cue[0]].start : tokens[r.cue[1] - 1].end],
            )
            for r in found
            if r.source is not None
        ]

    assert ("another source", "said") not in spans(rules)
    assert ("another source", "said") in spans(relations)


def test_a_model_for_other_features_is_refused(tmp_path: Path) -> None:
    model = json.loads(MODEL_PATH.read_text("utf-8"))
    model["offsets"]["w"] = [0]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model), "utf-8")
    with pytest.raises(ValueError, match="other labels or features"):
        Tagger(path)


def test_the_sidecar_describes_the_shipped_model() -> None:
    sidecar = json.loads(SIDECAR_PATH.read_text("utf-8"))
    assert sidecar["model_sha256"] == hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()
    assert sidecar["articles"] == 840
    assert sidecar["tokens"] > sidecar["sentences"] > sidecar["articles"]
    assert len(sidecar["sha256"]) == 64
    assert re.fullmatch(r"[0-9a-f]{40}(-dirty)?|unknown", sidecar["commit"])
    assert "PolNeAR train" in sidecar["data"]


def test_the_shipped_layout_is_the_model_laid_out() -> None:
    """`attribution_tagger.npz` (loaded at start instead of laying the weights out) holds
    exactly what `Tagger.build` makes of the shipped model; a stale one is not used."""
    import numpy as np
    from reliability_heuristics.attribution.tagger import LAYOUT_PATH, Tagger

    shipped, built = Tagger(), Tagger.build()
    assert LAYOUT_PATH.exists()
    assert shipped.vocab == built.vocab and shipped.suffixes == built.suffixes
    assert np.array_equal(shipped.suffix_table, built.suffix_table)
    assert shipped.tables.keys() == built.tables.keys()
    for name, table in built.tables.items():
        assert np.array_equal(shipped.tables[name], table), name


def test_a_layout_for_another_model_is_not_used(tmp_path: Path) -> None:
    from reliability_heuristics.attribution import tagger as module

    other = tmp_path / "model.json"
    other.write_bytes(MODEL_PATH.read_bytes())
    built = module.Tagger(other)  # not the shipped path: laid out from the file itself
    assert built.vocab == module.Tagger().vocab


def test_the_model_is_small() -> None:
    assert MODEL_PATH.stat().st_size < 3_000_000


@pytest.mark.slow
def test_a_retraining_reproduces_the_shipped_model() -> None:
    # PolNeAR train is part of the checkout's surroundings (CI has it): without it the
    # shipped model cannot be checked, which is a failure, not a pass.
    data = train.default_data_dir() / "train" / "attributions"
    assert data.is_dir(), f"PolNeAR train, which the model is trained on, is not at {data}"
    assert train.main(["--check"]) == 0


def test_training_without_the_data_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert train.main(["--data", str(tmp_path)]) == 2
    assert "PolNeAR train not found" in capsys.readouterr().err


def _best_paths(scores, transitions, sentences):
    """Each sentence's best label sequence by trying every one (no transition at its edges)."""
    import itertools

    out = []
    for lo, hi in sentences:
        best = max(
            itertools.product(range(3), repeat=hi - lo),
            key=lambda path: (
                sum(scores[lo + i][y] for i, y in enumerate(path))
                + sum(transitions[a][b] for a, b in itertools.pairwise(path))
            ),
        )
        out.extend(best)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_decoding_finds_each_sentences_best_label_sequence(seed: int) -> None:
    import numpy as np

    rng = np.random.default_rng(seed)
    tagger = Tagger()
    tagger.transitions = rng.normal(0, 2, (3, 3)).astype(np.float32)
    lengths = rng.integers(1, 7, size=int(rng.integers(1, 5)))
    real: list[bool] = [False, False]
    sentences = []
    for length in lengths.tolist():
        sentences.append((len(real), len(real) + length))
        real += [True] * length + [False, False]
    scores = rng.normal(0, 2, (len(real), 3)).astype(np.float32)
    labels = tagger.decode(scores, np.array(real))
    assert labels[~np.array(real)].tolist() == [0] * real.count(False)
    # Decoding opens a source or a cue after another word more readily (OPEN_BIAS),
    # and reads a cue more readily anywhere (CUE_BIAS).
    transitions = tagger.transitions.copy()
    transitions[0, 1:] += OPEN_BIAS
    biased = scores.copy()
    biased[:, 2] += CUE_BIAS
    assert [labels[k] for lo, hi in sentences for k in range(lo, hi)] == _best_paths(
        biased.tolist(), transitions.tolist(), sentences
    )


def test_the_shipped_model_is_a_sequence_model() -> None:
    """The shipped model carries label transitions (a CRF, not a per-token classifier)."""
    model = json.loads(MODEL_PATH.read_text("utf-8"))
    assert len(model["transitions"]) == 3 and all(len(row) == 3 for row in model["transitions"])
    assert any(any(row) for row in model["transitions"])


def _combined(text: str, sources: list[str], cues: list[str]) -> list[tuple[str | None, str]]:
    """(source, cue) texts of the combiner's relations from the rules and the given tagged spans."""
    from reliability_heuristics.attribution.combine import Combiner
    from reliability_heuristics.attribution.tagger import cue_phrases

    doc = Analysis(make_document(text))
    finder = RuleFinder(doc)
    rules, _ = finder.find()
    tokens = doc.tokens

    def token_range(phrase: str) -> tuple[int, int]:
        start = text.index(phrase)
        first = next(k for k, t in enumerate(tokens) if t.start == start)
        last = next(k for k, t in enumerate(tokens) if t.end == start + len(phrase))
        return first, last + 1

    def said(span: tuple[int, int] | None) -> str | None:
        return None if span is None else text[tokens[span[0]].start : tokens[span[1] - 1].end]

    starts = [k for k, _, _ in cue_phrases(finder.v.words, finder.cue_positions)]
    combiner = Combiner(
        finder,
        rules,
        body_sentences(doc, finder.v),
        [token_range(s) for s in sources],
        [token_range(c) for c in cues],
        starts,
    )
    return [(said(r.source), said(r.cue)) for r in combiner.combine()]


def test_a_rule_relation_whose_cue_the_tagger_did_not_tag_goes() -> None:
    text = "Election officials said the count would end on Friday."
    assert _combined(text, ["Election officials"], ["said"]) == [("Election officials", "said")]
    assert _combined(text, [], []) == []


def test_an_inverted_rule_relation_stays_untagged() -> None:
    text = "The count will end on Friday, said Maria Lopez, the county clerk."
    assert _combined(text, [], []) == [("Maria Lopez, the county clerk", "said")]


def test_the_tagged_edges_of_a_rule_source_are_kept() -> None:
    text = "Senate Majority Leader Mitch McConnell now said the vote would wait."
    found = _combined(text, ["Senate Majority Leader Mitch McConnell"], ["said"])
    assert found == [("Senate Majority Leader Mitch McConnell", "said")]


def test_a_tagged_cue_outside_the_cue_table_needs_a_tagged_source() -> None:
    text = "The mayor demanded a new bridge by June."
    assert _combined(text, ["The mayor"], ["demanded"]) == [("The mayor", "demanded")]
    assert _combined(text, [], ["demanded"]) == []


def test_a_second_verb_shares_the_source_of_the_first() -> None:
    text = "Trump said he would order a review and warned against hackers from China."
    found = _combined(text, ["Trump"], ["said", "warned"])
    assert found == [("Trump", "said"), ("Trump", "warned")]


def test_a_second_verb_takes_the_name_opening_its_sentence() -> None:
    text = "Senator Ted Cruz exhorted Republicans to vote and vowed to fight on."
    assert _combined(text, [], ["vowed"]) == [("Senator Ted Cruz", "vowed")]
    # A name after a verb is its object, not the subject the second verb shares.
    text = "Cruz exhorted Republicans to vote and vowed to fight on."
    assert _combined(text, [], ["vowed"]) == [(None, "vowed")]


def test_a_name_deep_in_the_sentence_is_not_taken_as_a_shared_subject() -> None:
    text = "On Monday in Ohio, Cruz exhorted Republicans to vote and vowed to fight on."
    assert _combined(text, [], ["vowed"]) == [(None, "vowed")]


def test_tagging_adds_the_weight_of_every_feature_of_every_token() -> None:
    """The laid-out tables score each token as the model's weights of its feature strings
    (`Columns.strings`, what training sees) add up: words the model knows and words it
    does not (read by suffix, prefix and stem), at every offset."""
    import numpy as np

    text = (
        "Zorblatt claimed the quixotically named committee had stonewalled, officials said. "
        "“We disagree,” Senator Maria Lopez told reporters on Tuesday."
    )
    doc = Analysis(make_document(text))
    finder = RuleFinder(doc)
    rules, _ = finder.find()
    columns = Columns(
        finder.v, finder.quoted, rules, finder.cue_positions, body_sentences(doc, finder.v)
    )
    weights = json.loads(MODEL_PATH.read_text("utf-8"))["weights"]
    expected = []
    for sentence in columns.strings():
        for features in sentence:
            row = np.zeros(3)
            for feature in features:
                name, _, value = feature.partition("=")
                row += weights.get(name, {}).get(value, [0.0, 0.0, 0.0])
            expected.append(row)
    scores = TAGGER.scores(columns)[columns.layout >= 0]
    assert scores.shape == (len(expected), 3)
    assert np.allclose(scores, np.array(expected), atol=1e-4)
