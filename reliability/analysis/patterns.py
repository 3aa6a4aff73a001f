"""The phrase-pattern syntax of word tables, for heuristics built-in or third-party.

A pattern is words separated by spaces; `a/b` offers alternatives at one
position and a trailing `?` makes a position optional: `"is/was reportedly?"`
stands for "is reportedly", "is", "was reportedly" and "was".
"""

from __future__ import annotations

from itertools import product


def expand_pattern(pattern: str) -> list[tuple[str, ...]]:
    """All word sequences a pattern stands for, in order; an all-optional empty one is left out."""
    positions: list[list[str | None]] = []
    for part in pattern.split():
        options: list[str | None] = list(part.rstrip("?").split("/"))
        if part.endswith("?"):
            options.append(None)
        positions.append(options)
    return [
        words
        for combo in product(*positions)
        if (words := tuple(w for w in combo if w is not None))
    ]
