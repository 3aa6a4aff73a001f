"""Reading word and data tables: tab-separated, `#` comment lines, a checked header.

Every table the analysis layer and the built-in heuristics read goes through
`read_table`, so a malformed row fails loudly at load time with the file and
row it is in, never silently during scoring. Third-party plugins may use it
for their own tables.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, TypeVar

import msgspec


class TableError(ValueError):
    """A data table is malformed; the message names the file and the row."""


def read_table(path: Path, columns: int | Sequence[str]) -> list[list[str]]:
    """The data rows of the TSV table at `path`; see `parse_table`."""
    return parse_table(path.read_text("utf-8"), columns, name=path.name)


def parse_table(text: str, columns: int | Sequence[str], *, name: str) -> list[list[str]]:
    """The data rows of a TSV table, comment lines (`#`) and blank lines skipped.

    `columns` is either the number of columns or the header's exact names; the
    first non-comment line is the header and is checked against it. Every data
    row must have as many columns as the header. Errors name the table (`name`)
    and the data row.
    """
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    width = columns if isinstance(columns, int) else len(columns)
    if not rows or len(rows[0]) != width:
        raise TableError(f"{name}: the header must have {width} columns")
    if not isinstance(columns, int) and rows[0] != list(columns):
        raise TableError(f"{name}: the header is {rows[0]!r}, expected {list(columns)!r}")
    body = rows[1:]
    for number, row in enumerate(body, start=2):
        if len(row) != width:
            raise TableError(f"{name}: data row {number} has {len(row)} columns: {row!r}")
    return body


def wordset(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string, for compact grammar tables."""
    return frozenset(words.split())


class _Indexed(Protocol):
    @property
    def tsv_sha256(self) -> str: ...


IndexT = TypeVar("IndexT", bound=_Indexed)


def tables_sha256(paths: Sequence[Path]) -> str:
    """The SHA-256 of the tables at `paths`, in order: what a prebuilt index was built from."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def read_index(path: Path, kind: type[IndexT], tables: Sequence[Path]) -> IndexT | None:
    """The prebuilt index at `path` (MessagePack of a `kind` Struct with a `tsv_sha256`
    field) when it was built from `tables` as they are now; None when it is missing, of
    another layout, or stale (the caller then builds from the tables)."""
    try:
        index = msgspec.msgpack.decode(path.read_bytes(), type=kind)
    except (OSError, msgspec.DecodeError):  # missing, or of another layout (a ValidationError)
        return None
    return index if index.tsv_sha256 == tables_sha256(tables) else None
