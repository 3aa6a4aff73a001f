"""Copied coverage: `derivation` and `derivations` on the seeds and on constructed stories."""

from __future__ import annotations

import itertools

import msgspec
import pytest
from copies_texts import BANK_A, BANK_B, INDEPENDENT, ORIGINAL, REWRITE, STATEMENT
from reliability_heuristics.originality.heuristic import (
    Derivation,
    derivation,
    derivations,
    overlap,
)
from reliability_heuristics.originality.profile import COPY_SHARE
from reliability_heuristics.originality.relation import story_relations

from reliability import Analysis, Context, Document, make_document


def analysis(text: str, **metadata: object) -> Analysis:
    return Analysis(make_document(text, **metadata))


def check_pairs(found: Derivation, copy: Analysis, original: Analysis) -> None:
    """Every pair spans whole sentences of the copy and a run of whole sentences of the original."""
    assert (found.copy_id, found.original_id) == (copy.id, original.id)
    copy_sentences = {(s.start, s.end) for s in copy.sentences}
    starts = {s.start for s in original.sentences}
    ends = {s.end for s in original.sentences}
    for p in found.pairs:
        assert (p.start, p.end) in copy_sentences
        assert p.other_start in starts and p.other_end in ends
        assert 0 <= p.other_start < p.other_end <= len(original.text)
        assert copy.text[p.start : p.end].strip() == copy.text[p.start : p.end]
        assert 0.0 < p.similarity <= 1.0


@pytest.fixture(scope="module")
def seed_story(seeds: dict[str, Document]) -> dict[str, Analysis]:
    return {k: Analysis(d) for k, d in seeds.items()}


def test_seed_001_is_an_uncredited_rewrite_of_002(seed_story: dict[str, Analysis]) -> None:
    copy, original = seed_story["001"], seed_story["002"]
    found = derivation(copy, original)
    assert found is not None
    check_pairs(found, copy, original)
    assert len(found.pairs) >= 8
    assert found.share >= 0.6
    assert not found.credited and found.credit is None
    # Undated, so the direction comes from the shares: most of 001 is in 002, not the reverse.
    assert found.basis == "share"
    texts = [copy.text[p.start : p.end] for p in found.pairs]
    assert any("Zicotrans" in t for t in texts)
    by_copy = {
        copy.text[p.start : p.end]: original.text[p.other_start : p.other_end] for p in found.pairs
    }
    treaty = next(t for t in by_copy if "strategic cooperation treaty" in t)
    assert "ratified a strategic cooperation treaty" in by_copy[treaty]
    # The same answer whichever document comes first.
    assert derivation(original, copy) == found


def test_no_other_pair_of_seeds_is_a_copy(seed_story: dict[str, Analysis]) -> None:
    found = derivations(list(seed_story.values()))
    assert [(d.copy_id, d.original_id) for d in found] == [
        (seed_story["001"].id, seed_story["002"].id)
    ]
    for a, b in itertools.combinations(sorted(seed_story), 2):
        if {a, b} != {"001", "002"}:
            assert derivation(seed_story[a], seed_story[b]) is None, (a, b)


def test_a_paraphrase_with_typos_is_found() -> None:
    original = analysis(ORIGINAL, outlet="Harborview Gazette", published="2025-10-14")
    copy = analysis(REWRITE, outlet="Daily Digest", published="2025-10-15")
    found = derivation(original, copy)
    assert found is not None
    check_pairs(found, copy, original)
    assert found.basis == "dates"
    assert found.share == 1.0  # every reported sentence of the rewrite comes from the original
    assert not found.credited
    pairs = {
        copy.text[p.start : p.end]: original.text[p.other_start : p.other_end] for p in found.pairs
    }
    # A typo ("distrcit") and reordering do not hide a sentence.
    first = next(t for t in pairs if "distrcit" in t)
    assert pairs[first].startswith("The Harborview city council voted 7-2")
    wetlands = next(t for t in pairs if "wetland" in t)
    assert pairs[wetlands].startswith("Environmental groups have asked")


def test_direction_follows_publication_dates() -> None:
    # Dated the other way round, the longer text is the later one, so it is the copy.
    original = analysis(ORIGINAL, published="2025-10-16")
    copy = analysis(REWRITE, published="2025-10-15")
    found = derivation(copy, original)
    assert found is not None
    assert (found.copy_id, found.basis) == (original.id, "dates")
    check_pairs(found, original, copy)


def test_undated_near_identical_texts_are_undetermined() -> None:
    a = analysis(ORIGINAL)
    b = analysis(ORIGINAL.replace("Tuesday", "Tuesday evening").replace("roughly", "about"))
    found = derivation(a, b)
    assert found is not None
    assert found.basis == "undetermined"
    assert found.share == 1.0
    assert derivation(b, a) == found


def test_independent_coverage_of_the_same_story_is_not_a_copy() -> None:
    original = analysis(ORIGINAL)
    assert derivation(analysis(INDEPENDENT), original) is None
    assert derivation(analysis(INDEPENDENT), analysis(REWRITE)) is None


def test_sharing_a_long_quotation_is_not_copying() -> None:
    a, b = analysis(BANK_A), analysis(BANK_B)
    assert STATEMENT in a.text and STATEMENT in b.text
    assert derivation(a, b) is None


def test_a_copy_made_mostly_of_the_same_quotation_is_still_not_a_copy() -> None:
    quoted = "\n\n".join([STATEMENT] * 4)
    a = analysis(f"The bank kept rates on hold on Thursday.\n\n{quoted}")
    b = analysis(f"Rates were unchanged again this week.\n\n{quoted}")
    assert derivation(a, b) is None


CREDITS = [
    ("The Harborview Gazette", {"outlet": "The Harborview Gazette"}, "Harborview Gazette"),
    ("according to Reuters", {"outlet": "Reuters"}, "Reuters"),
    (
        "as first reported by harborviewgazette.com",
        {"outlet": "harborviewgazette.com"},
        "harborviewgazette.com",
    ),
    (
        "(harborviewgazette.com/news/flood-barrier-vote)",
        {"url": "https://www.harborviewgazette.com/news/flood-barrier-vote/"},
        "harborviewgazette.com/news/flood-barrier-vote",
    ),
    ("the Gazette's reporter Jane Whitfield", {"author": "Jane Whitfield"}, "Jane Whitfield"),
    (
        "in the article City Council Approves $48 Million Flood Barrier for Riverside District",
        {"title": "City Council Approves $48 Million Flood Barrier for Riverside District"},
        "City Council Approves $48 Million Flood Barrier for Riverside District",
    ),
]


@pytest.mark.parametrize(("phrase", "metadata", "named"), CREDITS)
def test_credit_is_found_where_the_copy_names_the_original(
    phrase: str, metadata: dict[str, str], named: str
) -> None:
    original = analysis(ORIGINAL, published="2025-10-14", **metadata)
    credit_line = f"The details of the vote were published {phrase}."
    copy = analysis(REWRITE + "\n" + credit_line + "\n", published="2025-10-15")
    found = derivation(copy, original)
    assert found is not None and found.copy_id == copy.id
    assert found.credited
    assert found.credit is not None
    start, end = found.credit
    assert copy.text[start:end] == named
    assert copy.text.index(credit_line) <= start


@pytest.mark.parametrize(
    ("line", "metadata"),
    [
        # Another outlet, not the original's.
        ("According to a report in the Daily Ledger, the vote was close.", {"outlet": "Reuters"}),
        # The outlet's name written as ordinary words is not the outlet.
        ("Residents on the hill said the vote was close.", {"outlet": "The Hill"}),
    ],
)
def test_naming_someone_else_is_not_credit(line: str, metadata: dict[str, str]) -> None:
    original = analysis(ORIGINAL, published="2025-10-14", **metadata)
    copy = analysis(REWRITE + "\n" + line + "\n", published="2025-10-15")
    found = derivation(copy, original)
    assert found is not None and not found.credited and found.credit is None


def test_a_copied_headline_is_not_credit() -> None:
    title = "City Council Approves $48 Million Flood Barrier for Riverside District"
    original = analysis(ORIGINAL, title=title, published="2025-10-14")
    body = REWRITE.split("\n", 2)[2]
    copy = analysis(f"{title}\n\n{body}", published="2025-10-15")
    found = derivation(copy, original)
    assert found is not None and not found.credited


def test_a_copy_by_the_same_outlet_counts_as_credited() -> None:
    original = analysis(ORIGINAL, outlet="Harborview Gazette", published="2025-10-14")
    copy = analysis(REWRITE, outlet="The Harborview Gazette", published="2025-10-15")
    found = derivation(copy, original)
    assert found is not None and found.credited and found.credit is None


def test_a_story_of_many_documents() -> None:
    story = [
        analysis(ORIGINAL, published="2025-10-14"),
        analysis(REWRITE, published="2025-10-15"),
        analysis(INDEPENDENT, published="2025-10-16"),
        analysis(BANK_A),
        analysis(BANK_B),
    ]
    found = derivations(story + story[:2])  # repeated documents are compared once
    assert [(d.copy_id, d.original_id) for d in found] == [(story[1].id, story[0].id)]


def test_results_are_kept_per_story_and_depend_on_metadata() -> None:
    from reliability import Context

    original, copy = analysis(ORIGINAL), analysis(REWRITE)
    context = Context()
    first = derivation(copy, original, context)
    assert derivation(copy, original, context) is first
    assert derivation(original, copy, context) is first  # either way round
    assert derivation(copy, original) == first  # a fresh context computes it again
    # The same text with other metadata is another question.
    dated = analysis(ORIGINAL, published="2025-10-20")
    later = derivation(analysis(REWRITE, published="2025-10-01"), dated)
    assert later is not None and later.copy_id == dated.id and later.basis == "dates"


def test_short_or_identical_documents() -> None:
    a = analysis("Rates were unchanged.")
    assert derivation(a, analysis("Rates were unchanged again.")) is None
    assert derivation(a, a) is None
    assert derivations([]) == ()


def test_derivation_is_a_plain_struct() -> None:
    found = derivation(analysis(REWRITE), analysis(ORIGINAL))
    assert found is not None
    again = msgspec.json.decode(msgspec.json.encode(found), type=Derivation)
    assert again == found


def test_shared_page_furniture_is_not_copying() -> None:
    footer = (
        "\n\nSign up for our morning newsletter to get the day's top stories in your inbox."
        "\n\nShare this article on Facebook, Twitter and WhatsApp with your friends and family."
        "\n\nCopyright 2025 Harborview Media Group, all rights reserved, no reproduction permitted."
        "\n\nReporting by Jane Whitfield and Tom Adeyemi; editing by Laura Chen and Mark Oduya.\n"
    )
    assert derivation(analysis(INDEPENDENT + footer), analysis(ORIGINAL + footer)) is None
    assert derivation(analysis(BANK_A + footer), analysis(BANK_B + footer)) is None


def test_a_capitalised_one_word_outlet_is_credit() -> None:
    original = analysis(ORIGINAL, outlet="The Hill", published="2025-10-14")
    copy = analysis(
        REWRITE + "\nThe vote was first reported by The Hill.\n", published="2025-10-15"
    )
    found = derivation(copy, original)
    assert found is not None and found.credit is not None
    assert copy.text[found.credit[0] : found.credit[1]] == "Hill"


def test_a_story_compares_each_pair_once_through_the_memos() -> None:
    docs = [analysis(ORIGINAL), analysis(REWRITE), analysis(INDEPENDENT)]
    context = Context()
    first = derivations(docs, context)
    assert len(context.story_memo) == 1  # the story's relations, kept as one entry
    assert derivations(list(reversed(docs)), context) is first  # the same story
    assert len(context.story_memo) == 1
    assert "profile" in context.memo_of(docs[0]) and "sketch" in context.memo_of(docs[0])


def test_a_story_aligns_only_candidate_pairs_and_finds_every_relation(
    seed_story: dict[str, Analysis],
) -> None:
    texts = (ORIGINAL, REWRITE, INDEPENDENT, BANK_A, BANK_B, STATEMENT)
    docs = [*seed_story.values(), *(analysis(t) for t in texts)]
    story = story_relations(docs, Context())
    # Every pair aligned finds the same relations, in the same order.
    every_pair = tuple(
        d for a, b in itertools.combinations(docs, 2) if (d := derivation(a, b)) is not None
    )
    assert [(d.copy_id, d.original_id) for d in every_pair] == [
        (seed_story["001"].id, seed_story["002"].id),
        (docs[6].id, docs[5].id),
    ]
    assert story.derivations == every_pair
    # Of the 55 pairs, only those sharing particular words sentence by sentence are aligned.
    assert len(every_pair) <= story.candidates <= 5
    assert story.by_document[docs[6].id] == (every_pair[1],)


def test_overlap_measures_both_directions(seed_story: dict[str, Analysis]) -> None:
    copy_share, original_share = overlap(seed_story["001"], seed_story["002"])
    found = derivation(seed_story["001"], seed_story["002"])
    assert found is not None and copy_share == pytest.approx(found.share, abs=1e-3)
    assert original_share < copy_share
    independent = overlap(seed_story["000"], seed_story["003"])
    assert max(independent) < COPY_SHARE


def test_the_filter_finds_the_blocks_with_enough_anchors() -> None:
    """The filter's join, done from the smallest postings, finds exactly the blocks that
    hold `ANCHOR_HITS` of a sentence's anchors, whichever postings are large."""
    import random

    from reliability_heuristics.originality.candidates import ANCHOR_HITS, _in_enough

    rng = random.Random(7)
    for _ in range(300):
        k = rng.choice((ANCHOR_HITS, ANCHOR_HITS + 1))
        sets = sorted(
            (frozenset(rng.sample(range(60), rng.randint(0, 40))) for _ in range(k)), key=len
        )
        expected = {b for b in range(60) if sum(b in s for s in sets) >= ANCHOR_HITS}
        assert _in_enough(sets) == expected
