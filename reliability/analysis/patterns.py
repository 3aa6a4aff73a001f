"""Phrase tables: the pattern syntax of word lists, and longest match over folded words.

A pattern is words separated by spaces; `a/b` offers alternatives at one
position and a trailing `?` makes a position optional: `"is/was reportedly?"`
stands for "is reportedly", "is", "was reportedly" and "was".

A `PhraseTable` maps phrases (tuples of folded words) to a payload and finds
the longest phrase starting at a word. Built-in heuristics and third-party
plugins use it for their word lists; the words it is matched against are
usually `Analysis.folded.words`, or keys of the caller's own (a stemmer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import product
from typing import Generic, NamedTuple, TypeVar

from reliability.analysis.tables import TableError

T = TypeVar("T")


def expand_pattern(pattern: str) -> list[tuple[str, ...]]:
    """All word sequences a pattern stands for, in order; an all-optional empty one is left out."""
    if "/" not in pattern and "?" not in pattern:  # most patterns: one sequence, as written
        words = tuple(pattern.split())
        return [words] if words else []
    positions: list[list[str | None]] = []
    optional = False
    for part in pattern.split():
        options: list[str | None] = list(part.rstrip("?").split("/"))
        if part.endswith("?"):
            options.append(None)
            optional = True
        positions.append(options)
    if not optional:  # every combination is a whole sequence
        return [combo for combo in product(*positions) if combo]  # type: ignore[misc]
    return [
        words
        for combo in product(*positions)
        if (words := tuple([w for w in combo if w is not None]))
    ]


class PhraseMatch(NamedTuple, Generic[T]):
    """A phrase found at word `start`, `length` words long, with its payload."""

    start: int
    length: int
    payload: T


class PhraseTable(Generic[T]):
    """Phrases with payloads, looked up longest first.

    Build it from a mapping of phrases, or with `from_patterns` from
    (pattern, payload) rows. A phrase given twice with different payloads is
    a data error (`TableError`, naming the table), never a silent overwrite.
    """

    def __init__(self, phrases: Mapping[tuple[str, ...], T], *, name: str = "phrases") -> None:
        self.name = name
        self.phrases: dict[tuple[str, ...], T] = dict(phrases)
        self.longest = max(map(len, self.phrases), default=0)
        self.first_words = frozenset(p[0] for p in self.phrases)

    @classmethod
    def from_patterns(
        cls,
        rows: Iterable[tuple[str, T]],
        *,
        name: str,
        key: Callable[[str], str] | None = None,
    ) -> PhraseTable[T]:
        """A table from (pattern, payload) rows, each word passed through `key` if given."""
        phrases: dict[tuple[str, ...], T] = {}
        for pattern, payload in rows:
            for phrase in expand_pattern(pattern):
                words = tuple(map(key, phrase)) if key is not None else phrase
                if words in phrases:  # given before: checked, and an error if it differs
                    add_phrase(phrases, words, payload, name)
                else:
                    phrases[words] = payload
        return cls(phrases, name=name)

    @classmethod
    def from_phrases(
        cls, rows: Iterable[tuple[tuple[str, ...], T]], *, name: str
    ) -> PhraseTable[T]:
        """A table from (phrase, payload) rows whose phrases are already word tuples."""
        phrases: dict[tuple[str, ...], T] = {}
        for words, payload in rows:
            add_phrase(phrases, words, payload, name)
        return cls(phrases, name=name)

    def __len__(self) -> int:
        return len(self.phrases)

    def anchored(self, common: frozenset[str]) -> AnchoredPhrases[T]:
        """The table indexed by anchor word, for finding every occurrence (see the class)."""
        return AnchoredPhrases(self, common)

    def __contains__(self, phrase: object) -> bool:
        return phrase in self.phrases

    def get(self, phrase: tuple[str, ...]) -> T | None:
        """The payload of exactly this phrase, or None."""
        return self.phrases.get(phrase)

    def at(
        self,
        words: Sequence[str],
        i: int,
        *,
        accept: Callable[[int, int, T], bool] | None = None,
    ) -> PhraseMatch[T] | None:
        """The longest phrase starting at word `i`, or None.

        `accept(i, length, payload)` may refuse a candidate (for example one
        that crosses a paragraph break); the next shorter one is tried.
        """
        if i >= len(words) or words[i] not in self.first_words:
            return None
        get = self.phrases.get
        for length in range(min(self.longest, len(words) - i), 0, -1):
            payload = get(tuple(words[i : i + length]))
            if payload is not None and (accept is None or accept(i, length, payload)):
                return PhraseMatch(i, length, payload)
        return None

    def find(
        self,
        words: Sequence[str],
        *,
        accept: Callable[[int, int, T], bool] | None = None,
    ) -> Iterator[PhraseMatch[T]]:
        """Non-overlapping matches, left to right, the longest at each position."""
        i, n = 0, len(words)
        while i < n:
            match = self.at(words, i, accept=accept)
            if match is None:
                i += 1
            else:
                yield match
                i += match.length


class AnchoredPhrases(Generic[T]):
    """Every occurrence of a table's phrases, found from their anchor words.

    Each phrase is filed under its first word not in `common` (its least
    frequent, when `common` lists the frequent words; a phrase made only of
    them is filed under its longest word), grouped by the anchor's offset and
    the phrase's length, so checking an occurrence costs one dict lookup per
    group however many phrases share the anchor, and frequent words never
    send a text to the phrase check. For scanning long texts for hundreds of
    phrases that may overlap (hedges, reporting verbs).
    """

    def __init__(self, table: PhraseTable[T], common: frozenset[str]) -> None:
        grouped: dict[str, dict[tuple[int, int], dict[tuple[str, ...], T]]] = {}
        # Plain loops rather than generators and `setdefault`: tables of thousands of
        # phrases are indexed as their modules are imported.
        for phrase, payload in table.phrases.items():
            offset = -1
            for k, word in enumerate(phrase):
                if word not in common:
                    offset = k
                    break
            if offset < 0:
                offset = max(range(len(phrase)), key=lambda k: len(phrase[k]))
            anchor = phrase[offset]
            shapes = grouped.get(anchor)
            if shapes is None:
                shapes = grouped[anchor] = {}
            shape = (offset, len(phrase))
            phrases = shapes.get(shape)
            if phrases is None:
                phrases = shapes[shape] = {}
            phrases[phrase] = payload
        self.groups = {
            anchor: tuple((offset, length, phrases) for (offset, length), phrases in shapes.items())
            for anchor, shapes in grouped.items()
        }

    @classmethod
    def from_groups(
        cls, groups: dict[str, tuple[tuple[int, int, dict[tuple[str, ...], T]], ...]]
    ) -> AnchoredPhrases[T]:
        """The index as `groups` (another index's, saved and read back) holds it, unbuilt."""
        index = cls.__new__(cls)
        index.groups = groups
        return index

    def __contains__(self, word: object) -> bool:
        return word in self.groups

    def matches(
        self, words: Sequence[str], anchors: Iterable[int] | None = None
    ) -> list[tuple[int, int, T]]:
        """Every occurrence of a phrase in `words`, as (start, end, payload), overlaps kept.

        `anchors`, when given, are the only indices holding an anchor word.
        Sorted leftmost first and, at one start, longest first, the order in
        which a caller picks non-overlapping matches.
        """
        found = []
        n = len(words)
        for k in range(n) if anchors is None else anchors:
            groups = self.groups.get(words[k])
            if groups is None:
                continue
            for offset, length, phrases in groups:
                start = k - offset
                end = start + length
                if start >= 0 and end <= n:
                    payload = phrases.get(tuple(words[start:end]))
                    if payload is not None:
                        found.append((start, end, payload))
        if len(found) > 1:
            found.sort(key=lambda m: (m[0], m[0] - m[1]))
        return found


def add_phrase(
    phrases: dict[tuple[str, ...], T], words: tuple[str, ...], payload: T, name: str
) -> None:
    """Add one phrase; the same phrase with another payload is a `TableError`."""
    other = phrases.get(words, payload)
    if other != payload:
        listed = " ".join(words)
        raise TableError(f"{name}: {listed!r} is listed twice, as {other!r} and {payload!r}")
    phrases[words] = payload
