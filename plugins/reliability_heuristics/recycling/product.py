"""What the `recycling` heuristic publishes for others: when the story's documents were written.

A cross-document heuristic that declares `requires = ("recycling",)` reads it
with `context.product("recycling", WritingDates)`: for the scored document
and each peer, the interval the text's own evidence allows for its writing
(`recycling`'s estimate, read with its configured reading date and tenure
table) and the publication date its metadata gives. None when recycling was
disabled, excluded, failed or overran. This module is the heuristic's public
interface: it imports nothing of the heuristic's internals.
"""

from __future__ import annotations

import datetime as dt

import msgspec


class WritingDate(msgspec.Struct, frozen=True, kw_only=True):
    """When one document was written: days as proleptic ordinals (`date.toordinal()`).

    `start`, `end`: the bounds the text's evidence sets (None: unbounded on
    that side). `published`: the date the document's metadata gives, if any.
    """

    start: int | None
    end: int | None
    published: int | None = None


class WritingDates(msgspec.Struct, frozen=True, kw_only=True):
    """The writing dates of a story's documents, by document id (the scored one and its peers)."""

    documents: dict[str, WritingDate]

    def of(self, doc_id: str) -> WritingDate | None:
        """The writing date of one document, or None when it is not of the story."""
        return self.documents.get(doc_id)


def in_words(start: int | None, end: int | None) -> str:
    """An interval of days for a sentence: "on 2025-11-03", "between … and …", "by …"."""

    def iso(ordinal: int) -> str:
        return dt.date.fromordinal(ordinal).isoformat()

    if start is not None and start == end:
        return f"on {iso(start)}"
    if start is None and end is None:
        return "at an unknown date"
    if start is None:
        assert end is not None
        return f"by {iso(end)}"
    if end is None:
        return f"on or after {iso(start)}"
    return f"between {iso(start)} and {iso(end)}"
