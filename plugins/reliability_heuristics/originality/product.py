"""What the `originality` heuristic publishes for others: the copy relations of a story.

A heuristic that declares `requires = ("originality",)` and is cross-document
reads them with `context.product("originality", CopyRelations)`: which
documents of the story (the scored one and its peers) copy which, and which
come from one outlet. None when originality was disabled, excluded, failed or
overran. This module is the heuristic's public interface: it imports nothing
of the heuristic's internals.
"""

from __future__ import annotations

import msgspec


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


class Outlet(msgspec.Struct, frozen=True):
    """Where a document comes from: its outlet's name as folded words (None when it gives
    none) and its URL's host without "www." (None without a URL)."""

    name: str | None
    host: str | None

    def same(self, other: Outlet) -> bool:
        """One outlet: by the outlet's name when both give one, else by their URLs' hosts."""
        if self.name is not None and other.name is not None:
            return self.name == other.name
        return self.host is not None and self.host == other.host


class CopyRelations(msgspec.Struct, frozen=True, kw_only=True):
    """The copy relations among a story's documents.

    `documents`: the ids of the story's documents, the scored one first.
    `derivations`: each relation found (at most one per pair), the scored
    document's first. Every pair that may be a copy is aligned: a cheap filter
    over the story's sentences leaves out only pairs that share too few of
    their particular words to be copies. `outlets`: each document's `Outlet`,
    by id (read-only; shared by the documents of one story).
    """

    documents: tuple[str, ...]
    derivations: tuple[Derivation, ...] = ()
    outlets: dict[str, Outlet] = msgspec.field(default_factory=dict)

    def between(self, a: str, b: str) -> Derivation | None:
        """The relation between documents `a` and `b`, either way round, or None."""
        for d in self.derivations:
            if (d.copy_id == a and d.original_id == b) or (d.copy_id == b and d.original_id == a):
                return d
        return None

    def same_outlet(self, a: str, b: str) -> bool:
        """Whether documents `a` and `b` come from one outlet."""
        x, y = self.outlets.get(a), self.outlets.get(b)
        return x is not None and y is not None and x.same(y)
