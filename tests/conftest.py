"""Shared fixtures: the seed corpus and engines built from throwaway plugins."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import msgspec
import pytest

from reliability import Document, Engine
from reliability.config import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"


def load_seed(prefix: str) -> Document:
    """The seed document whose file name starts with `prefix` ("000" ... "004")."""
    (path,) = SEEDS.glob(f"{prefix}_*.json")
    return msgspec.json.decode(path.read_bytes(), type=Document)


@pytest.fixture(scope="session")
def seeds() -> dict[str, Document]:
    return {
        p.name[:3]: msgspec.json.decode(p.read_bytes(), type=Document)
        for p in sorted(SEEDS.glob("*.json"))
    }


@pytest.fixture
def make_engine() -> Callable[..., Engine]:
    """Build an engine from the given plugin objects only (no installed plugins)."""

    def build(*plugins: Any, settings: Settings | None = None, **kw: Any) -> Engine:
        return Engine(settings or Settings(), entry_points=False, plugins=plugins, **kw)

    return build


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
    return [s.text for s in items]
