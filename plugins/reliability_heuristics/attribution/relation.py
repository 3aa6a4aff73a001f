"""An attribution relation, and the view of a document's tokens its finders read."""

from __future__ import annotations

import bisect
import operator
from dataclasses import dataclass, field

import numpy as np

from reliability import Analysis
from reliability_heuristics.attribution.lexicon import (
    COMMON_OPENERS,
    DETERMINERS,
    SOURCE_TABLE,
    VAGUE_CAPITAL_ENDINGS,
    match_phrase,
)

_START = operator.attrgetter("start")
_END = operator.attrgetter("end")


@dataclass(slots=True)
class Attribution:
    """One attribution relation. Token indices are into `doc.tokens`; `source` may be absent.

    `name` is the resolved source name (the antecedent of a pronoun or of "the
    channel"), `kind` one of official, agency, media, document, person, vague,
    self; `key` identifies the source across the article.
    """

    cue: tuple[int, int]
    content: list[tuple[int, int]] = field(default_factory=list)
    source: tuple[int, int] | None = None
    name: str | None = None
    kind: str = "vague"
    key: str | None = None
    resolved: bool = False


class TokenView:
    """The tokens of a whole document with their folded words, and its sentences' token ranges.

    `sentence_los[i]`, `sentence_his[i]`: the tokens [lo, hi) of sentence i;
    `token_starts`, `sentence_starts`, `sentence_ends`: offsets as arrays,
    for looking many offsets up at once.
    """

    __slots__ = (
        "doc",
        "lexed",
        "n",
        "named",
        "opening",
        "sentence_ends",
        "sentence_his",
        "sentence_los",
        "sentence_starts",
        "starts",
        "text",
        "token_starts",
        "tokens",
        "words",
    )
    opening: set[int]

    def __init__(self, doc: Analysis) -> None:
        self.doc = doc
        self.text = doc.text
        self.tokens = doc.tokens
        self.lexed = lexed = doc.folded
        self.starts = starts = lexed.starts
        ends = lexed.ends
        self.words = lexed.words
        self.n = n = len(self.tokens)
        # Tokens that belong to a candidate name: a capital opening a sentence
        # ("Foreign policy analysts") is not a name unless the name finder says so.
        # Tokens do not overlap, so their ends are sorted as their starts are.
        self.named = named = [False] * n
        for name in doc.names:
            k = bisect.bisect_left(starts, name.start)
            m = bisect.bisect_right(ends, name.end, k)
            if m > k:
                named[k:m] = [True] * (m - k)
        # Each sentence's offsets and token range [lo, hi), found for all sentences at once.
        sentences = doc.sentences
        self.token_starts = token_starts = np.fromiter(starts, np.int64, len(starts))
        self.sentence_starts = sentence_starts = np.fromiter(
            map(_START, sentences), np.int64, len(sentences)
        )
        self.sentence_ends = sentence_ends = np.fromiter(
            map(_END, sentences), np.int64, len(sentences)
        )
        los = np.searchsorted(token_starts, sentence_starts, "left")
        his = np.maximum(np.searchsorted(token_starts, sentence_ends, "left"), los)
        self.sentence_los: list[int] = los.tolist()
        self.sentence_his: list[int] = his.tolist()
        # The first word at or after each sentence's start (punctuation skipped).
        # Sentences come in text order: a start inside the punctuation run the
        # previous scan crossed opens at the same word, so no token is crossed twice.
        self.opening = opening = set()
        tokens = self.tokens
        last = n - 1
        scanned_from = scanned_to = -1
        for k in self.sentence_los:
            if scanned_from <= k <= scanned_to:
                k = scanned_to
            else:
                scanned_from = k
                while k < last and tokens[k].kind == "punct":
                    k += 1
                scanned_to = k
            opening.add(k)

    def cap(self, k: int) -> bool:
        """Whether token k is capitalised (or an alphanumeric such as "60")."""
        # A token is never empty and its text is the document's from its start.
        first = self.text[self.starts[k]]
        return first.isupper() or (first.isdigit() and self.tokens[k].kind == "word")

    def proper(self, k: int) -> bool:
        """Whether token k is part of a name rather than a capital opening a sentence."""
        return self.named[k] or (self.cap(k) and k not in self.opening)


def source_kind(view: TokenView, a: int, b: int) -> str:
    """The kind of source the tokens [a, b) name: the last kind word in it wins, or person."""
    words = view.words
    kind = ""
    k = a
    kind_at = (b, b)
    while k < b:
        if words[k] in SOURCE_TABLE:
            hit = match_phrase(SOURCE_TABLE, words, k, b)
            if hit is not None:
                kind, kind_at = hit[1], (k, hit[0])
                k = hit[0]
                continue
        k += 1
    if kind == "vague":
        # "UN experts", "Pentagon officials": a named body specifies the group,
        # but a nationality ("Russian officials") or the group noun itself does not.
        at_lo, at_hi = kind_at
        for k in range(a, b):
            if at_lo <= k < at_hi:
                continue
            w = words[k]
            if (
                w not in DETERMINERS
                and not w.endswith(VAGUE_CAPITAL_ENDINGS)
                and view.cap(k)
                and (view.proper(k) or w not in COMMON_OPENERS)
            ):
                return "official"
        return "vague"
    if kind:
        return kind
    capital = any(view.proper(k) and words[k] not in DETERMINERS for k in range(a, b))
    return "person" if capital else "vague"


def name_key(text: str) -> str:
    """How a source is identified across the article: its last capitalised word, lower case."""
    words = [w for w in text.replace("\u2019", "'").split() if w[:1].isupper()]
    if not words:
        return text.lower()
    last = words[-1]
    if last.endswith("'s"):
        last = last[:-2]
    return last.strip(".,;:\"'“”«»()").lower()
