"""The public Python API, with the installed (built-in) heuristics."""

import reliability


def test_score_a_text_and_a_document(seeds):
    card = reliability.score(seeds["000"])
    assert isinstance(card, reliability.Scorecard)
    assert card.document_id == seeds["000"].id
    assert "hedging" in [r.name for r in card.heuristics]
    text_card = reliability.score("Obviously, the allegations are propaganda, officials said.")
    assert text_card.heuristics


def test_score_with_peers_and_many(seeds):
    card = reliability.score(seeds["001"], peers=[seeds["002"], "Another report."])
    assert card.peers[0] == seeds["002"].id and len(card.peers) == 2
    cards = list(reliability.score_many([seeds["001"], seeds["002"]], compare=True))
    assert [c.peers for c in cards] == [(seeds["002"].id,), (seeds["001"].id,)]


def test_every_finding_span_matches_the_text(seeds):
    for doc in seeds.values():
        card = reliability.score(doc)
        for result in card.heuristics:
            assert result.status == "ok", result.message
            for finding in result.findings:
                for span in finding.spans:
                    assert doc.text[span.start : span.end] == span.text


def test_heuristics_listing():
    infos = reliability.default_engine().heuristics()
    assert any(i.name == "hedging" and i.plugin == "reliability-scorecards" for i in infos)
