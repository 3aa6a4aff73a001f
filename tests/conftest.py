"""Shared fixtures: the seed corpus and engines built from throwaway plugins."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from browser import browser, page  # noqa: F401  (headless Chromium fixtures)
from factories import SEEDS, load_seed

from reliability import Document, Engine
from reliability.config import Settings


@pytest.fixture(scope="session")
def seeds() -> dict[str, Document]:
    """The five seed documents by their number ("000" ... "004")."""
    return {p.name[:3]: load_seed(p.name[:3]) for p in sorted(SEEDS.glob("*.json"))}


@pytest.fixture
def make_engine() -> Callable[..., Engine]:
    """Build an engine from the given plugin objects only (no installed plugins)."""

    def build(*plugins: Any, settings: Settings | None = None, **kw: Any) -> Engine:
        return Engine(settings or Settings(), entry_points=False, plugins=plugins, **kw)

    return build
