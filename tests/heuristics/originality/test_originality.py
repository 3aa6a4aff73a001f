"""The `originality` heuristic in scorecards: copies, originals and independent coverage."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points

import pytest
from copies_texts import INDEPENDENT, ORIGINAL, REWRITE
from reliability_heuristics.originality import heuristic as copies
from reliability_heuristics.originality.heuristic import (
    CREDITED_SCORE,
    UNCREDITED_SCORE,
    UNDETERMINED_SCORE,
    Originality,
)

from reliability import Context, Document, Engine, HeuristicResult, Scorecard, make_document
from reliability.analysis import Analysis


def result(card: Scorecard) -> HeuristicResult:
    (found,) = [r for r in card.heuristics if r.name == "originality"]
    assert found.status == "ok", found.message
    return found


def check_spans(card: Scorecard, texts: dict[str, str]) -> None:
    """Every span and related span matches the text it points into."""
    own = texts[card.document_id]
    for finding in result(card).findings:
        for span in finding.spans:
            assert own[span.start : span.end] == span.text
        for rel in finding.related:
            assert texts[rel.document_id][rel.start : rel.end] == rel.text


@pytest.fixture
def engine(make_engine: Callable[..., Engine]) -> Engine:
    return make_engine(copies)


def test_seed_story(engine: Engine, seeds: dict[str, Document]) -> None:
    docs = [seeds[k] for k in sorted(seeds)]
    texts = {d.doc_id: d.text for d in docs}
    cards = {
        k: c for k, c in zip(sorted(seeds), engine.score_many(docs, compare=True), strict=True)
    }
    for card in cards.values():
        check_spans(card, texts)

    copy = result(cards["001"])
    (finding,) = copy.findings
    assert finding.kind == "derived-copy" and finding.severity == "major"
    assert "does not name the original" in finding.message
    assert "venezuelanalysis.com" in finding.message  # the original's outlet
    assert len(finding.spans) >= 8 and {s.role for s in finding.spans} == {"copy"}
    assert {r.role for r in finding.related} == {"original"}
    assert {r.document_id for r in finding.related} == {seeds["002"].doc_id}
    assert copy.score == UNCREDITED_SCORE
    assert copy.metrics["aligned_sentences"] == len(finding.spans)
    assert copy.metrics["credited"] == 0.0
    assert copy.metrics["share"] >= 0.6

    original = result(cards["002"])
    (told,) = original.findings
    assert told.kind == "copied-by" and told.severity == "info"
    assert {r.document_id for r in told.related} == {seeds["001"].doc_id}
    assert original.score == 1.0 and original.metrics["copies"] == 1.0

    for k in ("000", "003", "004"):
        independent = result(cards[k])
        assert independent.findings == ()
        assert independent.score == 1.0
        assert independent.summary.startswith("Independent of the 4 other")


def test_credited_copy_scores_in_the_middle(engine: Engine) -> None:
    original = make_document(ORIGINAL, outlet="Harborview Gazette", published="2025-10-14")
    copy = make_document(
        REWRITE + "\nThe Harborview Gazette first reported the vote.\n", published="2025-10-15"
    )
    card = engine.score(copy, peers=[original])
    check_spans(card, {copy.doc_id: copy.text, original.doc_id: original.text})
    found = result(card)
    (finding,) = found.findings
    assert finding.severity == "minor"
    assert "It credits the original (“Harborview Gazette”)" in finding.message
    assert [s.text for s in finding.spans if s.role == "credit"] == ["Harborview Gazette"]
    assert found.score == CREDITED_SCORE and found.metrics["credited"] == 1.0
    assert UNCREDITED_SCORE < CREDITED_SCORE < 1.0


def test_near_duplicates_are_said_to_be_so_on_both_sides(engine: Engine) -> None:
    a = make_document(ORIGINAL)
    b = make_document(ORIGINAL.replace("Tuesday", "Tuesday evening").replace("roughly", "about"))
    texts = {a.doc_id: a.text, b.doc_id: b.text}
    cards = list(engine.score_many([a, b], compare=True))
    for card in cards:
        check_spans(card, texts)
        found = result(card)
        (finding,) = found.findings
        assert finding.kind == "near-duplicate" and finding.severity == "minor"
        assert "neither date nor credit tells which came first" in finding.message
        assert "could not be checked" in finding.message  # no metadata to look for a credit
        assert found.score == UNDETERMINED_SCORE
        assert found.metrics["aligned_sentences"] == len(finding.spans) == 9


def test_another_version_from_the_same_outlet_costs_nothing(engine: Engine) -> None:
    first = make_document(ORIGINAL, outlet="Harborview Gazette", published="2025-10-14")
    second = make_document(REWRITE, outlet="The Harborview Gazette", published="2025-10-15")
    found = result(engine.score(second, peers=[first]))
    (finding,) = found.findings
    assert (finding.kind, finding.severity) == ("derived-copy", "info")
    assert "same outlet" in finding.message
    assert found.score == 1.0


def test_independent_coverage_keeps_full_score(engine: Engine) -> None:
    card = engine.score(make_document(INDEPENDENT), peers=[make_document(ORIGINAL)])
    found = result(card)
    assert found.score == 1.0 and found.findings == ()
    assert found.metrics["aligned_sentences"] == 0.0


def test_without_peers_there_is_nothing_to_judge() -> None:
    outcome = Originality().evaluate(Analysis(make_document(ORIGINAL)), Context())
    assert outcome.score is None and outcome.confidence == 0.0
    assert "No other coverage" in outcome.summary


def test_registered_through_the_entry_point_group(engine: Engine) -> None:
    (ep,) = [e for e in entry_points(group="reliability") if e.name == "originality"]
    assert ep.load() is copies
    (info,) = engine.heuristics()
    assert (info.name, info.cross_document) == ("originality", True)


def test_publishes_the_copy_relations_of_the_whole_story() -> None:
    from reliability_heuristics.originality.product import CopyRelations

    original = Analysis(make_document(ORIGINAL, outlet="Daily A", published="2025-10-14"))
    copy = Analysis(make_document(REWRITE, outlet="Copycat B", published="2025-10-15"))
    other = Analysis(make_document(INDEPENDENT, url="https://www.daily-a.example/x"))
    again = Analysis(make_document(INDEPENDENT + " Updated.", url="https://daily-a.example/y"))
    context = Context(peers=[original, copy, again])
    Originality().evaluate(other, context)
    relations = context.published
    assert isinstance(relations, CopyRelations)
    assert relations.documents == (other.id, original.id, copy.id, again.id)
    # A relation between two peers is there too: other heuristics ask about any pair.
    found = relations.between(original.id, copy.id)
    assert found is not None and (found.copy_id, found.original_id) == (copy.id, original.id)
    assert relations.between(copy.id, original.id) == found
    assert relations.between(other.id, original.id) is None
    # One outlet by the URLs' hosts when no outlet name is given.
    assert relations.same_outlet(again.id, other.id)
    assert not relations.same_outlet(original.id, copy.id)
