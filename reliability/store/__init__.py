"""The durable document store and its peer index.

Callers (the HTTP API, the CLI) use the `DocumentStore` interface only, and
get an instance from `open_store`, so the backend is a deployment choice:

- a plain path, or `sqlite://` followed by a path (`sqlite:///var/lib/r.sqlite3`
  is absolute, `sqlite://data/r.sqlite3` relative, `sqlite://` alone the
  default path in the user's data directory): `SQLiteStore`, embedded, for
  one machine;
- `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB` (or `postgres://`, with any
  libpq parameters after `?`): `PostgresStore`, for several API instances
  on one corpus. It needs the `postgres` extra (psycopg 3 and its pool).

Another backend adds a class implementing `DocumentStore` and a scheme here.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

from reliability.errors import ConfigError
from reliability.store.base import (
    DocumentStore,
    DocumentSummary,
    Page,
    Peer,
    StoreError,
    TokenBuckets,
    redact_url,
)
from reliability.store.loading import LOAD_BATCH, load_documents
from reliability.store.sqlite import SQLiteStore, default_store_path
from reliability.store.terms import story_terms

__all__ = [
    "LOAD_BATCH",
    "SUPPORTED_SCHEMES",
    "DocumentStore",
    "DocumentSummary",
    "Page",
    "Peer",
    "SQLiteStore",
    "StoreError",
    "TokenBuckets",
    "default_store_path",
    "load_documents",
    "open_store",
    "redact_url",
    "story_terms",
]

SUPPORTED_SCHEMES = ("sqlite", "postgresql", "postgres")
_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<rest>.*)$", re.DOTALL)


def open_store(url_or_path: str | os.PathLike[str] | None = None) -> DocumentStore:
    """Open the store a URL or path names; None opens the default SQLite store.

    Raises `ConfigError` for a URL whose scheme no backend handles, naming the
    supported ones, and `StoreError` when the store cannot be opened.
    """
    if url_or_path is None:
        return SQLiteStore(default_store_path())
    if isinstance(url_or_path, os.PathLike):
        return SQLiteStore(Path(url_or_path))
    match = _URL.match(url_or_path)
    if match is None:
        if not url_or_path.strip():
            raise ConfigError("store: empty path; give a file path or sqlite:///path")
        return SQLiteStore(Path(url_or_path))
    scheme = match["scheme"].lower()
    if scheme in ("postgresql", "postgres"):
        return _open_postgres(url_or_path)
    if scheme != "sqlite":
        raise ConfigError(
            f"store: unsupported URL scheme {scheme!r} in {url_or_path!r}; supported: "
            "sqlite:///path/to/file.sqlite3, a plain file path, or "
            "postgresql://USER@HOST:PORT/DB"
        )
    path = unquote(match["rest"])
    return SQLiteStore(Path(path) if path else default_store_path())


def _open_postgres(url: str) -> DocumentStore:
    """A `PostgresStore` for `url`; a clear error when the driver is not installed."""
    try:
        from reliability.store.postgres import PostgresStore
    except ImportError as exc:
        raise ConfigError(
            f"store: {url.split('://')[0]}:// needs the PostgreSQL driver ({exc.name} is "
            "missing); install it with: pip install 'reliability-scorecards[postgres]'"
        ) from None
    return PostgresStore(url)
