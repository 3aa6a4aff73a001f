"""One analysis pass per document, shared by every heuristic.

`Analysis` computes paragraphs, sentences, tokens, quotations, numbers, date
expressions and candidate names once each, with offsets into the original
text: all at once when the engine calls `build()` before the heuristics run,
otherwise lazily on first use. Heuristics read from it and never re-tokenise.
Each part costs time linear in the text's length, whatever the text holds.

Beside it, the public toolkit every heuristic (built-in or third-party) uses
for its word lists: `read_table`/`parse_table` (validated TSV tables), `fold`
(one configurable fold), `PhraseTable` and `expand_pattern` (the pattern
syntax and longest match over folded words), and a few shared word lists
(`FUNCTION_WORDS`, `MONTHS`, `WEEKDAYS`). Everything else in this package is
internal.
"""

from __future__ import annotations

import bisect
import contextlib
import time
from collections.abc import Sequence
from functools import cached_property
from typing import ClassVar

from reliability.analysis.dates import find_dates
from reliability.analysis.elements import (
    DateExpression,
    Name,
    Number,
    Paragraph,
    Quotation,
    Sentence,
    Token,
)
from reliability.analysis.folding import fold, strip_accents
from reliability.analysis.lexicon import FUNCTION_WORDS, MONTHS, WEEKDAYS
from reliability.analysis.names import find_names
from reliability.analysis.numbers import find_numbers
from reliability.analysis.patterns import (
    AnchoredPhrases,
    PhraseMatch,
    PhraseTable,
    expand_pattern,
)
from reliability.analysis.quotations import find_quotations
from reliability.analysis.sentences import split_paragraphs, split_sentences
from reliability.analysis.tables import (
    TableError,
    parse_table,
    read_index,
    read_table,
    tables_sha256,
    wordset,
)
from reliability.analysis.tokens import FoldedWords, fold_words, tokenize
from reliability.document import Document
from reliability.models import Span

__all__ = [
    "FUNCTION_WORDS",
    "MONTHS",
    "WEEKDAYS",
    "Analysis",
    "AnchoredPhrases",
    "DateExpression",
    "FoldedWords",
    "Name",
    "Number",
    "Paragraph",
    "PhraseMatch",
    "PhraseTable",
    "Quotation",
    "Sentence",
    "TableError",
    "Token",
    "expand_pattern",
    "fold",
    "parse_table",
    "read_index",
    "read_table",
    "strip_accents",
    "tables_sha256",
    "tokenize",
    "wordset",
]


class Analysis:
    """The analysed document. Each property is computed on first use and cached.

    `build()` computes the shared parts (`PARTS`) at once: the engine calls it
    before the first heuristic runs, so no heuristic's time budget pays for
    them. Outside the engine (a test, a script) the parts stay lazy.
    """

    PARTS: ClassVar[tuple[str, ...]] = (
        "paragraphs",
        "quotations",
        "sentences",
        "tokens",
        "folded",
        "names",
        "numbers",
        "dates",
        "word_count",
    )
    """The shared parts `build()` computes, in an order where each finds what it reads ready."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.text

    def build(self) -> float:
        """Compute every part in `PARTS` not yet computed; return the seconds it took.

        A part whose computation fails is left uncomputed, so the heuristic
        that reads it meets the same error (and fails alone) instead of the
        whole scoring.
        """
        if self.__dict__.get("_built"):
            return 0.0
        start = time.perf_counter()
        for part in self.PARTS:
            if part not in self.__dict__:
                with contextlib.suppress(Exception):
                    getattr(self, part)
        self.__dict__["_built"] = True
        return time.perf_counter() - start

    @property
    def id(self) -> str:
        """The document's id."""
        return self.document.doc_id

    @cached_property
    def paragraphs(self) -> Sequence[Paragraph]:
        """Paragraphs and heading lines, in order."""
        return split_paragraphs(self.text)

    @cached_property
    def sentences(self) -> Sequence[Sentence]:
        """Sentences, in order; none crosses a paragraph boundary."""
        return split_sentences(self.text, self.paragraphs, self.quotations)

    @cached_property
    def tokens(self) -> Sequence[Token]:
        """Tokens, in order."""
        return tokenize(self.text)

    @cached_property
    def quotations(self) -> Sequence[Quotation]:
        """Quotations in order of their opening mark; nested ones have a parent."""
        return find_quotations(self.text, self.paragraphs)

    @cached_property
    def numbers(self) -> Sequence[Number]:
        """Numbers in digits or words, with values."""
        return find_numbers(self.text, self.tokens)

    @cached_property
    def dates(self) -> Sequence[DateExpression]:
        """Date and time expressions."""
        return find_dates(self.text, self.tokens)

    @cached_property
    def names(self) -> Sequence[Name]:
        """Candidate proper names."""
        return find_names(self.text, self.tokens, self.sentences)

    @cached_property
    def folded(self) -> FoldedWords:
        """Token offsets and lower-cased, apostrophe-straightened token texts (for lexicons)."""
        return fold_words(self.text, self.tokens)

    @cached_property
    def word_count(self) -> int:
        """Number of word and number tokens."""
        return sum(1 for t in self.tokens if t.kind in ("word", "number"))

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    def sentence_index_at(self, offset: int) -> int | None:
        """Index of the sentence that contains `offset`, or None."""
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return i
        return None

    def tokens_in(self, start: int, end: int) -> Sequence[Token]:
        """The tokens lying wholly within `[start, end)`."""
        lo = bisect.bisect_left(self._token_starts, start)
        hi = lo
        tokens = self.tokens
        while hi < len(tokens) and tokens[hi].end <= end:
            hi += 1
        return tokens[lo:hi]

    def quotation_at(self, offset: int) -> Quotation | None:
        """The innermost quotation whose marks enclose `offset`, or None."""
        best: Quotation | None = None
        for q in self.quotations:
            if q.start > offset:
                break
            if q.start <= offset < q.end and (best is None or q.depth > best.depth):
                best = q
        return best

    def span(self, start: int, end: int, role: str | None = None) -> Span:
        """A `Span` over `text[start:end]`, the form every finding uses."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) lies outside the text")
        return Span(start=start, end=end, text=self.text[start:end], role=role)

    def sentence_text(self, sentence: Sentence) -> str:
        """The text of one sentence."""
        return self.text[sentence.start : sentence.end]
