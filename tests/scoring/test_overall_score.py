"""The overall score with every built-in on the seeds: explained, and never raised by a failure."""

from __future__ import annotations

import threading

import msgspec
import pytest

from reliability import Engine, ScoreOptions, Status
from reliability.config import Settings
from reliability.scoring.model import load_model

BUILT_INS = load_model().heuristics() | {"originality", "figures"}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(Settings())


def adds_up(card) -> bool:
    return round(card.baseline + sum(c.points for c in card.contributions), 1) == card.score


def test_every_seed_has_contributions_that_add_up_to_its_score(engine, seeds):
    for number, doc in seeds.items():
        card = engine.score(doc)
        assert card.score is not None, number
        assert adds_up(card), number
        assert [c.heuristic for c in card.contributions] == [h.name for h in card.heuristics]
        assert card.score_range == (card.score, card.score)
        fitted = [c for c in card.contributions if c.basis == "fitted"]
        assert fitted and any(c.reasons for c in fitted)
        for c in fitted:
            # The reasons explain the heuristic's points (each rounded on its own).
            assert abs(sum(r.points for r in c.reasons) - c.points) <= 0.05 * len(c.reasons) + 1e-9


def test_comparison_never_raises_a_seed_score(engine, seeds):
    """No copy among a few peers is no evidence of independence: it adds nothing."""
    docs = [seeds[k] for k in sorted(seeds)]
    alone = [engine.score(d) for d in docs]
    together = list(engine.score_many(docs, compare=True))
    for a, t in zip(alone, together, strict=True):
        assert t.score <= a.score + 0.05, t.document_id
        assert adds_up(t)
    originality = {
        c.document_id: next(x for x in c.contributions if x.heuristic == "originality")
        for c in together
    }
    assert all(c.points <= 0 for c in originality.values())


class _Failing:
    """Makes one heuristic of an engine raise, or spin past its budget."""

    def __init__(self, engine: Engine, name: str, how: str) -> None:
        self.heuristic = engine.registry.heuristics[name].heuristic
        self.how = how

    def __enter__(self):
        def fail(doc, context):
            if self.how == "error":
                raise RuntimeError("forced failure")
            while True:
                pass

        self.heuristic.evaluate = fail
        return self

    def __exit__(self, *exc):
        del self.heuristic.evaluate


@pytest.mark.parametrize("how", ["error", "timeout"])
def test_a_failing_heuristic_never_raises_the_score(seeds, how):
    engine = Engine(Settings(timeout=0.05 if how == "timeout" else 2.0))
    complete = {k: engine.score(d) for k, d in seeds.items()}
    for name in sorted(engine.registry.heuristics):
        with _Failing(engine, name, how):
            for number, doc in seeds.items():
                card = engine.score(doc)
                (failed,) = [r for r in card.heuristics if r.name == name]
                assert failed.status is (Status.ERROR if how == "error" else Status.TIMEOUT)
                assert card.score <= complete[number].score, (name, number)
                low, high = card.score_range
                assert low == card.score and high >= complete[number].score - 0.05
                (part,) = [c for c in card.contributions if c.heuristic == name]
                assert part.basis == "lower-bound" and part.points <= 0.05
                assert adds_up(card)


def test_excluded_heuristics_sit_at_the_baseline_and_say_so(engine, seeds):
    card = engine.score(seeds["003"], options=ScoreOptions(exclude=["attribution"]))
    assert "attribution" not in {r.name for r in card.heuristics}
    (left_out,) = [c for c in card.contributions if c.heuristic == "attribution"]
    assert (left_out.basis, left_out.points, left_out.reasons) == ("baseline", 0.0, ())
    assert adds_up(card)
    weighted = engine.score(seeds["003"], options=ScoreOptions(weights={"hedging": 0}))
    (hedging,) = [c for c in weighted.contributions if c.heuristic == "hedging"]
    assert (hedging.basis, hedging.points, hedging.reasons) == ("baseline", 0.0, ())
    assert adds_up(weighted)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("OUTRAGEOUS! " * 166000, id="shouting"),
        pytest.param("They lied. You know it. " * 80000, id="unsourced"),
    ],
)
def test_adversarial_texts_do_not_reach_a_or_b(engine, text):
    card = engine.score(text)
    assert card.grade not in ("A", "B"), (card.score, card.grade)
    assert card.score is None or card.score < load_model().bands[1].min_score


def test_the_same_text_gets_the_same_scorecard_under_load(engine, seeds):
    """Budgets count CPU time: threads competing for the interpreter change nothing."""
    idle = engine.score(seeds["002"])
    stop = threading.Event()

    def hog():
        while not stop.is_set():
            sum(range(500))

    hogs = [threading.Thread(target=hog, daemon=True) for _ in range(3)]
    for t in hogs:
        t.start()
    try:
        loaded = engine.score(seeds["002"])
    finally:
        stop.set()
        for t in hogs:
            t.join()

    def without_timing(card):
        data = msgspec.to_builtins(card)
        data.pop("analysis_ms")
        for h in data["heuristics"]:
            h.pop("elapsed_ms")
        return data

    assert without_timing(loaded) == without_timing(idle)


def test_the_seeds_keep_their_findings_and_a_copy_costs_points(engine, seeds):
    numbers = sorted(seeds)
    cards = dict(
        zip(numbers, engine.score_many([seeds[k] for k in numbers], compare=True), strict=True)
    )

    def kinds(number, heuristic):
        (r,) = [r for r in cards[number].heuristics if r.name == heuristic]
        return {f.kind for f in r.findings}

    def points(number, heuristic):
        (c,) = [c for c in cards[number].contributions if c.heuristic == heuristic]
        return c.points

    assert "derived-copy" in kinds("001", "originality") and points("001", "originality") < 0
    assert {"undated", "stale-in-story"} <= kinds("004", "recycling")
    assert points("004", "recycling") < 0
    assert "figure-conflict" in kinds("000", "figures") | kinds("002", "figures")
