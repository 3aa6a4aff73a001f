"""The shared analysis is built once, before the heuristics, and outside their budgets."""

from __future__ import annotations

import msgspec
import pytest
from factories import load_seed, plugin_of

from reliability import Analysis, Context, Heuristic, Outcome, ScoreOptions, Status, make_document
from reliability.config import Settings
from reliability.workers import Job, Supervisor

TINY_BUDGET = 0.1


# The five seed articles, again and again: about 200,000 words, whose analysis takes
# a good part of a second.
SEED_TEXT = "\n\n".join(load_seed(f"00{k}").text for k in range(5))
LONG = "\n\n".join([SEED_TEXT] * 60)


class Reader(Heuristic):
    """Reads every shared part and counts them: almost no work of its own."""

    version = "1.0.0"
    description = "Counts the analysis."

    def __init__(self, name: str = "reader", budget: float | None = TINY_BUDGET) -> None:
        self.name = name
        self.budget = budget
        self.built: list[str] = []

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        self.built = [p for p in Analysis.PARTS if p in doc.__dict__]
        counts = {
            part: float(len(getattr(doc, part)))
            for part in ("sentences", "tokens", "names", "numbers", "dates", "quotations")
        }
        return Outcome(score=0.5, confidence=1.0, summary="Counted.", metrics=counts)


class Cross(Reader):
    cross_document = True

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        self.built = [p for p in Analysis.PARTS if all(p in a.__dict__ for a in context.peers)]
        return super().evaluate(doc, context)


def test_a_tiny_budget_suffices_when_the_analysis_is_expensive(make_engine):
    reader = Reader()
    engine = make_engine(plugin_of(reader))
    card = engine.score(LONG)
    (result,) = card.heuristics
    # The analysis alone takes several times the heuristic's budget...
    assert card.analysis_ms > 2 * 1000 * TINY_BUDGET
    # ... and yet the heuristic completes, with only its own work in its time.
    assert result.status is Status.OK, result.message
    assert result.elapsed_ms < card.analysis_ms / 2
    assert reader.built == list(Analysis.PARTS)
    assert result.metrics["sentences"] > 1000 and result.metrics["names"] > 1000


def test_the_analysis_time_is_in_the_scorecard_and_not_charged_twice(make_engine):
    engine = make_engine(plugin_of(Reader("one", None), Reader("two", None)))
    analysis = engine.prepare(LONG)
    card = engine.score(analysis)
    assert card.analysis_ms > 0 and all(r.status is Status.OK for r in card.heuristics)
    # Scoring the same analysis again builds nothing.
    again = engine.score(analysis)
    assert again.analysis_ms < card.analysis_ms / 10
    # Nothing to run: nothing built.
    nothing = engine.score(make_document(LONG[:5000]), options=ScoreOptions(include=[]))
    assert nothing.analysis_ms == 0.0


def test_peers_are_built_only_for_a_cross_document_heuristic(make_engine):
    docs = [make_document(f"Officials in Lima said {n} people were hurt.") for n in range(3)]
    single = Reader("single", None)
    cards = list(make_engine(plugin_of(single)).score_many(docs, compare=False))
    assert all(c.analysis_ms > 0 for c in cards)
    peers = [Analysis(d) for d in docs[1:]]
    make_engine(plugin_of(Reader("single", None))).score(docs[0], peers=peers)
    assert not any("names" in p.__dict__ for p in peers)  # no one compares: left lazy
    cross = Cross("cross", None)
    make_engine(plugin_of(cross)).score(docs[0], peers=peers)
    assert cross.built == list(Analysis.PARTS)


def test_a_failing_part_fails_only_the_heuristics_reading_it(make_engine, monkeypatch):
    def broken(*_args: object) -> list:
        raise RuntimeError("names are broken")

    monkeypatch.setattr("reliability.analysis.find_names", broken)

    class TokensOnly(Reader):
        def evaluate(self, doc: Analysis, context: Context) -> Outcome:
            return Outcome(score=0.5, confidence=1.0, summary=f"{len(doc.tokens)} tokens.")

    engine = make_engine(plugin_of(Reader("names", None), TokensOnly("tokens", None)))
    card = engine.score("Officials in Lima said on Monday that 12 people were hurt.")
    status = {r.name: (r.status, r.message) for r in card.heuristics}
    assert status["names"] == (Status.ERROR, "RuntimeError: names are broken")
    assert status["tokens"] == (Status.OK, None)


@pytest.fixture
def length_only() -> Settings:
    settings = msgspec.convert(
        {"timeout": TINY_BUDGET, "enable": ["length"], "workers": {"deadline": 60.0}}, Settings
    )
    return settings


def test_in_a_worker_the_budget_covers_only_the_heuristics_own_work(length_only):
    pool = Supervisor(length_only, 1)
    try:
        assert pool.wait_ready(), "the worker did not start"
        job = Job(documents=[make_document(LONG)], targets=[0])
        (card,) = pool.submit(job).results()
    finally:
        pool.close()
    (length,) = [r for r in card.heuristics if r.name == "length"]
    assert card.analysis_ms > 2 * 1000 * TINY_BUDGET
    assert length.status is Status.OK, length.message
    # It read the whole text: the seeds' words once, and their 59 repeats as repeated.
    assert length.metrics["words"] + length.metrics["repeated_words"] > 100_000
    assert length.metrics["repeated_words"] > 20 * length.metrics["words"]


def test_the_cyclic_collector_is_held_off_while_a_document_is_scored_and_back_after() -> None:
    import gc

    from reliability.engine import collection_paused

    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the caller's choice is kept
    finally:
        gc.enable()
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("a failure inside still restores the collector")
    assert gc.isenabled()
