"""What the `attribution` heuristic publishes for others: its relations, in character offsets.

A heuristic that declares `requires = ("attribution",)` reads them with
`context.product("attribution", Relations)`; None when attribution was
disabled, excluded, failed or overran. This module is the heuristic's public
interface: it imports nothing of the heuristic's internals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

import msgspec

from reliability import Analysis

Offsets = tuple[int, int]
"""A stretch of the document's text, `text[start:end]`."""


class Relation(msgspec.Struct, frozen=True, kw_only=True):
    """One attribution relation: who (`source`) is credited, by which cue, with what.

    `kind` is one of official, agency, media, document, person, vague, self;
    `name` the resolved source name (the antecedent of "he" or of "the
    channel"), and `key` identifies one source across the article (None for
    a vague or missing source).
    """

    cue: Offsets
    content: tuple[Offsets, ...] = ()
    source: Offsets | None = None
    name: str | None = None
    kind: str = "vague"
    key: str | None = None


class Relations(msgspec.Struct, frozen=True, kw_only=True):
    """The attribution relations of one document, in the order the text gives them."""

    relations: tuple[Relation, ...] = ()

    def sourced(self) -> tuple[Relation, ...]:
        """The relations that credit a source ("it was reported" credits no one)."""
        return tuple(r for r in self.relations if r.source is not None)


class _Found(Protocol):
    """An attribution as the finder keeps it: token ranges into `doc.tokens`."""

    @property
    def cue(self) -> tuple[int, int]: ...
    @property
    def content(self) -> Sequence[tuple[int, int]]: ...
    @property
    def source(self) -> tuple[int, int] | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def key(self) -> str | None: ...


def relations_of(doc: Analysis, found: Iterable[_Found]) -> Relations:
    """The product for `doc` from the finder's relations (token ranges become offsets)."""
    starts, ends = doc.folded.starts, doc.folded.ends
    out = []
    # Token range (a, b) -> offsets (starts[a], ends[b - 1]), written out: one
    # relation per cue of a long document.
    for r in found:
        cue, source = r.cue, r.source
        out.append(
            Relation(
                cue=(starts[cue[0]], ends[cue[1] - 1]),
                content=tuple([(starts[a], ends[b - 1]) for a, b in r.content if b > a]),
                source=(starts[source[0]], ends[source[1] - 1]) if source is not None else None,
                name=r.name,
                kind=r.kind,
                key=r.key,
            )
        )
    return Relations(relations=tuple(out))
