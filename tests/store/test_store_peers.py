"""Peers: other coverage of the same story, found through the inverted index."""

from __future__ import annotations

import pytest
from store_helpers import article, assert_index_consistent

from reliability import Document
from reliability.errors import InputError
from reliability.store import DocumentStore, SQLiteStore

FOOTBALL = Document(
    title="Olsen completes record move to Dortmund",
    outlet="Sports Desk",
    published="2025-11-04",
    text=(
        "Borussia Dortmund have completed the signing of striker Marcus Olsen from Ajax for a "
        "club-record fee of 62 million euros, the Bundesliga side announced on Tuesday.\n\n"
        "The 23-year-old Danish forward signed a five-year contract after passing a medical in "
        "Dortmund. Olsen scored 27 goals in all competitions last season and was the Eredivisie's "
        "top scorer.\n\n"
        '"Marcus is a goalscorer with rare pace," sporting director Lars Ricken said. Ajax '
        "coach Francesco Farioli admitted the club could not refuse the offer. The transfer "
        "window closes on Friday, and Dortmund are also pursuing a left-back."
    ),
)
CENTRAL_BANK = Document(
    title="Central bank holds rates as inflation cools",
    outlet="Markets Wire",
    published="2025-11-06",
    text=(
        "The Bank of England kept its benchmark interest rate at 4 percent on Thursday, with "
        "the Monetary Policy Committee voting 5-4 to hold as inflation eased to 3.6 percent.\n\n"
        "Governor Andrew Bailey said policymakers needed more evidence that price pressures were "
        "fading before cutting borrowing costs. Four members backed a quarter-point reduction.\n\n"
        "Sterling fell against the dollar after the decision, and gilt yields dropped. Economists "
        "now expect a cut in December, when the committee will have fresh wage and inflation data."
    ),
)
WILDFIRE = Document(
    title="Wildfire forces evacuations near Athens",
    outlet="Europe Today",
    published="2025-11-02",
    text=(
        "Firefighters battled a wildfire north of Athens for a third day on Sunday as strong "
        "winds pushed flames toward villages near Marathon, forcing hundreds of evacuations.\n\n"
        "Greece's civil protection ministry said 40 fire engines, 12 water-dropping aircraft and "
        "volunteers were deployed. Minister Vassilis Kikilias urged residents to follow "
        "evacuation orders sent by text message.\n\n"
        "Scientists say heatwaves and drought linked to climate change are lengthening the fire "
        "season across the Mediterranean."
    ),
)
# The same players as the seed story (Russia arming Maduro's Venezuela), two years earlier.
OLD_STORY = Document(
    title="Russia to service Venezuela's Sukhoi jets, Kremlin says",
    outlet="Archive Wire",
    published="2023-10-20",
    text=(
        "CARACAS – Russia will send technicians to service Venezuela's Sukhoi Su-30 fighter jets "
        "and S-300VM air defence systems, the Kremlin said, deepening military cooperation with "
        "the government of Nicolás Maduro.\n\n"
        "Kremlin spokesman Dmitry Peskov said Moscow honoured its defense contracts with Caracas. "
        "Rostec, the state-owned defense corporation, will also supply spare parts for Buk-M2 and "
        "Igla-S missiles, according to Russian media. A Conviasa cargo flight and an Ilyushin "
        "Il-76 landed in Caracas last week.\n\n"
        "Maduro thanked Vladimir Putin for Russia's support. The United States has warned Moscow "
        "against expanding its military presence in Venezuela, and Washington accused Caracas of "
        "relying on Russian aircraft and missiles to threaten its neighbours."
    ),
)
UNRELATED = [FOOTBALL, CENTRAL_BANK, WILDFIRE]


@pytest.fixture
def corpus(store: DocumentStore, seeds: dict[str, Document]) -> DocumentStore:
    """The five seeds, three unrelated stories and the old same-entity story."""
    store.bulk_put([*seeds.values(), *UNRELATED, OLD_STORY])
    return store


def peer_ids(store: DocumentStore, document: Document, **options: int) -> list[str]:
    return [peer.id for peer in store.peers(document, **options)]


def test_the_two_reports_of_one_story_are_each_others_peers(
    corpus: DocumentStore, seeds: dict[str, Document]
) -> None:
    assert seeds["002"].doc_id in peer_ids(corpus, seeds["001"])
    assert seeds["001"].doc_id in peer_ids(corpus, seeds["002"])
    best = corpus.peers(seeds["001"])[0]
    assert best.id == seeds["002"].doc_id
    assert len(best.shared) >= 10
    assert {"n:rostec", "n:kh-31a", "n:zicotrans"} <= set(best.shared)


def test_unrelated_stories_are_nobodys_peers(
    corpus: DocumentStore, seeds: dict[str, Document]
) -> None:
    unrelated = {d.doc_id for d in UNRELATED}
    for seed in seeds.values():
        assert unrelated.isdisjoint(peer_ids(corpus, seed, window_days=100_000))
    for story in UNRELATED:
        found = set(peer_ids(corpus, story, window_days=100_000))
        assert found.isdisjoint(unrelated | {s.doc_id for s in seeds.values()}), story.title


def test_a_document_is_not_its_own_peer(corpus: DocumentStore, seeds: dict[str, Document]) -> None:
    for seed in seeds.values():
        assert seed.doc_id not in peer_ids(corpus, seed)


def test_the_window_excludes_a_story_two_years_apart(
    corpus: DocumentStore, seeds: dict[str, Document]
) -> None:
    old = OLD_STORY.doc_id
    # Without the window the old story is clearly coverage of the same subject...
    assert old in peer_ids(corpus, seeds["002"], window_days=1000)
    # ...but both are dated, 745 days apart: not the same story.
    assert old not in peer_ids(corpus, seeds["002"])
    assert old not in peer_ids(corpus, seeds["002"], window_days=700)
    assert seeds["002"].doc_id not in peer_ids(corpus, OLD_STORY)


def test_undated_documents_are_not_excluded_by_the_window(
    corpus: DocumentStore, seeds: dict[str, Document]
) -> None:
    assert seeds["001"].published is None
    # 001 is undated: the old story may be its peer, and 001 may be the old story's.
    assert OLD_STORY.doc_id in peer_ids(corpus, seeds["001"], window_days=0)
    assert seeds["001"].doc_id in peer_ids(corpus, OLD_STORY, window_days=0)


def test_peers_of_an_unstored_document(corpus: DocumentStore, seeds: dict[str, Document]) -> None:
    follow_up = Document(
        text=seeds["001"].text + "\n\nThis report has been updated with comment from Rostec.",
        published="2025-11-05",
    )
    assert corpus.get(follow_up.doc_id) is None
    found = peer_ids(corpus, follow_up)
    assert seeds["001"].doc_id in found and seeds["002"].doc_id in found
    assert not {d.doc_id for d in UNRELATED} & set(found)


def test_peers_are_ranked_and_explained(corpus: DocumentStore, seeds: dict[str, Document]) -> None:
    peers = corpus.peers(seeds["002"], limit=10)
    scores = [p.score for p in peers]
    assert scores == sorted(scores, reverse=True)
    for peer in peers:
        assert len(peer.shared) >= 2
        assert all(term.startswith(("n:", "k:")) for term in peer.shared)
    assert len(corpus.peers(seeds["002"], limit=1)) == 1


def test_deleted_documents_stop_being_peers(
    corpus: DocumentStore, seeds: dict[str, Document]
) -> None:
    corpus.delete(seeds["002"].doc_id)
    assert seeds["002"].doc_id not in peer_ids(corpus, seeds["001"])
    assert_index_consistent(corpus)


def test_empty_store_and_termless_documents(store: DocumentStore) -> None:
    assert store.peers(FOOTBALL) == []
    store.put(FOOTBALL)
    assert store.peers(Document(text="… !!! 42")) == []


def test_peer_options_are_checked(corpus: DocumentStore) -> None:
    with pytest.raises(InputError):
        corpus.peers(FOOTBALL, limit=0)
    with pytest.raises(InputError):
        corpus.peers(FOOTBALL, window_days=-1)
    assert corpus.peers(OLD_STORY, window_days=10**12) is not None  # no overflow


def test_the_candidate_query_reads_posting_lists_through_the_index(
    corpus: DocumentStore, seeds: dict[str, Document]
) -> None:
    plan = corpus.peer_query_plan(seeds["002"])  # type: ignore[attr-defined]
    if isinstance(corpus, SQLiteStore):
        assert "SEARCH p USING PRIMARY KEY (term_id=?)" in plan
        assert "SEARCH d USING INTEGER PRIMARY KEY (rowid=?)" in plan
        assert "SCAN p" not in plan and "SCAN d" not in plan
    else:
        # Posting lists come from the GIN index; the table of terms is never scanned.
        assert "Bitmap Index Scan on document_terms_by_term" in plan, plan
        assert "Seq Scan on document_terms" not in plan, plan


def test_query_terms_are_bounded() -> None:
    from reliability.store.peering import (
        MAX_POSTINGS_READ,
        MAX_QUERY_TERMS,
        MIN_PEER_SCORE,
        select_query_terms,
    )

    total = 1_000_000  # cap: 20,000 documents
    terms = [(i, f"n:name{i}", 1) for i in range(50)]  # one other document each
    terms += [(100 + i, f"k:word{i}", 10 + i) for i in range(50)]
    terms += [(200 + i, f"k:broad{i}", 4_000) for i in range(10)]
    terms += [(300, "k:common", 30_000), (301, "k:unshared", 0)]
    chosen, bar = select_query_terms(terms, total)
    by_kind: dict[str, int] = {}
    for q in chosen:
        kind = "single" if q.term.startswith("n:") else "several"
        by_kind[kind] = by_kind.get(kind, 0) + 1
    assert by_kind == {"single": MAX_QUERY_TERMS, "several": MAX_QUERY_TERMS}
    # rarest first: the 30 least frequent multi-document terms, no broad or capped ones
    assert {q.term for q in chosen if q.term.startswith("k:")} == {f"k:word{i}" for i in range(30)}
    assert bar >= MIN_PEER_SCORE
    # a posting budget stops long lists even under the term limit
    chosen, _ = select_query_terms([(i, f"k:b{i}", 4_000) for i in range(10)], total)
    assert len(chosen) == MAX_POSTINGS_READ // 4_000


def test_a_name_and_its_surname_count_once(store: DocumentStore) -> None:
    # 200 other documents make each shared name rare enough (idf ≈ 4.6) that
    # two of them would pass the bar: the test then depends on the grouping.
    store.bulk_put([article(n) for n in range(200)])
    one, _ = store.put(Document(text="Minister Talia Vorenko spoke in Kelmar. Vorenko left early."))
    two = Document(text="Nobody expected Talia Vorenko at the fair. Vorenko smiled at reporters.")
    # They share one person only ("n:talia vorenko" and "n:vorenko"): not enough.
    assert store.peers(two) == []
    # One person and one place are two pieces of evidence.
    three = Document(text="Talia Vorenko returned to Kelmar. Vorenko smiled at reporters.")
    (peer,) = store.peers(three)
    assert peer.id == one.id
    assert set(peer.shared) == {"n:talia vorenko", "n:vorenko", "n:kelmar"}
