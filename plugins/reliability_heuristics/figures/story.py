"""The story around a document: when each document was written, and which repeat which.

Both come from other heuristics' products, read through the engine:
`recycling`'s `WritingDates` (each document's interval of writing by its
text) and `originality`'s `CopyRelations` (which documents copy which, which
share an outlet). Without the first, a document is dated by its metadata
alone; without the second, every peer counts as an independent source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import msgspec

from reliability import Analysis
from reliability_heuristics.originality.product import CopyRelations, Derivation
from reliability_heuristics.recycling.product import WritingDates, in_words

MARGIN_DAYS = 31  # a published date this far outside the text's estimate is not trusted


class Written(msgspec.Struct, frozen=True):
    """When a document was written, as proleptic ordinals (None: unbounded)."""

    lo: int | None
    hi: int | None

    def text(self) -> str:
        """When, for a sentence: "on 2025-11-03", "between 2025-02-05 and 2025-12-31"."""
        return in_words(self.lo, self.hi)


def apart(a: Written, b: Written) -> int:
    """Days between two intervals of writing (0 when they overlap or one is unbounded)."""
    if a.hi is not None and b.lo is not None and b.lo > a.hi:
        return b.lo - a.hi
    if b.hi is not None and a.lo is not None and a.lo > b.hi:
        return a.lo - b.hi
    return 0


def published_ordinal(doc: Analysis) -> int | None:
    """The metadata's publication date as an ordinal, or None."""
    value = doc.document.published_at
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.toordinal()


def written(doc: Analysis, dates: WritingDates | None) -> Written:
    """When `doc` was written: its published date unless its text contradicts it."""
    found = dates.of(doc.id) if dates is not None else None
    published = published_ordinal(doc)
    lo, hi = (found.start, found.end) if found is not None else (None, None)
    if published is not None and (
        (lo is None or published >= lo - MARGIN_DAYS)
        and (hi is None or published <= hi + MARGIN_DAYS)
    ):
        return Written(published, published)
    return Written(lo, hi)


class Kinship:
    """Copy relations among a story's documents, asked for pair by pair and remembered."""

    def __init__(self, relations: CopyRelations | None) -> None:
        self._relations = relations
        self._pairs: dict[tuple[str, str], Derivation | None] = {}

    @property
    def known(self) -> bool:
        """Whether copy relations are known (originality ran)."""
        return self._relations is not None

    def relation(self, a: Analysis, b: Analysis) -> Derivation | None:
        key = (a.id, b.id) if a.id <= b.id else (b.id, a.id)
        if key not in self._pairs:
            rel = self._relations
            self._pairs[key] = rel.between(a.id, b.id) if rel is not None and a.id != b.id else None
        return self._pairs[key]

    def found(self) -> list[Derivation]:
        return [d for d in self._pairs.values() if d is not None]

    def same_outlet(self, a: Analysis, b: Analysis) -> bool:
        return self._relations is not None and self._relations.same_outlet(a.id, b.id)


def date_copies(story: Sequence[Analysis], when: dict[str, Written], kin: Kinship) -> None:
    """A copy is written no earlier than its original: this dates undated copies (in place)."""
    for x in story:
        if when[x.id].lo is None:
            for y in story:
                if y is not x:
                    kin.relation(x, y)
    for d in kin.found():
        copy, original = when[d.copy_id], when[d.original_id]
        if original.lo is not None and (copy.lo is None or copy.lo < original.lo):
            hi = copy.hi if copy.hi is None or copy.hi >= original.lo else original.lo
            when[d.copy_id] = Written(original.lo, hi)


def families(ids: Sequence[str], edges: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Each id's family: documents linked by copying, directly or through others."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    return {i: find(i) for i in ids}


def source_name(doc: Analysis) -> str:
    """How a message names a document: its outlet, else its title, else its opening words."""
    d = doc.document
    if d.outlet:
        return d.outlet
    if d.title:
        title = d.title if len(d.title) <= 60 else d.title[:57].rstrip() + "…"
        return f"“{title}”"
    words = d.text.split()
    opening = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
    return f"the untitled text beginning “{opening}”"
