"""Reading the built-in heuristics' data tables (tab-separated, `#` comment lines)."""

from __future__ import annotations

from pathlib import Path


def read_table(path: Path, width: int) -> list[list[str]]:
    """Data rows of a TSV: comment lines skipped, header checked, `width` columns each."""
    text = path.read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    if not rows or len(rows[0]) != width:
        raise ValueError(f"{path.name}: the header must have {width} columns")
    body = rows[1:]
    for number, row in enumerate(body, start=2):
        if len(row) != width:
            raise ValueError(f"{path.name}: data row {number} has {len(row)} columns: {row!r}")
    return body


def wordset(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string, for compact grammar tables."""
    return frozenset(words.split())
