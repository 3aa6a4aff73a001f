"""Which pairs of a story's documents may be copies: a cheap filter before the alignment.

Aligning two documents costs about a millisecond; a story of a thousand
documents has half a million pairs, of which a handful are copies. A copy has
at least `MIN_ALIGNED` substantive sentences (or a share of them) that each
rewrite a run of at most `MAX_WINDOW` of the original's sentences, and a
rewrite keeps most of a sentence's particular words (names, numbers, the rare
words of one passage). So each document is sketched once and the story is
joined through an inverted index:

- a word's **stem** is its first `STEM` letters when it is a word of letters
  longer than that, else the word: the alignment matches words by a prefix of
  at least four letters ("iranian" and "iran" share a stem); numbers and short
  words match exactly;
- a substantive sentence's **anchors** are its `ANCHORS` stems found in the
  fewest documents of the story (then by spelling), among those found in at
  least one other document (a typo of the copy's own is no anchor);
- a sentence **hits** another document when `ANCHOR_HITS` of its anchors lie
  in one block of `BLOCK` consecutive sentences of it; blocks are laid twice,
  the second tiling shifted by half a block, so that every run of at most
  `MAX_WINDOW` sentences (what a sentence is aligned with) lies within one
  block;
- a pair is a **candidate** when the sentences of each that hit the other,
  each counted as a share of the aligned sentences a copy of it needs, add up
  to at least `HIT_SHARE` (a copy's sentences hit its original, and the
  original's hit the copy).

Only candidates are aligned. The story's index maps each stem to the blocks
of all documents that have it; the blocks a sentence hits are intersections
of its anchors' postings, computed at C speed from the two smallest
(`_in_enough`). A posting grows with the story, so the join is the part of
the filter that grows faster than the story (about a second of CPU for a
story of a thousand PolNeAR articles, a twentieth of that for a hundred).
A family of many copies of one text makes that many candidates, as it must.

Checked on the benchmarks (`benchmarks/copies.py`): every relation that the
alignment of every pair finds among the seeds, the 20-document synthetic story
of rewrites and the PolNeAR articles is among the candidates, which are 46 of
190 pairs and 625 of 426,426.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import reduce
from itertools import combinations
from typing import NamedTuple

from .profile import COPY_SHARE, MAX_SENTENCES, MAX_WINDOW, MIN_ALIGNED, Profile

STEM = 4
ANCHORS = 4
ANCHOR_HITS = 3
HIT_SHARE = 0.5
# Two tilings of blocks of `BLOCK` sentences, the second shifted by `BLOCK // 2`: every run of
# at most `BLOCK // 2 + 1` sentences lies within a block of one of them.
BLOCK = 2 * (MAX_WINDOW - 1)
_SHIFT = (2 * MAX_SENTENCES) // BLOCK + 4  # bits above which a document's number is kept
_BITS = _SHIFT.bit_length()
# A sentence's anchors are picked by sorting its stems, or from a heap when it has more
# than this many (a table or a dump read as one sentence).
_SORTED = 64


class Sketch(NamedTuple):
    """A document for the filter (see the module docstring)."""

    # Stem -> the blocks (of both tilings) that have it.
    blocks: dict[str, tuple[int, ...]]
    # The stems of each substantive sentence, each once (tuples, not sets: a story keeps
    # thousands of them, and the garbage collector skips tuples of strings).
    sentences: tuple[tuple[str, ...], ...]
    # The aligned sentences a copy of this document needs (see `HIT_SHARE`).
    hits_needed: int


def stem(word: str) -> str:
    return word[:STEM] if len(word) > STEM and word.isalpha() else word


def sketch(profile: Profile) -> Sketch:
    """The document's stems, by block, and its substantive sentences' stems."""
    blocks: defaultdict[str, set[int]] = defaultdict(set)
    sentences: list[tuple[str, ...]] = []
    half = BLOCK // 2
    for k, s in enumerate(profile.sentences):
        mine = frozenset(map(stem, s.words))
        here = (2 * (k // BLOCK), 2 * ((k + half) // BLOCK) + 1)
        for w in mine:
            blocks[w].update(here)
        if s.substantive:
            sentences.append(tuple(mine))
    m = profile.substantive
    # The aligned sentences a copy needs (all of them when it has fewer), as `align` counts.
    needed = min(m, max(MIN_ALIGNED, math.ceil(COPY_SHARE * m - 1e-9)))
    return Sketch({w: tuple(b) for w, b in blocks.items()}, tuple(sentences), max(1, needed))


def _in_enough(sets: list[frozenset[int]]) -> frozenset[int]:
    """The blocks in at least `ANCHOR_HITS` of `sets` (smallest first).

    A set intersection costs the size of the smaller set, and the anchors' blocks
    grow with the story: the three of four is done with intersections that start
    from the two smallest sets (a block in three of four is in both of the first
    two, or in both of the last two and one of the first two).
    """
    if len(sets) == ANCHOR_HITS:
        return reduce(frozenset.intersection, sets)
    if len(sets) == 4 and ANCHOR_HITS == 3:
        s0, s1, s2, s3 = sets
        first = s0 & s1
        if len(s2) < len(s0) + len(s1):
            last = s2 & s3
            return (first & s2) | (first & s3) | (last & s0) | (last & s1)
        return (first & s2) | (first & s3) | (s0 & s2 & s3) | (s1 & s2 & s3)
    return frozenset().union(
        *(reduce(frozenset.intersection, c) for c in combinations(sets, ANCHOR_HITS))
    )


def candidate_pairs(sketches: Sequence[Sketch]) -> set[tuple[int, int]]:
    """The pairs (i, j), i < j, of documents that may be copies of each other (module doc)."""
    postings: defaultdict[str, list[int]] = defaultdict(list)
    documents: defaultdict[str, int] = defaultdict(int)
    for i, s in enumerate(sketches):
        base = i << _BITS
        for w, blocks in s.blocks.items():
            postings[w].extend(map(base.__or__, blocks))
            documents[w] += 1
    # Each stem's rank by rarity (documents that have it, then spelling), a stem found in
    # one document only ranked last; sorting by it reads the anchors at C speed.
    ranked = sorted(documents, key=lambda w: (documents[w] < 2, documents[w], w))
    rank = {w: k for k, w in enumerate(ranked)}
    last = next((k for k, w in enumerate(ranked) if documents[w] < 2), len(ranked))
    # A stem of one document is never an anchor.
    having = {w: frozenset(b) for w, b in postings.items() if documents[w] > 1}
    share: defaultdict[tuple[int, int], float] = defaultdict(float)
    for i, s in enumerate(sketches):
        hits: Counter[int] = Counter()
        seen: dict[tuple[str, ...], frozenset[int]] = {}
        for words in s.sentences:
            anchors = (
                sorted(words, key=rank.__getitem__)[:ANCHORS]
                if len(words) <= _SORTED
                else heapq.nsmallest(ANCHORS, words, key=rank.__getitem__)
            )
            while anchors and rank[anchors[-1]] >= last:
                anchors.pop()  # found in this document only
            if len(anchors) < ANCHOR_HITS:
                continue
            key = tuple(anchors)
            hit = seen.get(key)
            if hit is None:
                found = _in_enough(sorted([having[w] for w in anchors], key=len))
                hit = seen[key] = frozenset(map(_BITS.__rrshift__, found)) - {i}  # documents
            hits.update(hit)
        for j, count in hits.items():
            share[(i, j) if i < j else (j, i)] += count / s.hits_needed
    return {pair for pair, total in share.items() if total >= HIT_SHARE}
