"""Grouping documents into stories (`reliability.stories`), in memory, by the peer index's rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import SEEDS, load_seed

from reliability.analysis import Analysis
from reliability.document import Document, make_document
from reliability.store.peering import published_day
from reliability.store.sqlite import SQLiteStore
from reliability.store.terms import story_terms
from reliability.stories import MAX_STORY_SIZE, Indexed, find_peers, group_stories

# A second story (a river flood), three outlets' coverage of it, and two unrelated
# pieces; written for these tests.
FLOOD = [
    "RIVERTON — The Millbrook River broke through a levee north of Riverton on Tuesday, "
    "forcing the evacuation of about 3,000 residents, Mayor Ana Kowalczyk said. Sandbag "
    "crews worked through the night along Harbor Road. Kowalczyk said the city had opened "
    "shelters at Lincoln High School and the Oakdale community centre. The National Weather "
    "Service said rainfall in the Millbrook valley reached 180 millimetres in two days. "
    "Fire chief Tomas Vidal said rescue boats reached stranded families on Willow Street.",
    "Floodwater from the Millbrook River swamped neighbourhoods of Riverton after a levee "
    "failed, and Mayor Ana Kowalczyk ordered residents of Harbor Road and Willow Street to "
    "leave. Fire chief Tomas Vidal said crews rescued families by boat. Shelters opened at "
    "Lincoln High School and in Oakdale, Kowalczyk said. Rainfall across the Millbrook "
    "valley broke records, the National Weather Service reported, and sandbag lines held "
    "in the city centre.",
    "Riverton residents returned to sandbag lines on Wednesday as the Millbrook River "
    "stayed high after Tuesday's levee breach. Mayor Ana Kowalczyk thanked volunteers at "
    "the Lincoln High School shelter. Vidal, the fire chief, said Willow Street and Harbor "
    "Road remained closed and that the Oakdale shelter had room for 400 more people. The "
    "National Weather Service forecast more rainfall for the Millbrook valley.",
]
OTHERS = [
    "The Hollis Chamber Orchestra opened its season with a new cello concerto by the "
    "composer Mirela Santos, conducted by Peter Lindqvist at the Granary Hall. Critics "
    "praised the soloist, Daniel Okafor, and the orchestra's brass section.",
    "Shares of Kestrel Logistics fell 8 percent after the freight company cut its annual "
    "forecast, citing weaker demand for warehouse space. Chief executive Helen Marsh told "
    "analysts the company would close two depots in Nebraska.",
]


def _seeds() -> list[Document]:
    return [load_seed(p.name[:3]) for p in sorted(SEEDS.glob("*.json"))]


def _indexed(documents: list[Document]) -> list[Indexed]:
    return [Indexed(story_terms(Analysis(d)), published_day(d)) for d in documents]


def test_coverage_of_each_story_is_grouped_and_unrelated_pieces_stand_alone():
    documents = [*_seeds(), *(make_document(t) for t in FLOOD), *(make_document(t) for t in OTHERS)]
    stories = group_stories(_indexed(documents))
    assert stories == [[0, 1, 2, 3, 4], [5, 6, 7], [8], [9]]


def test_peers_are_the_ones_the_store_finds_with_the_same_documents_stored(tmp_path: Path):
    documents = [*_seeds(), *(make_document(t) for t in FLOOD), *(make_document(t) for t in OTHERS)]
    with SQLiteStore(tmp_path / "store.sqlite3") as store:
        store.bulk_put(documents)
        from_store = [[p.id for p in store.peers(d)] for d in documents]
    ids = [d.doc_id for d in documents]
    in_memory = [[ids[i] for i in peers] for peers in find_peers(_indexed(documents))]
    assert in_memory == from_store
    assert any(in_memory)  # the corpus has peers at all


def test_dated_documents_beyond_the_window_are_not_peers():
    terms = ["n:ana kowalczyk", "n:riverton", "n:millbrook", "k:levee", "k:sandbag"]
    docs = [
        Indexed(terms, "2024-01-01"),
        Indexed(terms, "2024-01-20"),
        Indexed(terms, "2025-06-01"),
    ]
    docs += [Indexed([f"k:filler{i}", f"n:other{i}"]) for i in range(60)]  # make the terms rare
    assert group_stories(docs)[:2] == [[0, 1], [2]]
    # An undated document is never kept out by the window.
    undated = [Indexed(terms, None), *docs[1:]]
    assert group_stories(undated)[0] == [0, 1, 2]


def test_a_story_too_large_is_cut_in_publication_order_into_near_equal_parts():
    terms = ["n:ana kowalczyk", "n:riverton", "n:millbrook", "k:levee", "k:sandbag"]
    size = 2 * MAX_STORY_SIZE + 3
    # Dated backwards, so publication order is the reverse of input order.
    docs = [Indexed(terms, f"2024-02-{28 - i:02d}") for i in range(size)]
    docs += [Indexed([f"k:filler{i}", f"n:other{i}"]) for i in range(300)]
    stories = group_stories(docs)
    big = [s for s in stories if len(s) > 1]
    assert sorted(len(s) for s in big) == [15, 15, 15]
    assert all(len(s) <= MAX_STORY_SIZE for s in stories)
    assert sorted(i for s in big for i in s) == list(range(size))
    # The earliest-published documents (the last ones given) are together.
    assert set(range(size - 15, size)) in [set(s) for s in big]


def test_every_document_is_in_exactly_one_story():
    docs = [Indexed([]), Indexed(["k:levee"]), Indexed(["k:levee", "n:riverton"])]
    stories = group_stories(docs)
    assert sorted(i for s in stories for i in s) == [0, 1, 2]
    with pytest.raises(ValueError):
        group_stories(docs, max_size=0)
