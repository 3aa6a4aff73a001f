"""A document's profile for copy detection: its sentences as content words, indexed.

A sentence's content words are its word and number tokens outside closed
quotations, case- and accent-folded, split at hyphens, without function
words, in one spelling per document (a word becomes its shortest prefix that
is also a word of the document). Headings, short sentences and page furniture
(`data/copies_boilerplate.tsv`) are not substantive. The engine keeps each
document's profile in the heuristic's memo of that document, for all its pairs.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Sequence
from itertools import chain
from pathlib import Path
from typing import NamedTuple

import msgspec
import numpy as np

from reliability import Analysis
from reliability.analysis import read_table
from reliability.analysis.lexicon import FUNCTION_WORDS

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

_DATA = Path(__file__).parent / "data"
BOILERPLATE = re.compile(
    "|".join(f"(?:{row[0]})" for row in read_table(_DATA / "copies_boilerplate.tsv", 2)),
    re.IGNORECASE,
)


class Sentence(msgspec.Struct, frozen=True, gc=False):
    """A sentence of the profile. A story keeps tens of thousands of them: they hold no
    container the garbage collector must visit (`gc=False`, words as a tuple of strings),
    so that collections stay cheap however many documents are profiled."""

    start: int
    end: int
    # Content words in their document's own spelling (see `profile`), each once, in the
    # order of a set of them.
    words: tuple[str, ...]
    substantive: bool


class Profile(NamedTuple):
    sentences: tuple[Sentence, ...]
    substantive: int
    vocabulary: frozenset[str]
    # Each word of letters -> the prefixes it may be shortened to (see `shortenings`).
    prefixes: dict[str, tuple[str, ...]]
    # Each such prefix -> the shortest word of the document that has it.
    extensions: dict[str, str]
    # Words of letters by their first two letters: where a fuzzy match is looked for.
    by_initial: dict[str, tuple[str, ...]]
    # Word -> the sentences that have it (words in too many sentences left out).
    postings: dict[str, tuple[int, ...]]
    # Word -> how many sentences have it.
    frequency: dict[str, int]
    # Another document's word -> its match here (see `in_spelling_of`), or None;
    # filled as pairs are compared (the same words come up with every peer).
    matches: dict[str, str | None]
    # Every sentence's words end to end, and the sentence of each (see `Spelt`).
    words: tuple[str, ...]
    sentence_of: np.ndarray


def fold(word: str) -> str:
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


def shortenings(word: str) -> tuple[str, ...]:
    """The prefixes a word may be an inflection or derivation of, shortest first:
    at least four letters, at most `MAX_SUFFIX` shorter ("iranian" -> "iran")."""
    return tuple(word[:k] for k in range(max(4, len(word) - MAX_SUFFIX), len(word)))


def content_words(doc: Analysis) -> list[list[str]]:
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
            w = fold(w)
        if "-" in w:
            # Hyphenated compounds are written both ways ("quarter-century", "quarter century").
            result[k].extend(p for p in w.split("-") if len(p) >= 2 and p not in function_words)
        elif len(w) >= 2 and w not in function_words:
            result[k].append(w)
    return result


def profile(doc: Analysis) -> Profile:
    text = doc.text
    headings = {i for i, p in enumerate(doc.paragraphs) if p.heading}
    content = content_words(doc)
    raw = {w for words in content for w in words}
    # One spelling per document: a word becomes its shortest prefix that is also a
    # word of the document ("Venezuelan" -> "venezuela", "supported" -> "support").
    # Only words of four letters or more match by prefix or edit similarity (numbers never).
    prefixes = {w: shortenings(w) for w in raw if len(w) >= 4 and w.isalpha()}
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
        spelt = () if s.paragraph in headings else tuple(frozenset(map(get, words, words)))
        sentences.append(Sentence(s.start, s.end, spelt, substantive))
    vocabulary = frozenset(w for s in sentences for w in s.words)
    postings, frequency = index([s.words for s in sentences])
    end_words, sentence_of = end_to_end([s.words for s in sentences])
    extensions: dict[str, str] = {}
    by_initial: dict[str, list[str]] = {}
    # Longest first, then by spelling: a set's order changes from one process to the next.
    for w in sorted(vocabulary, key=lambda w: (-len(w), w)):
        if w in prefixes:
            by_initial.setdefault(w[:2], []).append(w)
            for p in prefixes[w]:
                extensions[p] = w  # the shortest word with this prefix wins
    return Profile(
        tuple(sentences),
        sum(1 for s in sentences if s.substantive),
        vocabulary,
        {w: prefixes[w] for w in vocabulary if w in prefixes},
        extensions,
        {k: tuple(v) for k, v in by_initial.items()},
        postings,
        frequency,
        {},
        end_words,
        sentence_of,
    )


def index(
    sentences: Sequence[Collection[str]],
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


def end_to_end(sentences: Sequence[Collection[str]]) -> tuple[tuple[str, ...], np.ndarray]:
    """The sentences' words end to end, and the sentence of each."""
    words = tuple(chain.from_iterable(sentences))
    sizes = np.fromiter(map(len, sentences), dtype=np.intp, count=len(sentences))
    return words, np.repeat(np.arange(len(sentences)), sizes)
