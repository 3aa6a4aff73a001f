"""The sentence alignment behind copy detection: scored all at once, it must give what
reading sentence by sentence gives, and its early exits must never drop a copy."""

from __future__ import annotations

import itertools
import math

import pytest
from copies_texts import BANK_A, BANK_B, INDEPENDENT, ORIGINAL, REWRITE
from reliability_heuristics.originality import align as aligning
from reliability_heuristics.originality import profile as profiles
from reliability_heuristics.originality.heuristic import derivation, overlap

from reliability import Analysis, Document, make_document


def analysis(text: str, **metadata: object) -> Analysis:
    return Analysis(make_document(text, **metadata))


def sentence_by_sentence(
    copy: profiles.Profile,
    mine: aligning.Spelt,
    original: aligning.Spelt,
    weight: dict[str, float],
) -> list[tuple[int, float, int, int]]:
    """The alignment as the module documents it, one sentence and one run at a time."""

    def mass(words: frozenset[str]) -> float:
        return sum(weight[w] for w in words)

    theirs = original.sentences
    n = len(theirs)
    aligned = []
    for i, sentence in enumerate(copy.sentences):
        if not sentence.substantive:
            continue
        words = frozenset(mine.sentences[i])
        shared: dict[int, int] = {}
        for w in words:
            for j in original.postings.get(w, ()):
                shared[j] = shared.get(j, 0) + 1
        candidates = sorted(
            (j for j, k in shared.items() if k >= profiles.MIN_SHARED_WORDS),
            key=lambda j: (shared[j], -j),
        )[-profiles.MAX_CANDIDATES :]
        best = (0.0, 0, 0)
        for j in candidates:
            for lo in range(max(0, j - profiles.MAX_WINDOW + 1), j + 1):
                for hi in range(j + 1, min(n, lo + profiles.MAX_WINDOW) + 1):
                    if not theirs[lo] or not theirs[hi - 1]:
                        continue
                    run = frozenset().union(*theirs[lo:hi])
                    value = 2 * mass(words & run) / (mass(words) + sum(map(mass, theirs[lo:hi])))
                    if value > best[0] + 1e-12:
                        best = (value, lo, hi)
        if best[0] >= profiles.SENTENCE_SIMILARITY:
            aligned.append((i, *best))
    return aligned


def both_ways(a: Analysis, b: Analysis) -> None:
    pa, pb = profiles.profile(a), profiles.profile(b)
    if len(pa.vocabulary) <= len(pb.vocabulary):
        words_a, words_b = aligning.in_spelling_of(pa, pb), aligning.own(pb)
    else:
        words_a, words_b = aligning.own(pa), aligning.in_spelling_of(pb, pa)
    weight = aligning.weights(words_a, words_b)
    side_a, side_b = aligning.sides(words_a, words_b, weight)
    for copy, mine, theirs, spelt_mine, spelt_theirs in (
        (pa, side_a, side_b, words_a, words_b),
        (pb, side_b, side_a, words_b, words_a),
    ):
        expected = sentence_by_sentence(copy, spelt_mine, spelt_theirs, weight)
        found = aligning.align(copy, mine, theirs)
        assert found is not None
        assert [(i, lo, hi) for i, _, lo, hi in found] == [(i, lo, hi) for i, _, lo, hi in expected]
        for (_, got, _, _), (_, want, _, _) in zip(found, expected, strict=True):
            assert got == pytest.approx(want, abs=1e-12)


def test_all_at_once_equals_sentence_by_sentence_on_constructed_coverage() -> None:
    texts = [ORIGINAL, REWRITE, INDEPENDENT, BANK_A, BANK_B]
    for a, b in itertools.combinations(texts, 2):
        both_ways(analysis(a), analysis(b))


def test_all_at_once_equals_sentence_by_sentence_on_the_seeds(
    seeds: dict[str, Document],
) -> None:
    story = [Analysis(d) for d in seeds.values()]
    for a, b in itertools.combinations(story, 2):
        both_ways(a, b)


# Ten sentences of one report, and ten of another on an unrelated subject: a copy made of
# some of the first and the rest of the second is exactly as much a copy as its share.
REPORT = [
    "The regional water authority approved a new reservoir near Millbrook on Thursday evening.",
    "Engineers estimate the reservoir will hold eighty billion litres once the dam is finished.",
    "Farmers downstream have complained for years that summer droughts ruin their harvests.",
    "The authority chairwoman Dana Whitfield promised compensation for flooded pasture land.",
    "Construction crews will begin clearing forest along the valley floor in early autumn.",
    "Environmental campaigners fear the project will destroy nesting grounds of rare herons.",
    "The national treasury agreed to cover half the projected construction budget last month.",
    "Residents of Millbrook voted narrowly in favour of the scheme at a packed town meeting.",
    "Opponents plan to challenge the planning permission before the administrative court.",
    "Officials expect the first water deliveries to nearby towns within four years.",
]
UNRELATED = [
    "A violinist from Porto won the international chamber music competition in Vienna.",
    "Her performance of a forgotten baroque sonata moved several jurors to tears.",
    "The competition attracts young musicians from more than forty conservatories.",
    "Last year the winner signed a recording contract with a prominent classical label.",
    "Organisers said ticket sales for the final concert broke every previous record.",
    "The violinist plans to spend the prize money on restoring an antique instrument.",
    "She began lessons at six, encouraged by a grandfather who repaired old pianos.",
    "Critics praised the unusual programme, which mixed folk melodies with fugues.",
    "Next season she will tour Japan, Brazil and Canada with a touring string quartet.",
    "The jury president called the standard of this year's finalists remarkably high.",
]


def partial_copy(copied: int) -> tuple[Analysis, Analysis]:
    """The report, and a later article whose last `copied` sentences are the report's."""
    original = analysis(" ".join(REPORT), published="2025-03-01")
    own = UNRELATED[: len(REPORT) - copied]
    copy = analysis(" ".join(own + REPORT[:copied]), published="2025-03-02")
    return copy, original


def test_a_copy_at_the_threshold_is_found() -> None:
    # A copy needs 40% of its substantive sentences: 4 of 10, here its last four, after
    # six sentences that align with nothing (as many misses as it can afford).
    needed = math.ceil(profiles.COPY_SHARE * len(REPORT))
    copy, original = partial_copy(needed)
    found = derivation(copy, original)
    assert found is not None
    assert (found.copy_id, found.original_id, found.basis) == (copy.id, original.id, "dates")
    assert len(found.pairs) == needed and found.share == pytest.approx(needed / len(REPORT))
    for p in found.pairs:
        assert copy.text[p.start : p.end] == original.text[p.other_start : p.other_end]
    assert overlap(copy, original) == (needed / len(REPORT), needed / len(REPORT))


def test_one_sentence_short_of_the_threshold_is_not_a_copy() -> None:
    needed = math.ceil(profiles.COPY_SHARE * len(REPORT))
    copy, original = partial_copy(needed - 1)
    assert derivation(copy, original) is None
    # The sentences still align: only the share is too small.
    share = (needed - 1) / len(REPORT)
    assert overlap(copy, original) == (share, share)


def test_a_long_copy_is_found_and_aligned_with_its_own_part(seeds: dict[str, Document]) -> None:
    # The five seed articles end to end, and a later copy of the last two.
    texts = [seeds[k].text for k in sorted(seeds)]
    original = analysis("\n\n".join(texts), published="2025-11-01")
    copy = analysis("\n\n".join(texts[3:]), published="2025-11-02")
    both_ways(copy, original)
    found = derivation(copy, original)
    assert found is not None and (found.copy_id, found.original_id) == (copy.id, original.id)
    assert found.share == 1.0
    part = original.text.index(texts[3])
    for p in found.pairs:
        assert original.text[p.other_start : p.other_end] == copy.text[p.start : p.end]
        assert p.other_start >= part
