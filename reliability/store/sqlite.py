"""`SQLiteStore`: the document store in one SQLite file (stdlib `sqlite3`).

Layout (schema version 2; `PRAGMA user_version` records the version):

- `documents`: one row per text. `seq` is an integer key the index tables
  refer to (eight bytes a posting instead of a 16-character id); `id` is the
  content address the API uses. `published_day` is the calendar date of
  `published` as written, so date filters and the peer window compare ISO
  text. Indexes serve the listing: `(stored_at, id)` for the storage order,
  `(outlet, stored_at, id)` for one outlet, `(published_day)` for dates.
- `terms`: the term dictionary, term → `term_id` and document frequency `df`,
  kept exact on every put and delete.
- `postings`: the inverted index, `(term_id, doc_seq)` as a WITHOUT ROWID
  primary key, so the posting list of a term is one contiguous range of the
  B-tree. `postings_by_document` finds a document's own terms (to delete
  them, or to look up peers of a stored document without re-analysing it).
- `store_stats`: the document count, so `count()` and the IDF weights need no
  table scan.

Schema changes are `MIGRATIONS` (`reliability.store.sqlite_schema`), applied
in order and in one transaction when a store is opened; a file from a newer
version is refused, not touched. The peer rules are in
`reliability.store.peering`, shared with the PostgreSQL store; the listing and
peer queries are built in `reliability.store.sqlite_queries`.

Durability and concurrency: WAL journal with `synchronous=FULL` (each commit
is fsynced before `put` returns), foreign keys on, a busy timeout, and writes
in `BEGIN IMMEDIATE` transactions so a writer waits for the lock up front
rather than failing on upgrade. Each thread gets its own connection; several
processes may open the same file, SQLite's file locks serialise their
writers, and an operation that still finds the database busy is retried with
backoff for up to `retry_for` seconds. Concurrent `put` calls of one process
share a transaction (`reliability.store.batching`), one commit between them.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from reliability.analysis import Analysis
from reliability.document import Document, document_id
from reliability.store.base import (
    DEFAULT_PAGE_SIZE,
    DEFAULT_PEER_LIMIT,
    DEFAULT_WINDOW_DAYS,
    DocumentStore,
    DocumentSummary,
    Page,
    Peer,
    StoreError,
    check_limit,
    encode_cursor,
)
from reliability.store.batching import GroupCommit, PreparedWrites
from reliability.store.peering import (
    DF_CAP_FRACTION,
    DF_CAP_MINIMUM,
    DOCUMENT_COLUMNS,
    MAX_PEER_LIMIT,
    MAX_POSTINGS_READ,
    MAX_QUERY_TERMS,
    MIN_PEER_SCORE,
    MIN_SCORE_FRACTION,
    MIN_SHARED_TERMS,
    ONE_MICROSECOND,
    PeerQuery,
    Pending,
    QueryTerm,
    document_from_row,
    document_of,
    parse_stamp,
    published_day,
    ranked_peers,
    select_query_terms,
    stamp,
    window,
)
from reliability.store.sqlite_queries import list_sql, peer_params
from reliability.store.sqlite_schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Migration,
    index_terms,
    migrate,
)
from reliability.store.terms import story_terms

__all__ = [
    "DF_CAP_FRACTION",
    "DF_CAP_MINIMUM",
    "MAX_PEER_LIMIT",
    "MAX_POSTINGS_READ",
    "MAX_QUERY_TERMS",
    "MIGRATIONS",
    "MIN_PEER_SCORE",
    "MIN_SCORE_FRACTION",
    "MIN_SHARED_TERMS",
    "SCHEMA_VERSION",
    "Migration",
    "QueryTerm",
    "SQLiteStore",
    "default_store_path",
    "migrate",
    "select_query_terms",
]

T = TypeVar("T")

# --- Connection parameters --------------------------------------------------------

DEFAULT_BUSY_TIMEOUT = 5.0
DEFAULT_RETRY_FOR = 30.0
# Page cache per connection, in KiB (SQLite's default is 2 MiB). Larger
# helps bulk inserts into the postings B-trees; each worker thread has its
# own connection, so it stays modest; the OS caches the file besides.
_CACHE_KIB = 16 * 1024
_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


def default_store_path() -> Path:
    """Where the store lives when no path is configured: the user's data directory."""
    return Path(platformdirs.user_data_dir("reliability", appauthor=False)) / "store.sqlite3"


def _next_stamp(conn: sqlite3.Connection) -> dt.datetime:
    """Now, or just after the latest `stored_at` if the clock is behind it.

    Called inside the write transaction: `stored_at` then increases in
    commit order, which keyset pagination relies on to never skip a
    document committed while a client pages.
    """
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    latest = conn.execute("SELECT max(stored_at) FROM documents").fetchone()[0]
    if latest is not None:
        previous = parse_stamp(latest)
        if now <= previous:
            now = previous + ONE_MICROSECOND
    return now


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _BUSY_CODES  # extended codes keep the primary in the low byte
    message = str(exc).lower()
    return "locked" in message or "busy" in message


class SQLiteStore(PreparedWrites, DocumentStore):
    """A `DocumentStore` in one SQLite file; see the module docstring for the layout.

    `path` defaults to `default_store_path()`; its directory is created.
    `busy_timeout` is how long SQLite itself waits for a lock; `retry_for`
    bounds the retries after that, then `StoreError` is raised.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        retry_for: float = DEFAULT_RETRY_FOR,
    ) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self._busy_timeout = busy_timeout
        self._retry_for = retry_for
        self._lock = threading.Lock()
        self._local = threading.local()
        self._connections: builtins.list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._pid = os.getpid()
        self._closed = False
        self._group = GroupCommit(self._write_pending)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store's directory: {exc}") from exc
        try:
            self._retry(lambda: migrate(self._connection()))
        except BaseException:
            self.close()
            raise

    def __repr__(self) -> str:
        return f"SQLiteStore({str(self.path)!r})"

    # --- connections and retries ---------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: autocommit; transactions are explicit
        # BEGIN IMMEDIATE ... COMMIT. check_same_thread=False only so that
        # close() may close every thread's connection; each is used by one thread.
        conn = sqlite3.connect(
            self.path, timeout=self._busy_timeout, isolation_level=None, check_same_thread=False
        )
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{self.path}: cannot use WAL journal mode (got {mode!r})")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA cache_size = {-_CACHE_KIB}")
        except BaseException:
            conn.close()
            raise
        return conn

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        if self._closed:
            raise StoreError("the store is closed")
        if self._pid != os.getpid():
            # A forked child must not use its parent's connections (SQLite
            # forbids it); forget them without closing, and start afresh.
            self._pid = os.getpid()
            self._local = threading.local()
            self._connections = []
            self._group = GroupCommit(self._write_pending)
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                # Close connections of threads that have ended, so a server
                # that replaces its workers does not accumulate file handles.
                alive = []
                for thread, other in self._connections:
                    if thread.is_alive():
                        alive.append((thread, other))
                    else:
                        other.close()
                alive.append((threading.current_thread(), conn))
                self._connections = alive
        return conn

    def _retry(self, operation: Callable[[], T]) -> T:
        """Run `operation`, retrying while the database is busy, mapping failures to StoreError."""
        deadline = time.monotonic() + self._retry_for
        delay = 0.005
        while True:
            try:
                return operation()
            except sqlite3.Error as exc:
                if _is_busy(exc) and time.monotonic() < deadline:
                    # Jitter so that processes that collided do not collide again.
                    time.sleep(delay * (0.5 + random.random()))
                    delay = min(delay * 2, 0.5)
                    continue
                if self._closed:
                    raise StoreError("the store is closed") from exc
                raise StoreError(f"{self.path}: {exc}") from exc

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that holds the write lock from its start."""
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            # Also when COMMIT itself fails: the connection must not be left
            # inside a transaction, or the retry's BEGIN would fail.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # --- writes ------------------------------------------------------------------

    def _insert(self, conn: sqlite3.Connection, pending: Pending, moment: dt.datetime) -> bool:
        """Insert one prepared document in the open transaction; False when it already exists."""
        doc = pending.document
        cursor = conn.execute(
            "INSERT INTO documents (id, text, title, url, outlet, author, published, "
            "published_day, language, length, stored_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            (
                doc.id,
                doc.text,
                doc.title,
                doc.url,
                doc.outlet,
                doc.author,
                doc.published,
                published_day(doc),
                doc.language,
                len(doc.text),
                stamp(moment),
            ),
        )
        if cursor.rowcount == 0:
            return False
        seq = cursor.lastrowid
        assert seq is not None
        index_terms(conn, seq, pending.terms)
        conn.execute("UPDATE store_stats SET value = value + 1 WHERE name = 'documents'")
        return True

    def _write_pending(self, pending: Sequence[Pending]) -> set[str]:
        """Insert prepared documents (distinct ids) in one transaction; the ids that were new."""

        def write() -> set[str]:
            with self._write() as conn:
                moment = _next_stamp(conn)
                created = set()
                for item in pending:
                    if self._insert(conn, item, moment):
                        created.add(item.document.doc_id)
                        moment += ONE_MICROSECOND
                return created

        return self._retry(write)

    def existing(self, ids: Iterable[str]) -> set[str]:
        """See `DocumentStore.existing`."""
        found: set[str] = set()
        batch = builtins.list(dict.fromkeys(ids))
        for start in range(0, len(batch), 500):
            part = batch[start : start + 500]
            sql = f"SELECT id FROM documents WHERE id IN ({','.join('?' * len(part))})"

            def read(sql: str = sql, part: builtins.list[str] = part) -> builtins.list[Any]:
                return self._connection().execute(sql, part).fetchall()

            found.update(row[0] for row in self._retry(read))
        return found

    def _stored(self, ids: Iterable[str]) -> dict[str, Document]:
        """The stored documents among `ids`, by id (read outside any write lock)."""
        found: dict[str, Document] = {}
        batch = builtins.list(dict.fromkeys(ids))
        for start in range(0, len(batch), 500):
            part = batch[start : start + 500]
            marks = ",".join("?" * len(part))
            sql = f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id IN ({marks})"

            def read(sql: str = sql, part: builtins.list[str] = part) -> builtins.list[Any]:
                return self._connection().execute(sql, part).fetchall()

            for row in self._retry(read):
                found[row[0]] = document_from_row(row)
        return found

    def delete(self, id: str) -> bool:
        """See `DocumentStore.delete`."""

        def write() -> bool:
            with self._write() as conn:
                row = conn.execute("SELECT seq FROM documents WHERE id = ?", (id,)).fetchone()
                if row is None:
                    return False
                seq = row[0]
                conn.execute(
                    "UPDATE terms SET df = df - 1 WHERE term_id IN "
                    "(SELECT term_id FROM postings WHERE doc_seq = ?)",
                    (seq,),
                )
                term_ids = conn.execute(
                    "SELECT term_id FROM postings WHERE doc_seq = ?", (seq,)
                ).fetchall()
                conn.execute("DELETE FROM postings WHERE doc_seq = ?", (seq,))
                # Terms no document uses any more leave the dictionary.
                conn.executemany("DELETE FROM terms WHERE term_id = ? AND df = 0", term_ids)
                conn.execute("DELETE FROM documents WHERE seq = ?", (seq,))
                conn.execute("UPDATE store_stats SET value = value - 1 WHERE name = 'documents'")
                return True

        return self._retry(write)

    # --- reads ---------------------------------------------------------------------

    def get(self, id: str) -> Document | None:
        """See `DocumentStore.get`."""

        def read() -> Document | None:
            row = (
                self._connection()
                .execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (id,))
                .fetchone()
            )
            return None if row is None else document_from_row(row)

        return self._retry(read)

    def count(self) -> int:
        """See `DocumentStore.count`."""

        def read() -> int:
            row = (
                self._connection()
                .execute("SELECT value FROM store_stats WHERE name = 'documents'")
                .fetchone()
            )
            return int(row[0])

        return self._retry(read)

    def list(
        self,
        *,
        outlet: str | None = None,
        published_from: dt.date | None = None,
        published_to: dt.date | None = None,
        limit: int = DEFAULT_PAGE_SIZE,
        cursor: str | None = None,
    ) -> Page:
        """See `DocumentStore.list`."""
        check_limit(limit)
        sql, params = list_sql(outlet, published_from, published_to, limit, cursor)

        def read() -> builtins.list[Any]:
            return self._connection().execute(sql, params).fetchall()

        rows = self._retry(read)
        items = [
            DocumentSummary(
                id=row[0],
                title=row[1],
                outlet=row[2],
                author=row[3],
                url=row[4],
                published=row[5],
                language=row[6],
                stored_at=row[7],
                length=row[8],
            )
            for row in rows[:limit]
        ]
        next_cursor = None
        if len(rows) > limit:
            last = items[-1]
            next_cursor = encode_cursor(last.stored_at, last.id)
        return Page(items=items, next_cursor=next_cursor)

    # --- peers ----------------------------------------------------------------------

    def _peer_query(self, item: Document | Analysis, window_days: int) -> PeerQuery:
        """What a peer lookup reads: the terms to query with their weights, the bar, the window.

        Terms of a stored document come from its postings; a new document
        is analysed (or its analysis read, when given).
        """
        document = document_of(item)
        low_high = window(published_day(document), window_days)  # checks window_days
        doc_id = document_id(document.text)

        def lookup_stored() -> tuple[int, str | None] | None:
            row = (
                self._connection()
                .execute("SELECT seq, published_day FROM documents WHERE id = ?", (doc_id,))
                .fetchone()
            )
            return None if row is None else (row[0], row[1])

        stored = self._retry(lookup_stored)
        seq = stored[0] if stored is not None else None
        analysis = item if isinstance(item, Analysis) else None
        terms = None if stored is not None else story_terms(analysis or Analysis(document))

        def read_terms() -> tuple[int, builtins.list[tuple[int, str, int]]]:
            conn = self._connection()
            total = conn.execute("SELECT value FROM store_stats WHERE name = 'documents'")
            total_documents = int(total.fetchone()[0])
            if seq is not None:
                rows = conn.execute(
                    "SELECT t.term_id, t.term, t.df FROM postings AS p "
                    "JOIN terms AS t ON t.term_id = p.term_id WHERE p.doc_seq = ?",
                    (seq,),
                ).fetchall()
            elif terms:
                placeholders = ",".join("?" * len(terms))
                rows = conn.execute(
                    f"SELECT term_id, term, df FROM terms WHERE term IN ({placeholders})",
                    terms,
                ).fetchall()
            else:
                rows = []
            return total_documents, rows

        total, rows = self._retry(read_terms)
        own = 1 if seq is not None else 0  # a stored document counts in its own terms' df
        weighted, min_score = select_query_terms(
            [(term_id, term, df - own) for term_id, term, df in rows], total
        )

        low, high = low_high
        if low is None and stored is not None:
            low, high = window(stored[1], window_days)
        return PeerQuery(doc_id, seq, weighted, min_score, low, high)

    def peers(
        self,
        document: Document | Analysis,
        *,
        limit: int = DEFAULT_PEER_LIMIT,
        window_days: int = DEFAULT_WINDOW_DAYS,
    ) -> builtins.list[Peer]:
        """See `DocumentStore.peers`.

        Score: the summed IDF, ln(1 + N/df), of the shared terms, a person's
        full name and surname counting once (as their better term).
        Threshold: at least MIN_SHARED_TERMS (2) shared terms of different
        entities, and a score of at least MIN_PEER_SCORE (6.0) and at least
        MIN_SCORE_FRACTION (15%) of the summed IDF of the queried terms that
        several documents have (`select_query_terms`). On a synthetic corpus
        of 100,000 articles in known stories this keeps 99% of returned
        peers in the query's own story, with every same-story article found
        (`benchmarks/peers.py`).
        """
        check_limit(limit, MAX_PEER_LIMIT)
        query = self._peer_query(document, window_days)
        if len(query.terms) < MIN_SHARED_TERMS:
            return []
        sql, params = peer_params(query, limit)

        def read() -> builtins.list[tuple[str, float, str]]:
            return self._connection().execute(sql, params).fetchall()

        rows = self._retry(read)
        return ranked_peers(
            query, ((i, score, [int(t) for t in shared.split(",")]) for i, score, shared in rows)
        )

    def peer_query_plan(self, document: Document, *, window_days: int = DEFAULT_WINDOW_DAYS) -> str:
        """EXPLAIN QUERY PLAN of the candidate query `peers` would run for `document`.

        For diagnostics and the benchmark: it shows that posting lists are
        read through the primary key and documents by rowid, not scanned.
        """
        query = self._peer_query(document, window_days)
        if len(query.terms) < MIN_SHARED_TERMS:
            return "(too few queryable terms: no candidate query is run)"
        sql, params = peer_params(query, DEFAULT_PEER_LIMIT)
        rows = self._connection().execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        depth = {0: 0}
        lines = []
        for node, parent, _, detail in rows:
            depth[node] = depth.get(parent, 0) + 1
            lines.append("  " * (depth[node] - 1) + detail)
        return "\n".join(lines)

    # --- lifecycle -------------------------------------------------------------------

    def ping(self) -> bool:
        """See `DocumentStore.ping`."""
        try:
            self._retry(lambda: self._connection().execute("SELECT 1 FROM store_stats").fetchone())
        except (StoreError, sqlite3.Error):
            return False
        return True

    def close(self) -> None:
        """See `DocumentStore.close`."""
        with self._lock:
            self._closed = True
            connections, self._connections = self._connections, []
        if self._pid != os.getpid():
            return  # inherited through fork: the parent owns these
        for _, conn in connections:
            # Refreshes the planner's statistics when they have gone stale, as
            # SQLite recommends before closing; an optimisation, so never fatal.
            with contextlib.suppress(sqlite3.Error):
                conn.execute("PRAGMA optimize")
            conn.close()
