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
    """Copy relations among a story's documents, and which of them were asked for.

    The relations are indexed once by pair; `found` gives those asked for
    (`relation`, `undated`, `within`), in the order asked.
    """

    def __init__(self, relations: CopyRelations | None) -> None:
        self._relations = relations
        self._by_pair: dict[tuple[str, str], Derivation] = {}
        for d in relations.derivations if relations is not None else ():
            self._by_pair.setdefault(_key(d.copy_id, d.original_id), d)
        self._asked: dict[tuple[str, str], Derivation] = {}

    @property
    def known(self) -> bool:
        """Whether copy relations are known (originality ran)."""
        return self._relations is not None

    def relation(self, a: Analysis, b: Analysis) -> Derivation | None:
        if a.id == b.id:
            return None
        key = _key(a.id, b.id)
        found = self._by_pair.get(key)
        if found is not None:
            self._asked.setdefault(key, found)
        return found

    def undated(self, story: Sequence[Analysis], undated: set[str]) -> None:
        """Ask for the relations of each undated document with every other, in story order."""
        position: dict[str, int] = {}
        for k, doc in enumerate(story):
            position.setdefault(doc.id, k)
        order = []
        for key, d in self._by_pair.items():
            x, y = sorted(key, key=lambda i: position.get(i, len(story)))
            if x in position and y in position and (x in undated or y in undated):
                # Asked first from the earlier undated one of the two.
                first, other = (x, y) if x in undated else (y, x)
                order.append(((position[first], position[other]), key, d))
        for _, key, d in sorted(order, key=lambda x: x[0]):
            self._asked.setdefault(key, d)

    def within(self, ids: set[str]) -> None:
        """Ask for the relations among the documents `ids`."""
        for key, d in self._by_pair.items():
            if key[0] in ids and key[1] in ids:
                self._asked.setdefault(key, d)

    def found(self) -> list[Derivation]:
        return list(self._asked.values())

    def same_outlet(self, a: Analysis, b: Analysis) -> bool:
        return self._relations is not None and self._relations.same_outlet(a.id, b.id)

    def outlet_edges(self, ids: Sequence[str]) -> list[tuple[str, str]]:
        """Edges that link the documents `ids` that come from one outlet, directly or
        through another of them (a name shared, or a URL host shared with one that
        gives no name), in time linear in their number."""
        if self._relations is None:
            return []
        outlets = self._relations.outlets
        groups: dict[tuple[str, str], list[str]] = {}
        unnamed: set[tuple[str, str]] = set()
        for i in dict.fromkeys(ids):
            o = outlets.get(i)
            if o is None:
                continue
            if o.name is not None:
                groups.setdefault(("name", o.name), []).append(i)
            if o.host is not None:
                groups.setdefault(("host", o.host), []).append(i)
                if o.name is None:
                    unnamed.add(("host", o.host))
        edges = []
        for key, members in groups.items():
            # Two named documents of one host may be different outlets; one without a
            # name shares its host's outlet with every other.
            if key[0] == "name" or key in unnamed:
                edges += [(members[0], m) for m in members[1:]]
        return edges


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def date_copies(story: Sequence[Analysis], when: dict[str, Written], kin: Kinship) -> None:
    """A copy is written no earlier than its original: this dates undated copies (in place)."""
    kin.undated(story, {x.id for x in story if when[x.id].lo is None})
    for d in kin.found():
        if d.copy_id not in when or d.original_id not in when:
            continue
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
