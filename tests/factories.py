"""Test building blocks: paths, the seed corpus, throwaway plugins."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import msgspec

from reliability import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def load_seed(prefix: str) -> Document:
    """The seed document whose file name starts with `prefix` ("000" ... "004")."""
    (path,) = SEEDS.glob(f"{prefix}_*.json")
    return msgspec.json.decode(path.read_bytes(), type=Document)


def plugin_of(*heuristics: Any, name: str = "test-plugin") -> Any:
    """A throwaway plugin object that registers the given heuristics."""
    from reliability import hookimpl

    class _Plugin:
        __name__ = name

        @hookimpl
        def register_heuristics(self, register: Callable[[Any], None]) -> None:
            for h in heuristics:
                register(h)

    return _Plugin()


def spans_of(items: Iterable[Any]) -> list[str]:
    """The texts of spans or elements."""
    return [s.text for s in items]
