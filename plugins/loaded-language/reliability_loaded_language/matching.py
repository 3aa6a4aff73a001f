"""Finding lexicon terms in a document's shared tokens.

The matcher walks the tokens once, left to right, taking the longest lexicon
term that starts at each word. Longest-first is what lets a neutral usage
("regime change", "tax regime") swallow the loaded word inside it. A
modifier (amplifier or minimiser) only counts when a loaded term follows it
directly, and then both become one match ("just propaganda", "total
boorishness") one step stronger. An intensifier ("shockingly") is a match by
itself; its span reaches over the word it colours ("shockingly overt"), and
before a loaded term it makes that term one step stronger too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Protocol

from reliability.analysis import PhraseTable

from reliability_loaded_language.lexicon import (
    INTENSIFIER,
    MODIFIERS,
    NEUTRAL,
    Entry,
    fold,
    lemma,
)

MAX_STRENGTH = 2
# Modifiers chain ("just utterly vile") but not without end: a run of more is
# not wording a writer uses, and the bound keeps the recursion shallow.
MAX_MODIFIERS = 3


class TokenLike(Protocol):
    """What the matcher reads of a token (`reliability.analysis.Token` has it)."""

    @property
    def start(self) -> int:
        """Offset of the token's first character."""

    @property
    def end(self) -> int:
        """Offset just past the token's last character."""

    @property
    def text(self) -> str:
        """The token's text."""

    @property
    def kind(self) -> str:
        """`word`, `number`, `punct` or `symbol`."""


@dataclasses.dataclass(frozen=True, slots=True)
class Modifier:
    """A modifier or intensifier that strengthened a match, as written in the text."""

    entry: Entry
    text: str


@dataclasses.dataclass(frozen=True, slots=True)
class Match:
    """One stretch of loaded wording.

    `start`/`end` cover the whole wording, modifiers included; `head_start`/
    `head_end` cover the loaded term itself, whose `entry` names the category.
    `strength` is the entry's, raised one step by each modifier, at most 2.
    """

    start: int
    end: int
    entry: Entry
    head_start: int
    head_end: int
    strength: int
    modifiers: tuple[Modifier, ...] = ()
    stop: int = 0  # index of the first token after the match


class Matcher:
    """Finds the terms of one indexed lexicon in token sequences."""

    def __init__(self, table: PhraseTable[Entry]) -> None:
        self.table = table

    def find(self, text: str, tokens: Sequence[TokenLike]) -> list[Match]:
        """All matches in `tokens` (which point into `text`), in text order, never overlapping."""
        return _Scan(self, text, tokens).run()


class _Scan:
    """The state of one pass over one document's tokens."""

    def __init__(self, matcher: Matcher, text: str, tokens: Sequence[TokenLike]) -> None:
        self.table = matcher.table
        self.text = text
        self.tokens = tokens
        # Punctuation keeps its text as its key so that a term never matches
        # across it ("regime. Change" is not "regime change").
        self.keys = [lemma(t.text) if t.kind == "word" else fold(t.text) for t in tokens]

    def run(self) -> list[Match]:
        matches: list[Match] = []
        i = 0
        while i < len(self.tokens):
            found = self.longest(i)
            if found is None:
                i += 1
                continue
            entry, length = found
            if entry.category == NEUTRAL:
                i += length
                continue
            match = self.expand(i, entry, length, depth=0)
            if match is None:  # a modifier with no loaded term after it
                i += 1
                continue
            matches.append(match)
            i = match.stop
        return matches

    def end(self, k: int) -> int:
        """Where token `k` ends as a word: a possessive "'s" is not part of the wording."""
        token = self.tokens[k]
        folded = fold(token.text)
        if folded.endswith("'s") and len(folded) > 3:
            return token.end - 2
        if folded.endswith("'") and len(folded) > 2:
            return token.end - 1
        return token.end

    def joined(self, left: int, right: int) -> bool:
        """True when tokens `left` and `right` are neighbours in one stretch of prose."""
        gap = self.text[self.tokens[left].end : self.tokens[right].start]
        # A blank line between two words is a paragraph break, not a phrase.
        return not gap.strip() and gap.count("\n") < 2

    def longest(self, i: int) -> tuple[Entry, int] | None:
        """The longest lexicon term starting at token `i`, with its length in tokens."""
        if self.tokens[i].kind != "word":
            return None
        found = self.table.at(self.keys, i, accept=self.unbroken)
        return None if found is None else (found.payload, found.length)

    def unbroken(self, i: int, length: int, _entry: Entry | None = None) -> bool:
        """True when tokens `i` to `i + length - 1` are one stretch of prose."""
        return all(self.joined(k, k + 1) for k in range(i, i + length - 1))

    def follow(self, last: int, depth: int) -> Match | None:
        """The loaded match starting right after token `last`, if one does."""
        j = last + 1
        if depth >= MAX_MODIFIERS or j >= len(self.tokens) or not self.joined(last, j):
            return None
        found = self.longest(j)
        if found is None or found[0].category == NEUTRAL:
            return None
        return self.expand(j, found[0], found[1], depth + 1)

    def expand(self, i: int, entry: Entry, length: int, depth: int) -> Match | None:
        """The match for `entry` found at token `i`, taking in what it modifies."""
        first, last_end = self.tokens[i], self.end(i + length - 1)
        own = Modifier(entry, self.text[first.start : last_end])
        if entry.category in MODIFIERS or entry.category == INTENSIFIER:
            inner = self.follow(i + length - 1, depth)
            if inner is not None:
                return dataclasses.replace(
                    inner,
                    start=first.start,
                    strength=min(MAX_STRENGTH, max(entry.strength, inner.strength) + 1),
                    modifiers=(own, *inner.modifiers),
                )
            if entry.category in MODIFIERS:
                return None
            # An intensifier before an ordinary word: the span takes in that
            # word, since "shockingly overt" is what the reader is steered by.
            j = i + length
            if (
                j < len(self.tokens)
                and self.tokens[j].kind == "word"
                and self.joined(j - 1, j)
                and self.longest(j) is None
            ):
                return Match(
                    first.start,
                    self.end(j),
                    entry,
                    first.start,
                    last_end,
                    entry.strength,
                    stop=j + 1,
                )
        return Match(
            first.start, last_end, entry, first.start, last_end, entry.strength, stop=i + length
        )
