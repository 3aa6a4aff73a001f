"""Sentence alignment of two profiles: which sentences of one rewrite runs of the other.

Words are spelt alike across the pair (a prefix by at most `MAX_SUFFIX`
letters, else the most similar word by `rapidfuzz.fuzz.ratio` if at least
`WORD_SIMILARITY`); a sentence's similarity to a run of one to `MAX_WINDOW`
sentences is the Dice coefficient of their words weighted by inverse sentence
frequency over the pair, scored for all sentences of a pair at once (numpy).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from itertools import chain, repeat
from typing import NamedTuple

import numpy as np

from .profile import (
    COPY_SHARE,
    MAX_CANDIDATES,
    MAX_WINDOW,
    MIN_ALIGNED,
    MIN_SHARED_WORDS,
    SENTENCE_SIMILARITY,
    WORD_SIMILARITY,
    Profile,
    end_to_end,
)


class Spelt(NamedTuple):
    """A document's sentences as sets of words in the spelling of a pair, and their index."""

    # Each sentence's words, each once (a tuple, as the profile keeps them, or a set).
    sentences: Sequence[Collection[str]]
    postings: dict[str, tuple[int, ...]]
    frequency: dict[str, int]
    vocabulary: frozenset[str]
    # The sentences' words end to end (each sentence's in its set's order), and the
    # sentence of each: what `sides` reads.
    words: tuple[str, ...]
    sentence_of: np.ndarray


def own(a: Profile) -> Spelt:
    return Spelt(
        [s.words for s in a.sentences],
        a.postings,
        a.frequency,
        a.vocabulary,
        a.words,
        a.sentence_of,
    )


def in_spelling_of(a: Profile, b: Profile) -> Spelt:
    """`a`'s sentences with each word that `b` lacks spelt as its match in `b`, if any.

    A word matches a word of `b` that is a prefix of it or that it is a prefix
    of (by at most `MAX_SUFFIX` letters); else the most similar word of `b` by
    edit similarity, at least `WORD_SIMILARITY`, among those with the same
    first two letters (typos rarely touch the first letters, and the bucket
    keeps this fast).
    """
    # Imported here: only a comparison of two documents needs it, and a process that
    # scores one document alone starts faster without it.
    from rapidfuzz import fuzz, process

    theirs = b.vocabulary
    table: dict[str, str] = {}
    prefixes = a.prefixes
    extensions, matches = b.extensions, b.matches
    # Only words of letters match (`prefixes` has them all).
    for w in prefixes.keys() - theirs:
        if w in matches:
            match = matches[w]
        else:
            match = None
            for p in prefixes[w]:
                if p in theirs:
                    match = p
                    break
            else:
                match = extensions.get(w)
                choices = b.by_initial.get(w[:2]) if match is None and len(w) >= 5 else None
                if choices:
                    hit = process.extractOne(
                        w, choices, scorer=fuzz.ratio, score_cutoff=WORD_SIMILARITY
                    )
                    match = None if hit is None else hit[0]
            matches[w] = match
        if match is not None:
            table[w] = match
    if not table:
        return own(a)
    # Only the respelt words change: their postings and counts go to their match (a
    # match is a word of `b`, never itself respelt).
    index = dict(a.postings)
    frequency = dict(a.frequency)
    for w, key in table.items():
        js = index.pop(w, None)
        if js is not None:
            index[key] = tuple(sorted({*index[key], *js})) if key in index else js
        frequency[key] = frequency.get(key, 0) + frequency.pop(w)
    get = table.get
    sentences = [
        s.words if table.keys().isdisjoint(s.words) else frozenset(map(get, s.words, s.words))
        for s in a.sentences
    ]
    return Spelt(sentences, index, frequency, frozenset(frequency), *end_to_end(sentences))


def weights(a: Spelt, b: Spelt) -> dict[str, float]:
    """Each word's weight in a pair: its inverse sentence frequency over both documents.

    Words of the story that both documents use everywhere (its places and
    actors) weigh little; the particular words of one passage weigh most.
    """
    n = len(a.sentences) + len(b.sentences)
    fa, fb = a.frequency, b.frequency
    by_count = [0.0] + [math.log(1 + n / k) for k in range(1, n + 1)]
    weight = dict(zip(fa, map(by_count.__getitem__, fa.values()), strict=True))
    for w, k in fb.items():
        weight[w] = by_count[fa.get(w, 0) + k]
    return weight


def _needed(profile: Profile) -> int:
    """How many aligned sentences make a document a copy."""
    return max(MIN_ALIGNED, math.ceil(COPY_SHARE * profile.substantive - 1e-9))


class Side(NamedTuple):
    """One document of a pair as numbers over the words that both have (`sides`)."""

    # Whether each sentence has words (a run neither starts nor ends on one without).
    has_words: np.ndarray
    # Each sentence's mass: the sum of its words' weights.
    mass: np.ndarray
    # (sentence, column) of each shared word of each sentence.
    at: np.ndarray
    # The shared words (one per column), their weights, and the document's index.
    shared: list[str]
    weights: np.ndarray
    postings: dict[str, tuple[int, ...]]


def sides(a: Spelt, b: Spelt, weight: dict[str, float]) -> tuple[Side, Side]:
    """Both documents of a pair over the words they share, a column each."""
    shared = sorted(a.vocabulary & b.vocabulary)
    column = {w: k for k, w in enumerate(shared)}
    weights = np.array([weight[w] for w in shared])

    def side(spelt: Spelt) -> Side:
        n, words, sentence_of = len(spelt.sentences), spelt.words, spelt.sentence_of
        columns = np.fromiter(map(column.get, words, repeat(-1)), dtype=np.intp, count=len(words))
        # Summed in each sentence's order, as `sum` would.
        word_weights = np.fromiter(map(weight.__getitem__, words), dtype=float, count=len(words))
        return Side(
            np.bincount(sentence_of, minlength=n) > 0,
            np.bincount(sentence_of, weights=word_weights, minlength=n),
            np.stack((sentence_of[columns >= 0], columns[columns >= 0]), axis=1),
            shared,
            weights,
            spelt.postings,
        )

    return side(a), side(b)


# The runs tried through a candidate sentence j of the original, in the order they are
# tried (on a tie the first wins): (first sentence - j, number of sentences). A rewrite
# often merges or splits the original's sentences.
_RUNS = tuple(
    (lo, hi - lo) for lo in range(1 - MAX_WINDOW, 1) for hi in range(1, lo + MAX_WINDOW + 1)
)
_RUN_START = np.array([lo for lo, _ in _RUNS], dtype=np.intp)
_RUN_LENGTH = np.array([k for _, k in _RUNS], dtype=np.intp)
# Pairs of documents with at most this many pairs of sentences count the words each
# pair of sentences shares in a dense table; larger ones by sorting.
_DENSE = 1 << 18


def spread(first: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The indices `first[i] .. first[i] + count[i] - 1` of every i, end to end."""
    ends = np.cumsum(count)
    return np.repeat(first - ends + count, count) + np.arange(ends[-1] if len(ends) else 0)


class _Shared(NamedTuple):
    """The shared words of a copy's substantive sentences, in sentence order."""

    rows: np.ndarray  # each word's sentence, as a row of the substantive sentences
    columns: np.ndarray  # each word's column in the pair's shared words
    weights: np.ndarray  # each word's weight
    size: np.ndarray  # each substantive sentence's mass


def align(
    copy: Profile, mine: Side, original: Side, *, give_up: bool = False
) -> list[tuple[int, float, int, int]] | None:
    """Aligned substantive sentences of `copy`: (sentence index, similarity, run lo, run hi).

    `mine` are the copy's sentences and `original` the original's, over the
    words both have in one spelling (`in_spelling_of`, `sides`). The
    similarity is the Dice coefficient of a sentence's and a run's words, each
    word weighted (`weights`). Only runs through a sentence's candidates are
    scored: the `MAX_CANDIDATES` sentences of the original sharing most words
    with it (at least `MIN_SHARED_WORDS`, through the original's index). With
    `give_up`, None when too few sentences align for `copy` to be a copy (most
    pairs of a story are not), found before any run is scored when too few
    sentences can reach the threshold or have a candidate.

    All sentences are scored at once (numpy), in time and memory linear in the
    candidate runs and their words.
    """
    rows = np.array([i for i, s in enumerate(copy.sentences) if s.substantive], dtype=np.intp)
    m, n = len(rows), len(original.mass)
    # Given up when fewer than `needed` align and at least one does not (a document
    # with fewer substantive sentences than a copy needs is kept when all align).
    needed = min(_needed(copy), m) if give_up else 0
    if not m or not n:
        return None if needed else []
    # The shared words of the substantive sentences, in sentence order: (row, column).
    row_of = np.full(len(mine.mass), -1, dtype=np.intp)
    row_of[rows] = np.arange(m)
    at_rows = row_of[mine.at[:, 0]]
    at_columns = mine.at[at_rows >= 0, 1]
    at_rows = at_rows[at_rows >= 0]
    shared = _Shared(at_rows, at_columns, mine.weights[at_columns], mine.mass[rows])
    # Dice >= t needs shared words of mass s with 2s >= t (size + s): the words the
    # original lacks altogether settle many sentences of an independent article.
    t = SENTENCE_SIMILARITY
    mass = np.bincount(shared.rows, weights=shared.weights, minlength=m)
    hopeful = (2 - t) * mass >= t * shared.size
    if int(hopeful.sum()) < needed:
        return None
    row, j = _candidates(original, shared, hopeful, m, n)
    if np.count_nonzero(np.diff(row, prepend=-1)) < needed:
        return None
    aligned = _best_runs(rows, original, len(mine.weights), shared, row, j)
    return None if len(aligned) < needed else aligned


def _candidates(
    original: Side, shared: _Shared, hopeful: np.ndarray, m: int, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each hopeful sentence's candidates in the original, as (row, sentence) pairs.

    The sentences sharing at least `MIN_SHARED_WORDS` words with it, the
    `MAX_CANDIDATES` sharing most (then the earlier), in the order tried.
    """
    at_rows, at_columns = shared.rows, shared.columns
    # How many words each sentence shares with each sentence of the original, through
    # the original's index.
    postings = [original.postings.get(w, ()) for w in original.shared]
    count = np.fromiter(map(len, postings), dtype=np.intp, count=len(postings))
    flat = np.fromiter(chain.from_iterable(postings), dtype=np.intp, count=int(count.sum()))
    hits = count[at_columns]
    met = flat[spread((np.cumsum(count) - count)[at_columns], hits)]
    pairs = np.repeat(at_rows, hits) * n + met
    if m * n <= _DENSE:
        common = np.bincount(pairs, minlength=m * n)
        pairs = np.flatnonzero(common)
        common = common[pairs]
    else:
        pairs, common = np.unique(pairs, return_counts=True)
    keep = (common >= MIN_SHARED_WORDS) & hopeful[pairs // n]
    pairs, common = pairs[keep], common[keep]
    row, j = pairs // n, pairs % n
    # Candidates: the most shared words, then the earlier sentence; tried in ascending order.
    order = np.lexsort((-j, common, row))
    row, j = row[order], j[order]
    last = np.searchsorted(row, row, side="right") - 1  # the row's last candidate
    best_ones = last - np.arange(len(row)) < MAX_CANDIDATES
    return row[best_ones], j[best_ones]


def _best_runs(
    rows: np.ndarray,
    original: Side,
    width: int,
    shared: _Shared,
    row: np.ndarray,
    j: np.ndarray,
) -> list[tuple[int, float, int, int]]:
    """Each sentence's most similar run through its candidates, when similar enough."""
    n = len(original.mass)
    at_rows, at_columns, at_weights, size = shared
    # Every run through every candidate, in the order tried: `length` sentences from `lo`.
    slot_row = np.repeat(row, len(_RUNS))
    lo = (j[:, None] + _RUN_START).ravel()
    length = np.tile(_RUN_LENGTH, len(j))
    hi = lo + length
    # A run neither starts nor ends on a sentence without words (a heading).
    ok = (lo >= 0) & (hi <= n)
    ok[ok] &= original.has_words[lo[ok]] & original.has_words[hi[ok] - 1]
    slot_row, lo, length, hi = slot_row[ok], lo[ok], length[ok], hi[ok]
    # The mass of a sentence's words found in a run (a union: each word once).
    has = np.zeros((n + MAX_WINDOW) * width, dtype=bool)  # sentence k has column c
    has[original.at[:, 0] * width + original.at[:, 1]] = True
    first = np.searchsorted(at_rows, slot_row)
    count = np.searchsorted(at_rows, slot_row, side="right") - first
    entry = spread(first, count)
    slot = np.repeat(np.arange(len(lo)), count)
    where, span = lo[slot] * width + at_columns[entry], length[slot]
    found = has[where]
    for k in range(1, MAX_WINDOW):
        found |= (span > k) & has[where + k * width]
    common = np.bincount(slot, weights=at_weights[entry] * found, minlength=len(lo))
    # The run's mass is a sum: a word in two of its sentences counts twice.
    mass = np.zeros(n + 1)  # mass[k]: the mass of sentences [0, k)
    np.cumsum(original.mass, out=mass[1:])
    value = 2 * common / (size[slot_row] + mass[hi] - mass[lo])
    # Each sentence's best run: the first tried of the most similar. Equal similarities
    # summed in another order (a set's, which changes between processes) differ in the
    # last bits: rounded, they tie, as in the sentence-by-sentence reading (1e-12).
    order = np.lexsort((-np.round(value, 12), slot_row))  # stable: on a tie, the first tried
    best = order[np.flatnonzero(np.diff(slot_row[order], prepend=-1))]
    best = best[value[best] >= SENTENCE_SIMILARITY]
    return list(
        zip(
            rows[slot_row[best]].tolist(),
            value[best].tolist(),
            lo[best].tolist(),
            hi[best].tolist(),
            strict=True,
        )
    )
