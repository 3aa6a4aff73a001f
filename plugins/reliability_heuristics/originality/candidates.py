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
  in one run of at most `MAX_WINDOW` consecutive sentences of it;
- a pair is a **candidate** when, one way round, the sentences that hit the
  other number at least `HIT_SHARE` of the aligned sentences a copy needs.

Only candidates are aligned. The documents a sentence may hit are found
through the index of its `ANCHORS - ANCHOR_HITS + 1` rarest anchors only (a
document with `ANCHOR_HITS` of its anchors has one of those), so the join
costs the sum of those anchors' document counts: about linear in the story
for real coverage, whose sentences each have words few other documents use.
A family of many copies of one text makes that many candidates, as it must.

Checked on the benchmarks (`benchmarks/copies.py`): every relation that the
alignment of every pair finds among the seeds, the 20-document synthetic story
of rewrites and the PolNeAR articles is among the candidates, which are 46 of
190 pairs and about 600 of 426,000.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from .profile import COPY_SHARE, MAX_WINDOW, MIN_ALIGNED, Profile

STEM = 4
ANCHORS = 4
ANCHOR_HITS = 3
HIT_SHARE = 1 / 3


class Sketch(NamedTuple):
    """A document for the filter (see the module docstring)."""

    # Stem -> the sentences that have it, in order.
    where: dict[str, tuple[int, ...]]
    # The stems of each substantive sentence.
    sentences: tuple[frozenset[str], ...]
    # Sentences that must hit another document for the pair to be a candidate this way.
    hits_needed: int


def stem(word: str) -> str:
    return word[:STEM] if len(word) > STEM and word.isalpha() else word


def sketch(profile: Profile) -> Sketch:
    """The document's stems, by sentence, and its substantive sentences' stems."""
    where: defaultdict[str, list[int]] = defaultdict(list)
    sentences: list[frozenset[str]] = []
    for k, s in enumerate(profile.sentences):
        mine = frozenset(map(stem, s.words))
        for w in mine:
            where[w].append(k)
        if s.substantive:
            sentences.append(mine)
    m = profile.substantive
    # The aligned sentences a copy needs (all of them when it has fewer), as `align` counts.
    needed = min(m, max(MIN_ALIGNED, math.ceil(COPY_SHARE * m - 1e-9)))
    return Sketch(
        {w: tuple(ks) for w, ks in where.items()},
        tuple(sentences),
        max(1, math.ceil(HIT_SHARE * needed - 1e-9)),
    )


def _in_one_run(anchors: Sequence[str], where: dict[str, tuple[int, ...]]) -> bool:
    """Whether `ANCHOR_HITS` of the anchors lie in one run of `MAX_WINDOW` sentences."""
    found = sorted((k, w) for w in anchors for k in where.get(w, ()))
    lo = 0
    for hi in range(len(found)):
        while found[hi][0] - found[lo][0] >= MAX_WINDOW:
            lo += 1
        if hi - lo + 1 >= ANCHOR_HITS and len({w for _, w in found[lo : hi + 1]}) >= ANCHOR_HITS:
            return True
    return False


def candidate_pairs(sketches: Sequence[Sketch]) -> set[tuple[int, int]]:
    """The pairs (i, j), i < j, of documents that may be copies of each other (module doc)."""
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sketches):
        for w in s.where:
            postings[w].append(i)
    frequency = {w: len(docs) for w, docs in postings.items()}
    pairs: set[tuple[int, int]] = set()
    for i, s in enumerate(sketches):
        hits: defaultdict[int, int] = defaultdict(int)
        for words in s.sentences:
            anchors = sorted((w for w in words if frequency[w] > 1), key=lambda w: (frequency[w], w))
            anchors = anchors[:ANCHORS]
            if len(anchors) < ANCHOR_HITS:
                continue
            others = {
                j for w in anchors[: len(anchors) - ANCHOR_HITS + 1] for j in postings[w] if j != i
            }
            for j in others:
                where = sketches[j].where
                if sum(w in where for w in anchors) >= ANCHOR_HITS and _in_one_run(anchors, where):
                    hits[j] += 1
        for j, count in hits.items():
            if count >= s.hits_needed:
                pairs.add((i, j) if i < j else (j, i))
    return pairs
