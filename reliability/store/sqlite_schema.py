"""The SQLite store's schema and its migrations (see `reliability.store.sqlite` for the layout).

Schema changes are `MIGRATIONS`, applied in order and in one transaction
when a store is opened; a file from a newer version is refused, not touched.
`PRAGMA user_version` records the version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reliability.analysis import Analysis
from reliability.store.base import StoreError
from reliability.store.peering import DOCUMENT_COLUMNS, document_from_row
from reliability.store.terms import story_terms

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration", "index_terms", "migrate"]

# --- Schema and migrations --------------------------------------------------------


@dataclass(frozen=True)
class Migration:
    """One schema step: `apply` brings a database at `version - 1` to `version`."""

    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


def _execute_all(conn: sqlite3.Connection, statements: Sequence[str]) -> None:
    # Not executescript(): it commits first, which would break the
    # migration's enclosing transaction.
    for statement in statements:
        conn.execute(statement)


def _migration_1(conn: sqlite3.Connection) -> None:
    """Documents with their metadata, and the listing indexes."""
    _execute_all(
        conn,
        [
            """CREATE TABLE documents (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                text TEXT NOT NULL,
                title TEXT,
                url TEXT,
                outlet TEXT,
                author TEXT,
                published TEXT,
                published_day TEXT,
                language TEXT,
                length INTEGER NOT NULL,
                stored_at TEXT NOT NULL
            )""",
            "CREATE INDEX documents_by_stored ON documents (stored_at, id)",
            "CREATE INDEX documents_by_outlet ON documents (outlet, stored_at, id)",
            "CREATE INDEX documents_by_published ON documents (published_day)",
            """CREATE TABLE store_stats (
                name TEXT PRIMARY KEY,
                value INTEGER NOT NULL
            ) WITHOUT ROWID""",
            "INSERT INTO store_stats (name, value) VALUES ('documents', 0)",
        ],
    )


def _migration_2(conn: sqlite3.Connection) -> None:
    """The peer index: term dictionary with document frequencies, and postings.

    Documents stored before this version are indexed here, so an upgraded
    store finds peers among everything it already holds.
    """
    _execute_all(
        conn,
        [
            """CREATE TABLE terms (
                term_id INTEGER PRIMARY KEY,
                term TEXT NOT NULL UNIQUE,
                df INTEGER NOT NULL CHECK (df >= 0)
            )""",
            """CREATE TABLE postings (
                term_id INTEGER NOT NULL REFERENCES terms (term_id),
                doc_seq INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
                PRIMARY KEY (term_id, doc_seq)
            ) WITHOUT ROWID""",
            "CREATE INDEX postings_by_document ON postings (doc_seq, term_id)",
        ],
    )
    rows = conn.execute(f"SELECT seq, {DOCUMENT_COLUMNS} FROM documents ORDER BY seq").fetchall()
    for seq, *fields in rows:
        index_terms(conn, seq, story_terms(Analysis(document_from_row(fields))))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents and listing indexes", _migration_1),
    Migration(2, "peer index: terms and postings", _migration_2),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply the pending migrations up to `target` in one transaction; return the version.

    `conn` must be in autocommit mode (`isolation_level=None`). The version
    is read after the write lock is taken, so processes opening a new file
    at once migrate it exactly once. A database from a newer version raises
    `StoreError` and is left untouched.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"the store's schema is version {current}, newer than this version of "
                f"reliability supports ({SCHEMA_VERSION}); upgrade reliability"
            )
        for migration in MIGRATIONS:
            if current < migration.version <= target:
                migration.apply(conn)
                # PRAGMA takes no parameters; the version is our own integer.
                conn.execute(f"PRAGMA user_version = {int(migration.version)}")
                current = migration.version
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return int(current)


def index_terms(conn: sqlite3.Connection, seq: int, terms: Sequence[str]) -> None:
    """Add a document's terms to the dictionary (df + 1) and to the postings."""
    terms = list(dict.fromkeys(terms))  # a repeated term would count twice in df
    if not terms:
        return
    conn.executemany(
        "INSERT INTO terms (term, df) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET df = df + 1",
        [(term,) for term in terms],
    )
    placeholders = ",".join("?" * len(terms))
    conn.execute(
        f"INSERT INTO postings (term_id, doc_seq) "
        f"SELECT term_id, ? FROM terms WHERE term IN ({placeholders})",
        (seq, *terms),
    )
