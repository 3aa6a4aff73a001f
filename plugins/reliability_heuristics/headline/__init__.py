"""Headline: clickbait form, and headline claims the body does not back (see `heuristic`)."""

from .heuristic import Headline, register_heuristics

__all__ = ["Headline", "register_heuristics"]
