"""Copied coverage: which documents of a story are rewrites of another.

A rewrite keeps the original's facts and order but changes the wording, adds
typos and drops the credit, so word shingles miss it. Here each substantive
sentence of one document is aligned with the most similar run of one to
`MAX_WINDOW` consecutive sentences of the other (a rewrite merges and splits
sentences), on content words only:

- a sentence's content words are its word and number tokens outside closed
  quotations (a quoted statement is its speaker's words, and two outlets
  quoting the same statement is not copying), case- and accent-folded, split
  at hyphens, without function words, as the shared analysis tokenised them;
- words are spelt alike across the pair: a word becomes a word of either
  document that is a prefix of it by at most `MAX_SUFFIX` letters ("Iranian"
  -> "iran", "supported" -> "support"), and a word one document lacks becomes
  the other's most similar word by `rapidfuzz.fuzz.ratio` if at least
  `WORD_SIMILARITY` ("distrcit" -> "district"); numbers must be equal;
- the similarity of a sentence and a run is the Dice coefficient of their
  words, each word weighted by its inverse sentence frequency over the pair
  (the story's recurring names weigh little, a passage's particular words
  most); a sentence is aligned when it reaches `SENTENCE_SIMILARITY`;
- only runs through sentences sharing `MIN_SHARED_WORDS` words with the
  sentence (the `MAX_CANDIDATES` sharing most) are tried, all sentences of a
  pair at once (numpy, over the words both documents have); a direction is
  given up before any run is scored when too few of its sentences could reach
  `SENTENCE_SIMILARITY` or have a candidate, so a story of many documents
  stays fast. A document's words, index and spelling matches are kept with
  its profile (cached by id, text and metadata) for all its pairs.

A document is a derived copy of another when at least `COPY_SHARE` of its
substantive sentences (and at least `MIN_ALIGNED`, or all of them when it has
fewer: a two-sentence brief taken whole is a copy) align with it. Headings,
sentences with fewer than `MIN_CONTENT_WORDS` content words and page
furniture (`data/copies_boilerplate.tsv`) are not substantive.

Which one is the copy: the later one when both publication dates are known
and differ; else the one that credits the other; else the one with the larger
share of its sentences aligned. When neither dates, credit nor a clear
difference in share (`SHARE_MARGIN`) decide, the relation says so with
`basis="undetermined"`. Two documents with the same id have the same text:
they are one document, not a copy.

A copy credits its original when it names the original's URL, outlet (or the
host of its URL), author, or title (outside the copy's own headline); another
version from the same outlet counts as credited. `derivation` and
`derivations` cache their results (bounded LRU) by the two documents' ids,
texts and metadata.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import threading
import unicodedata
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Sequence
from itertools import chain, repeat
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import msgspec
import numpy as np
from rapidfuzz import fuzz, process

from reliability import (
    Analysis,
    Context,
    Finding,
    Heuristic,
    Outcome,
    RelatedSpan,
    Severity,
    Span,
    hookimpl,
)
from reliability.analysis.lexicon import FUNCTION_WORDS

from reliability_heuristics.tables import read_table

__all__ = [
    "AlignedPair",
    "Derivation",
    "Originality",
    "derivation",
    "derivations",
    "overlap",
    "same_outlet",
]

# Calibrated on the seed story: the close paraphrase (001 of 002) aligns 9 of its
# 12 substantive sentences at similarity 0.51 to 0.82, while no sentence of any
# independent pair of seeds reaches 0.38; and checked on the constructed pairs in
# the tests, a 20-document synthetic story and the PolNeAR articles
# (benchmarks/copies.py).
MIN_CONTENT_WORDS = 6
MAX_WINDOW = 3
WORD_SIMILARITY = 80.0
SENTENCE_SIMILARITY = 0.45
MIN_SHARED_WORDS = 3
MAX_SUFFIX = 4
MAX_CANDIDATES = 4
COMMON_POSTINGS = 50
# Only a document's first sentences are compared: news articles have far fewer,
# and it bounds the time a pathological text can take.
MAX_SENTENCES = 1500
COPY_SHARE = 0.4
MIN_ALIGNED = 3
# Shares closer than this do not tell the copy from the original.
SHARE_MARGIN = 0.1
# Pair results are small; profiles hold a document's words, so fewer are kept.
CACHE_SIZE = 4096
PROFILE_CACHE_SIZE = 256

_DATA = Path(__file__).parent / "data"
BOILERPLATE = re.compile(
    "|".join(f"(?:{row[0]})" for row in read_table(_DATA / "copies_boilerplate.tsv", 2)),
    re.IGNORECASE,
)


class AlignedPair(msgspec.Struct, frozen=True):
    """A sentence of the copy (`start`, `end`) and the run of the original's sentences it
    rewrites (`other_start`, `other_end`), with their similarity (0..1)."""

    start: int
    end: int
    other_start: int
    other_end: int
    similarity: float


class Derivation(msgspec.Struct, frozen=True):
    """Document `copy_id` is a rewrite or copy of document `original_id`.

    `pairs`: the aligned sentences, offsets into each document's text. `share`:
    the share of the copy's substantive sentences found in the original.
    `credited`: the copy names the original (outlet, author, title or URL);
    `credit` is the span of that name in the copy when found. `basis`: what
    decided which is the copy (`dates`, `credit`, `share`, or `undetermined`
    when the two are near-identical and nothing tells them apart).
    """

    copy_id: str
    original_id: str
    pairs: tuple[AlignedPair, ...]
    share: float
    credited: bool
    credit: tuple[int, int] | None
    basis: str = "share"


# --- Per-document profile ------------------------------------------------------


class _Sentence(NamedTuple):
    start: int
    end: int
    # Content words in their document's own spelling (see `_profile`).
    words: frozenset[str]
    substantive: bool


class _Profile(NamedTuple):
    sentences: tuple[_Sentence, ...]
    substantive: int
    vocabulary: frozenset[str]
    # Each word of letters -> the prefixes it may be shortened to (see `_shortenings`).
    prefixes: dict[str, tuple[str, ...]]
    # Each such prefix -> the shortest word of the document that has it.
    extensions: dict[str, str]
    # Words of letters by their first two letters: where a fuzzy match is looked for.
    by_initial: dict[str, tuple[str, ...]]
    # Word -> the sentences that have it (words in too many sentences left out).
    postings: dict[str, tuple[int, ...]]
    # Word -> how many sentences have it.
    frequency: dict[str, int]
    # Another document's word -> its match here (see `_in_spelling_of`), or None;
    # filled as pairs are compared (the same words come up with every peer).
    matches: dict[str, str | None]
    # Every sentence's words end to end, and the sentence of each (see `_Spelt`).
    words: list[str]
    sentence_of: np.ndarray


def _fold(word: str) -> str:
    """Lower-cased (already), accents removed, possessive dropped."""
    if not word.isascii():
        word = "".join(
            c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
        )
    if word.endswith("'s"):
        word = word[:-2]
    elif word.endswith("'"):
        word = word[:-1]
    return word


@functools.lru_cache(maxsize=1 << 16)
def _shortenings(word: str) -> tuple[str, ...]:
    """The prefixes a word may be an inflection or derivation of, shortest first:
    at least four letters, at most `MAX_SUFFIX` shorter ("iranian" -> "iran")."""
    return tuple(word[:k] for k in range(max(4, len(word) - MAX_SUFFIX), len(word)))


def _content_words(doc: Analysis) -> list[list[str]]:
    """Each sentence's content words: folded, outside closed quotations, no function words."""
    sentences = doc.sentences[:MAX_SENTENCES]
    result: list[list[str]] = [[] for _ in sentences]
    if not sentences:
        return result
    # Closed outermost quotations: their words are the speaker's, not the writer's.
    quoted = [(q.inner_start, q.inner_end) for q in doc.quotations if q.depth == 0 and q.closed]
    quoted.append((len(doc.text) + 1, len(doc.text) + 1))
    q, k = 0, 0
    bounds = [(s.start, s.end) for s in sentences]
    lo, hi = bounds[0]
    function_words = FUNCTION_WORDS
    for t, w in zip(doc.tokens, doc.folded.words, strict=True):
        if t.kind != "word" and t.kind != "number":
            continue
        start = t.start
        while start >= hi:
            k += 1
            if k == len(bounds):
                return result
            lo, hi = bounds[k]
        if start < lo:
            continue
        while quoted[q][1] <= start:
            q += 1
        if quoted[q][0] <= start:
            continue
        if not w.isascii() or "'" in w:
            w = _fold(w)
        if "-" in w:
            # Hyphenated compounds are written both ways ("quarter-century", "quarter century").
            result[k].extend(p for p in w.split("-") if len(p) >= 2 and p not in function_words)
        elif len(w) >= 2 and w not in function_words:
            result[k].append(w)
    return result


def _profile(doc: Analysis) -> _Profile:
    text = doc.text
    headings = {i for i, p in enumerate(doc.paragraphs) if p.heading}
    content = _content_words(doc)
    raw = {w for words in content for w in words}
    # One spelling per document: a word becomes its shortest prefix that is also a
    # word of the document ("Venezuelan" -> "venezuela", "supported" -> "support").
    # Only words of four letters or more match by prefix or edit similarity (numbers never).
    prefixes = {w: _shortenings(w) for w in raw if len(w) >= 4 and w.isalpha()}
    spelling: dict[str, str] = {}
    for w, shorter in prefixes.items():
        for p in shorter:
            if p in raw:
                spelling[w] = p
                break
    get = spelling.get
    sentences = []
    for s, words in zip(doc.sentences[:MAX_SENTENCES], content, strict=True):
        substantive = (
            len(words) >= MIN_CONTENT_WORDS
            and s.paragraph not in headings
            and not BOILERPLATE.match(text, s.start)
        )
        # A heading is never part of an aligned run: its words are left out.
        spelt = frozenset() if s.paragraph in headings else frozenset(map(get, words, words))
        sentences.append(_Sentence(s.start, s.end, spelt, substantive))
    vocabulary = frozenset(w for s in sentences for w in s.words)
    postings, frequency = _index([s.words for s in sentences])
    words, sentence_of = _end_to_end([s.words for s in sentences])
    extensions: dict[str, str] = {}
    by_initial: dict[str, list[str]] = {}
    # Longest first, then by spelling: a set's order changes from one process to the next.
    for w in sorted(vocabulary, key=lambda w: (-len(w), w)):
        if w in prefixes:
            by_initial.setdefault(w[:2], []).append(w)
            for p in prefixes[w]:
                extensions[p] = w  # the shortest word with this prefix wins
    return _Profile(
        tuple(sentences),
        sum(1 for s in sentences if s.substantive),
        vocabulary,
        {w: prefixes[w] for w in vocabulary if w in prefixes},
        extensions,
        {k: tuple(v) for k, v in by_initial.items()},
        postings,
        frequency,
        {},
        words,
        sentence_of,
    )


def _index(
    sentences: Sequence[frozenset[str]],
) -> tuple[dict[str, tuple[int, ...]], dict[str, int]]:
    """Word -> indices of the sentences that have it, for finding candidate sentences;
    and word -> how many sentences have it.

    Words found in a great many sentences (the story's own name in a long text)
    say little about which sentence is rewritten, and would make the search
    quadratic in a long document: they have no postings, and still count in the
    similarity.
    """
    index: defaultdict[str, list[int]] = defaultdict(list)
    for j, words in enumerate(sentences):
        for w in words:
            index[w].append(j)
    postings = {w: tuple(js) for w, js in index.items() if len(js) <= COMMON_POSTINGS}
    return postings, {w: len(js) for w, js in index.items()}


# --- Sentence similarity -------------------------------------------------------


class _Spelt(NamedTuple):
    """A document's sentences as sets of words in the spelling of a pair, and their index."""

    sentences: Sequence[frozenset[str]]
    postings: dict[str, tuple[int, ...]]
    frequency: dict[str, int]
    vocabulary: frozenset[str]
    # The sentences' words end to end (each sentence's in its set's order), and the
    # sentence of each: what `_sides` reads.
    words: list[str]
    sentence_of: np.ndarray


def _end_to_end(sentences: Sequence[frozenset[str]]) -> tuple[list[str], np.ndarray]:
    """The sentences' words end to end, and the sentence of each."""
    words = [w for s in sentences for w in s]
    sizes = np.fromiter(map(len, sentences), dtype=np.intp, count=len(sentences))
    return words, np.repeat(np.arange(len(sentences)), sizes)


def _own(a: _Profile) -> _Spelt:
    return _Spelt(
        [s.words for s in a.sentences],
        a.postings,
        a.frequency,
        a.vocabulary,
        a.words,
        a.sentence_of,
    )


def _in_spelling_of(a: _Profile, b: _Profile) -> _Spelt:
    """`a`'s sentences with each word that `b` lacks spelt as its match in `b`, if any.

    A word matches a word of `b` that is a prefix of it or that it is a prefix
    of (by at most `MAX_SUFFIX` letters); else the most similar word of `b` by
    edit similarity, at least `WORD_SIMILARITY`, among those with the same
    first two letters (typos rarely touch the first letters, and the bucket
    keeps this fast).
    """
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
        return _own(a)
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
        s.words if s.words.isdisjoint(table) else frozenset(map(get, s.words, s.words))
        for s in a.sentences
    ]
    return _Spelt(sentences, index, frequency, frozenset(frequency), *_end_to_end(sentences))


def _weights(a: _Spelt, b: _Spelt) -> dict[str, float]:
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


def _needed(profile: _Profile) -> int:
    """How many aligned sentences make a document a copy."""
    return max(MIN_ALIGNED, math.ceil(COPY_SHARE * profile.substantive - 1e-9))


class _Side(NamedTuple):
    """One document of a pair as numbers over the words that both have (`_sides`)."""

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


def _sides(a: _Spelt, b: _Spelt, weight: dict[str, float]) -> tuple[_Side, _Side]:
    """Both documents of a pair over the words they share, a column each."""
    shared = sorted(a.vocabulary & b.vocabulary)
    column = {w: k for k, w in enumerate(shared)}
    weights = np.array([weight[w] for w in shared])

    def side(spelt: _Spelt) -> _Side:
        n, words, sentence_of = len(spelt.sentences), spelt.words, spelt.sentence_of
        columns = np.fromiter(map(column.get, words, repeat(-1)), dtype=np.intp, count=len(words))
        # Summed in each sentence's order, as `sum` would.
        word_weights = np.fromiter(map(weight.__getitem__, words), dtype=float, count=len(words))
        return _Side(
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


def _spread(first: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The indices `first[i] .. first[i] + count[i] - 1` of every i, end to end."""
    ends = np.cumsum(count)
    return np.repeat(first - ends + count, count) + np.arange(ends[-1] if len(ends) else 0)


def _align(
    copy: _Profile, mine: _Side, original: _Side, *, give_up: bool = False
) -> list[tuple[int, float, int, int]] | None:
    """Aligned substantive sentences of `copy`: (sentence index, similarity, run lo, run hi).

    `mine` are the copy's sentences and `original` the original's, over the
    words both have in one spelling (`_in_spelling_of`, `_sides`). The
    similarity is the Dice coefficient of a sentence's and a run's words, each
    word weighted (`_weights`). Only runs through a sentence's candidates are
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
    at_weights = mine.weights[at_columns]
    size = mine.mass[rows]
    # Dice >= t needs shared words of mass s with 2s >= t (size + s): the words the
    # original lacks altogether settle many sentences of an independent article.
    t = SENTENCE_SIMILARITY
    hopeful = (2 - t) * np.bincount(at_rows, weights=at_weights, minlength=m) >= t * size
    if int(hopeful.sum()) < needed:
        return None
    # How many words each sentence shares with each sentence of the original, through
    # the original's index.
    postings = [original.postings.get(w, ()) for w in original.shared]
    count = np.fromiter(map(len, postings), dtype=np.intp, count=len(postings))
    flat = np.fromiter(chain.from_iterable(postings), dtype=np.intp, count=int(count.sum()))
    hits = count[at_columns]
    met = flat[_spread((np.cumsum(count) - count)[at_columns], hits)]
    pairs = np.repeat(at_rows, hits) * n + met
    if m * n <= _DENSE:
        shared = np.bincount(pairs, minlength=m * n)
        pairs = np.flatnonzero(shared)
        shared = shared[pairs]
    else:
        pairs, shared = np.unique(pairs, return_counts=True)
    keep = (shared >= MIN_SHARED_WORDS) & hopeful[pairs // n]
    pairs, shared = pairs[keep], shared[keep]
    row, j = pairs // n, pairs % n
    # Candidates: the most shared words, then the earlier sentence; tried in ascending order.
    order = np.lexsort((-j, shared, row))
    row, j = row[order], j[order]
    last = np.searchsorted(row, row, side="right") - 1  # the row's last candidate
    best_ones = last - np.arange(len(row)) < MAX_CANDIDATES
    row, j = row[best_ones], j[best_ones]
    if np.count_nonzero(np.diff(row, prepend=-1)) < needed:
        return None
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
    width = len(mine.weights)
    has = np.zeros((n + MAX_WINDOW) * width, dtype=bool)  # sentence k has column c
    has[original.at[:, 0] * width + original.at[:, 1]] = True
    first = np.searchsorted(at_rows, slot_row)
    count = np.searchsorted(at_rows, slot_row, side="right") - first
    entry = _spread(first, count)
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
    best = best[value[best] >= t]
    aligned = list(
        zip(
            rows[slot_row[best]].tolist(),
            value[best].tolist(),
            lo[best].tolist(),
            hi[best].tolist(),
            strict=True,
        )
    )
    return None if len(aligned) < needed else aligned


# --- Credit --------------------------------------------------------------------


def _name_words(name: str) -> list[str]:
    """A name's words, without a leading "The" ("The Washington Post" -> Washington, Post)."""
    words = re.findall(r"\w+(?:['’.]\w+)*", name)
    if len(words) > 1 and words[0].casefold() == "the":
        words = words[1:]
    return words


def _find_name(doc: Analysis, name: str, *, capitalised: bool) -> tuple[int, int] | None:
    """Offsets of the first occurrence of `name`'s words in a row, whatever lies between
    them but letters and digits; with `capitalised`, a word capitalised in the name must
    be capitalised where it is found ("The Hill", not "the hill")."""
    words = _name_words(name)
    if not words:
        return None
    pattern = r"(?<!\w)" + r"[^\w]{1,3}".join(re.escape(w) for w in words) + r"(?!\w)"
    for m in re.finditer(pattern, doc.text, re.IGNORECASE):
        found = re.findall(r"\w+(?:['’.]\w+)*", m.group())
        if capitalised and any(
            w[:1].isupper() and not f[:1].isupper() for w, f in zip(words, found, strict=False)
        ):
            continue
        return m.start(), m.end()
    return None


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def _credit(copy: Analysis, original: Analysis) -> tuple[int, int] | None:
    """Where the copy names the original: its URL, outlet, URL host, author or title."""
    meta = original.document
    text = copy.text
    if meta.url:
        bare = re.sub(r"^[a-z]+://(www\.)?", "", meta.url.strip(), flags=re.IGNORECASE)
        bare = bare.rstrip("/")
        if len(bare) >= 8:
            at = text.lower().find(bare.lower())
            if at >= 0:
                return at, at + len(bare)
    names: list[str] = []
    if meta.outlet:
        names.append(meta.outlet)
        host = _host(meta.outlet) if "." in meta.outlet and " " not in meta.outlet else None
        if host and "." in host:
            names.append(host.rsplit(".", 1)[0])  # "venezuelanalysis.com" -> "venezuelanalysis"
    if meta.url:
        host = _host(meta.url)
        if host:
            names += [host, host.rsplit(".", 1)[0]]
    if meta.author:
        names.append(meta.author)
    for name in names:
        # Written as a name: "The Hill", not "the hill".
        found = _find_name(copy, name, capitalised=True)
        if found is not None:
            return found
    if meta.title:
        found = _find_name(copy, meta.title, capitalised=False)
        if found is not None:
            # A headline of its own that repeats the original's is copying, not credit.
            k = copy.sentence_index_at(found[0])
            own_headline = k is not None and (
                copy.paragraphs[copy.sentences[k].paragraph].heading
                or copy.sentences[k].paragraph == 0
            )
            if not own_headline:
                return found
    return None


# --- Pairwise relation, cached ---------------------------------------------------


class _LRU:
    """A small thread-safe LRU cache (the engine may run heuristics on several threads)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], object]) -> object:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = make()
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_profiles = _LRU(PROFILE_CACHE_SIZE)
_pairs = _LRU(CACHE_SIZE)


def _doc_key(doc: Analysis) -> Hashable:
    d = doc.document
    # Ids may be given by the client, so the text's hash is part of the key too.
    return (doc.id, hash(doc.text), len(doc.text), d.title, d.url, d.outlet, d.author, d.published)


def _cached_profile(doc: Analysis) -> _Profile:
    value = _profiles.get(_doc_key(doc), lambda: _profile(doc))
    assert isinstance(value, _Profile)
    return value


def _day(doc: Analysis) -> dt.date | None:
    value = doc.document.published_at
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _pair(pa: _Profile, pb: _Profile) -> tuple[_Side, _Side]:
    """Both documents in one spelling, over the words they share, with the pair's weights."""
    # The smaller vocabulary is spelt in the larger one's words: fewer look-ups, more matches.
    if len(pa.vocabulary) <= len(pb.vocabulary):
        words_a, words_b = _in_spelling_of(pa, pb), _own(pb)
    else:
        words_a, words_b = _own(pa), _in_spelling_of(pb, pa)
    return _sides(words_a, words_b, _weights(words_a, words_b))


def overlap(doc: Analysis, other: Analysis) -> tuple[float, float]:
    """The share of each document's substantive sentences that align with the other's
    (0 for a document without any), whether or not either is a copy; uncached."""
    pa, pb = _cached_profile(doc), _cached_profile(other)
    if not pa.substantive or not pb.substantive:
        return 0.0, 0.0
    side_a, side_b = _pair(pa, pb)
    ab = _align(pa, side_a, side_b) or []
    ba = _align(pb, side_b, side_a) or []
    return len(ab) / pa.substantive, len(ba) / pb.substantive


def _relation(a: Analysis, b: Analysis) -> Derivation | None:
    pa, pb = _cached_profile(a), _cached_profile(b)
    if not pa.substantive or not pb.substantive:
        return None
    side_a, side_b = _pair(pa, pb)
    ab = _align(pa, side_a, side_b, give_up=True)
    ba = _align(pb, side_b, side_a, give_up=True)
    if ab is None and ba is None:
        return None
    # One of them is a copy: the full alignment of the other decides the direction.
    ab = _align(pa, side_a, side_b) if ab is None else ab
    ba = _align(pb, side_b, side_a) if ba is None else ba
    assert ab is not None and ba is not None
    share_a = len(ab) / pa.substantive
    share_b = len(ba) / pb.substantive
    credit_ab = _credit(a, b)  # a names b
    credit_ba = _credit(b, a)
    day_a, day_b = _day(a), _day(b)
    copy_is_a: bool
    if day_a is not None and day_b is not None and day_a != day_b:
        copy_is_a, basis = day_a > day_b, "dates"
    elif (credit_ab is None) != (credit_ba is None):
        copy_is_a, basis = credit_ab is not None, "credit"
    elif abs(share_a - share_b) >= SHARE_MARGIN:
        copy_is_a, basis = share_a > share_b, "share"
    else:
        # Near-identical and nothing tells which came first: keep an order that does
        # not depend on argument order, and say that it is undetermined.
        copy_is_a, basis = (share_a, a.id) > (share_b, b.id), "undetermined"
    copy, original = (a, b) if copy_is_a else (b, a)
    cp, op = (pa, pb) if copy_is_a else (pb, pa)
    aligned = ab if copy_is_a else ba
    credit = credit_ab if copy_is_a else credit_ba
    # An outlet does not credit itself: another version of its own article is no theft.
    same = credit is None and same_outlet(copy, original)
    pairs = tuple(
        AlignedPair(
            cp.sentences[i].start,
            cp.sentences[i].end,
            op.sentences[lo].start,
            op.sentences[hi - 1].end,
            round(sim, 3),
        )
        for i, sim, lo, hi in aligned
    )
    return Derivation(
        copy_id=copy.id,
        original_id=original.id,
        pairs=pairs,
        share=round(len(aligned) / cp.substantive, 3),
        credited=credit is not None or same,
        credit=credit,
        basis=basis,
    )


def derivation(doc: Analysis, other: Analysis) -> Derivation | None:
    """If one of the two is a copy/rewrite of the other, which one and how; else None."""
    if doc.id == other.id:
        return None
    # The same answer whichever comes first, in any process.
    a, b = (doc, other) if (doc.id, doc.text) <= (other.id, other.text) else (other, doc)
    key = (_doc_key(a), _doc_key(b))
    value = _pairs.get(key, lambda: _relation(a, b))
    assert value is None or isinstance(value, Derivation)
    return value


def derivations(analyses: Sequence[Analysis]) -> tuple[Derivation, ...]:
    """Every copy relation among a story's documents (pairwise, cached)."""
    unique = list({a.id: a for a in analyses}.values())
    found = []
    for i, a in enumerate(unique):
        for b in unique[i + 1 :]:
            d = derivation(a, b)
            if d is not None:
                found.append(d)
    return tuple(found)


def clear_cache() -> None:
    """Forget cached profiles and relations."""
    _profiles.clear()
    _pairs.clear()


# --- The heuristic ----------------------------------------------------------------

# Score of a derived copy: low when it hides its source, middle when it credits it
# or when which of two near-identical documents came first is not known.
UNCREDITED_SCORE = 0.15
UNDETERMINED_SCORE = 0.5
CREDITED_SCORE = 0.6


def _label(doc: Analysis) -> str:
    """How a message names a document: “title” (outlet), else the outlet, else its id."""
    meta = doc.document
    if meta.title and meta.outlet:
        return f"“{meta.title}” ({meta.outlet})"
    if meta.title:
        return f"“{meta.title}”"
    if meta.outlet:
        return f"the {meta.outlet} article"
    return f"document {doc.id}"


def same_outlet(a: Analysis, b: Analysis) -> bool:
    """Both documents come from one outlet (a later version, a print and a web edition).

    By the outlet's name when both give one, else by their URLs' hosts.
    """
    x, y = a.document.outlet, b.document.outlet
    if x and y:
        return _name_words(x.casefold()) == _name_words(y.casefold())
    hx = _host(a.document.url) if a.document.url else None
    hy = _host(b.document.url) if b.document.url else None
    return hx is not None and hx == hy


def _has_metadata(doc: Analysis) -> bool:
    meta = doc.document
    return bool(meta.outlet or meta.title or meta.url or meta.author)


def _sentences(n: int) -> str:
    return f"{n} sentence{'' if n == 1 else 's'}"


class Originality(Heuristic):
    """Is the document a rewrite of other coverage of the story, and does it say so?

    Findings: `derived-copy` (major when uncredited, minor when credited, info
    for another version from the same outlet) with the document's rewritten
    sentences (role `copy`) and the original's (related, role `original`);
    `near-duplicate` (minor) when two undated documents are near-identical and
    nothing tells which came first; `copied-by` (info) on an original that
    others rewrite. Score: 1 for an original or independent document,
    `CREDITED_SCORE` for a credited copy, `UNDETERMINED_SCORE` for a
    near-duplicate, `UNCREDITED_SCORE` for an uncredited copy (the lowest
    applies); a copy of the same outlet's own article costs nothing. None
    without peers.
    """

    name = "originality"
    version = "0.1.0"
    description = (
        "Copied coverage: whether the document rewrites another article of the story, "
        "sentence by sentence, and whether it credits it."
    )
    default_weight = 0.7
    cross_document = True

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        # A peer with the same id has the same text: it is the same document.
        peers = {p.id: p for p in context.peers if p.id != doc.id}
        if not peers:
            return Outcome(
                score=None,
                confidence=0.0,
                summary="No other coverage of the story to compare with.",
            )
        profile = _cached_profile(doc)
        relations = [r for r in (derivation(doc, p) for p in peers.values()) if r is not None]
        findings: list[Finding] = []
        score = 1.0
        # The relations in which this document is (or may be) the copy, most copied first.
        mine = sorted(
            (r for r in relations if r.copy_id == doc.id or r.basis == "undetermined"),
            key=lambda r: -len(r.pairs),
        )
        for r in mine:
            other = peers[r.original_id if r.copy_id == doc.id else r.copy_id]
            finding, value = self._copy_finding(doc, other, r)
            findings.append(finding)
            score = min(score, value)
        originals = [r for r in relations if r.original_id == doc.id and r.basis != "undetermined"]
        for r in originals:
            findings.append(self._original_finding(doc, peers[r.copy_id], r))
        top = mine[0] if mine else None
        n = len(peers)
        if top is not None:
            other = peers[top.original_id if top.copy_id == doc.id else top.copy_id]
            verb = "near-identical to" if top.basis == "undetermined" else "a rewrite of"
            summary = (
                f"{verb.capitalize()} {_label(other)}: {len(top.pairs)} of its "
                f"{profile.substantive} substantive sentences follow it, "
                + ("crediting it." if top.credited else "without crediting it.")
            )
        elif originals and n == 1:
            summary = "Original reporting as far as the other document shows: it rewrites this one."
        elif originals:
            summary = (
                f"Original reporting as far as the {n} other documents show; "
                f"{len(originals)} of them {'rewrites' if len(originals) == 1 else 'rewrite'} it."
            )
        else:
            others = "the other document" if n == 1 else f"the {n} other documents"
            summary = (
                f"Independent of {others} of the story: none rewrites it or is rewritten by it."
            )
        # Evidence grows with the document's own substantive sentences and with the
        # number of peers it was checked against; a copy is evidence in itself.
        confidence = min(1.0, profile.substantive / 8) * min(1.0, 0.4 + 0.2 * n)
        if top is not None:
            confidence = max(confidence, min(1.0, 0.5 + len(top.pairs) / 16))
        return Outcome(
            score=score,
            confidence=round(confidence, 3),
            summary=summary,
            metrics={
                "peers": float(n),
                "substantive_sentences": float(profile.substantive),
                "aligned_sentences": float(len(top.pairs)) if top else 0.0,
                "share": float(top.share) if top else 0.0,
                "credited": 1.0 if top is not None and top.credited else 0.0,
                "originals": float(len(mine)),
                "copies": float(len(originals)),
            },
            findings=tuple(findings),
        )

    @staticmethod
    def _copy_finding(doc: Analysis, other: Analysis, r: Derivation) -> tuple[Finding, float]:
        """The finding on a copy (or one of two near-duplicates), and the score it allows."""
        as_copy = r.copy_id == doc.id
        pairs = [
            (p.start, p.end, p.other_start, p.other_end)
            if as_copy
            else (p.other_start, p.other_end, p.start, p.end)
            for p in r.pairs
        ]
        spans: list[Span] = _unique_spans(doc, [(a, b) for a, b, _, _ in pairs], "copy")
        related = _unique_related(other, [(c, d) for _, _, c, d in pairs], "original")
        n = _sentences(len(pairs))
        same = same_outlet(doc, other)
        if r.basis == "undetermined":
            kind = "near-duplicate"
            what = (
                f"{n} closely match {_label(other)}. The two are near-identical and neither "
                "date nor credit tells which came first."
            )
            severity = Severity.INFO if same else Severity.MINOR
            value = 1.0 if same else CREDITED_SCORE if r.credited else UNDETERMINED_SCORE
        else:
            kind = "derived-copy"
            what = (
                f"{n} ({r.share:.0%} of its substantive sentences) closely rewrite "
                f"{_label(other)}. "
                + {
                    "dates": "It was published later.",
                    "credit": "It names the other, not the other way round.",
                    "share": "More of its sentences are found in the other than the reverse.",
                }[r.basis]
            )
            if same:
                severity, value = Severity.INFO, 1.0
            elif r.credited:
                severity, value = Severity.MINOR, CREDITED_SCORE
            else:
                severity, value = Severity.MAJOR, UNCREDITED_SCORE
        credit = r.credit if as_copy else None
        if same:
            note = "Both come from the same outlet: another version of one article."
        elif credit is not None:
            spans.append(doc.span(credit[0], credit[1], "credit"))
            note = f"It credits the original (“{doc.text[credit[0] : credit[1]]}”)."
        elif r.credited:
            note = "It credits the original."
        elif not _has_metadata(other):
            note = (
                "The other has no outlet, title, URL or author on record, so a credit could "
                "not be checked."
            )
        else:
            note = "It does not name the original's outlet, author, title or URL."
        message = f"{what} {note} Corroboration by a copy is not independent."
        finding = Finding(
            kind=kind, severity=severity, message=message, spans=tuple(spans), related=related
        )
        return finding, value

    @staticmethod
    def _original_finding(doc: Analysis, copy: Analysis, r: Derivation) -> Finding:
        credited = "crediting it" if r.credited else "without crediting it"
        return Finding(
            kind="copied-by",
            severity=Severity.INFO,
            message=(
                f"{_label(copy)} rewrites {_sentences(len(r.pairs))} of this document "
                f"({r.share:.0%} of the rewrite's substantive sentences), {credited}."
            ),
            spans=tuple(
                _unique_spans(
                    doc, sorted((p.other_start, p.other_end) for p in r.pairs), "original"
                )
            ),
            related=_unique_related(copy, [(p.start, p.end) for p in r.pairs], "copy"),
        )


def _unique_spans(doc: Analysis, where: Sequence[tuple[int, int]], role: str) -> list[Span]:
    return [doc.span(a, b, role) for a, b in dict.fromkeys(where)]


def _unique_related(
    doc: Analysis, where: Sequence[tuple[int, int]], role: str
) -> tuple[RelatedSpan, ...]:
    return tuple(
        RelatedSpan(document_id=doc.id, start=a, end=b, text=doc.text[a:b], role=role)
        for a, b in dict.fromkeys(where)
    )


@hookimpl
def register_heuristics(register: Callable[[Heuristic], None]) -> None:
    register(Originality())
