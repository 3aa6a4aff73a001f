"""The built-in heuristics read their tables with the analysis layer's public reader."""

from reliability.analysis.tables import read_table, wordset

__all__ = ["read_table", "wordset"]
