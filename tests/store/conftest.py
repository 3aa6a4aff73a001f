"""Fixtures for the document store: every contract test runs on each backend.

`store` is a new, empty store of the backend the test is parametrised with:
SQLite in a temporary file, or PostgreSQL in a new database on the session's
real server (tests/postgres.py; those runs are `slow`, as they start it).
Tests about one backend's own machinery use `sqlite_store` or `postgres_url`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reliability.store import DocumentStore, SQLiteStore, open_store

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.slow)]


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """Where a test's SQLite store file goes."""
    return tmp_path / "store.sqlite3"


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, store_path: Path) -> str:
    """Where the test's store is: a file path, or a PostgreSQL database's URL."""
    if request.param == "sqlite":
        return str(store_path)
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[DocumentStore]:
    """A new, empty store of the test's backend, closed after the test."""
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def sqlite_store(store_path: Path) -> Iterator[SQLiteStore]:
    """A new, empty SQLite store, for tests of SQLite's own machinery."""
    s = SQLiteStore(store_path)
    yield s
    s.close()
