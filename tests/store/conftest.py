"""Fixtures for the document store: a fresh SQLite store and small test documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reliability.store import SQLiteStore


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """Where a test's store file goes."""
    return tmp_path / "store.sqlite3"


@pytest.fixture
def store(store_path: Path) -> Iterator[SQLiteStore]:
    """A new, empty store, closed after the test."""
    s = SQLiteStore(store_path)
    yield s
    s.close()
