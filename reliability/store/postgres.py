"""`PostgresStore`: the document store in a PostgreSQL database (psycopg 3, psycopg_pool).

For several API instances on one corpus: every instance opens the same
database URL (`postgresql://USER@HOST:PORT/DB`). The layout and migrations
are in `reliability.store.postgres_schema`; the peer rules are the SQLite
store's (`reliability.store.peering`), so both return the same peers.

Writes take one transaction-scoped advisory lock, so writers of every
instance take turns as SQLite's writers do: `stored_at` then increases in
commit order (keyset pagination never skips a document), the term
frequencies stay exact, and `INSERT ... ON CONFLICT (id) DO NOTHING` makes
the same text stored through two instances at once one document with one
id. Each connection runs with `synchronous_commit = on` (whatever the
server's default), so a write is flushed to the server's disk before a
method returns. Connections come from a pool (`max_connections` per
process); an operation that fails on a lost connection or a serialisation
conflict is retried for up to `retry_for` seconds, then `StoreError`.
Concurrent `put` calls of one process share a transaction
(`reliability.store.batching`).
"""

from __future__ import annotations

import builtins
import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import psycopg
import psycopg_pool

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
    TokenBuckets,
    check_limit,
    decode_cursor,
    encode_cursor,
    redact_url,
)
from reliability.store.batching import GroupCommit, PreparedWrites
from reliability.store.peering import (
    DOCUMENT_COLUMNS,
    MAX_PEER_LIMIT,
    MIN_SHARED_TERMS,
    ONE_MICROSECOND,
    SUMMARY_COLUMNS,
    PeerQuery,
    Pending,
    document_from_row,
    document_of,
    parse_stamp,
    published_day,
    ranked_peers,
    select_query_terms,
    stamp,
    window,
)
from reliability.store.postgres_schema import PEEK_TOKENS, TAKE_TOKEN, WRITE_LOCK, migrate
from reliability.store.terms import story_terms

__all__ = ["PostgresStore"]

T = TypeVar("T")
DEFAULT_MAX_CONNECTIONS = 8
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_RETRY_FOR = 10.0


def _configure(conn: psycopg.Connection[Any]) -> None:
    """Per-connection settings: durable commits whatever the server's default."""
    if conn.execute("SHOW synchronous_commit").fetchone() == ("off",):
        conn.execute("SET synchronous_commit = on")


class PostgresStore(PreparedWrites, DocumentStore):
    """A `DocumentStore` in PostgreSQL; see the module docstring.

    `url` is a libpq connection URL or string. `max_connections` bounds this
    process's pool; `connect_timeout` how long opening, or waiting for a
    pooled connection, may take; `retry_for` how long transient failures
    are retried. Raises `StoreError` when the database cannot be reached or
    its schema is newer than this version.
    """

    def __init__(
        self,
        url: str,
        *,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        retry_for: float = DEFAULT_RETRY_FOR,
    ) -> None:
        self.url = url
        self._timeout = connect_timeout
        self._retry_for = retry_for
        self._closed = False
        self._close_lock = threading.Lock()
        self._group = GroupCommit(self._write_pending)
        try:
            with psycopg.connect(
                url, autocommit=True, connect_timeout=max(1, round(connect_timeout))
            ) as conn:
                migrate(conn)
        except psycopg.Error as exc:
            raise StoreError(f"{redact_url(url)}: {_reason(exc)}") from exc
        self._pool = psycopg_pool.ConnectionPool(
            url,
            min_size=1,
            max_size=max(1, max_connections),
            kwargs={"autocommit": True},
            configure=_configure,
            timeout=connect_timeout,
            name="reliability-store",
            open=False,
        )
        try:
            self._pool.open(wait=True, timeout=connect_timeout)
        except psycopg_pool.PoolTimeout as exc:
            self._pool.close()
            raise StoreError(
                f"{redact_url(url)}: no connection within {connect_timeout:g} s"
            ) from exc

    def __repr__(self) -> str:
        return f"PostgresStore({redact_url(self.url)!r})"

    # --- connections and retries ----------------------------------------------------

    def _run(self, operation: Callable[[psycopg.Connection[Any]], T]) -> T:
        """Run `operation` on a pooled connection, retrying transient failures."""
        deadline = time.monotonic() + self._retry_for
        delay = 0.01
        while True:
            if self._closed:
                raise StoreError("the store is closed")
            try:
                with self._pool.connection() as conn:
                    return operation(conn)
            except psycopg_pool.PoolTimeout as exc:
                raise StoreError(f"{redact_url(self.url)}: no connection available") from exc
            except psycopg_pool.PoolClosed as exc:
                raise StoreError("the store is closed") from exc
            except psycopg.OperationalError as exc:
                # A lost connection (a restarted server), a serialisation
                # conflict or a deadlock: transient; the pool replaces a
                # broken connection.
                if self._closed or time.monotonic() >= deadline:
                    raise StoreError(f"{redact_url(self.url)}: {_reason(exc)}") from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
            except psycopg.Error as exc:
                raise StoreError(f"{redact_url(self.url)}: {_reason(exc)}") from exc

    # --- writes ----------------------------------------------------------------------

    def _write_pending(self, pending: Sequence[Pending]) -> set[str]:
        """Insert prepared documents (distinct ids) in one transaction; the ids that were new."""
        by_id = {p.document.doc_id: p for p in pending}
        return self._run(lambda conn: self._write(conn, by_id))

    def existing(self, ids: Iterable[str]) -> set[str]:
        """See `DocumentStore.existing`."""
        wanted = builtins.list(dict.fromkeys(ids))
        if not wanted:
            return set()
        rows = self._run(
            lambda conn: conn.execute(
                "SELECT id FROM documents WHERE id = ANY(%s)", (wanted,)
            ).fetchall()
        )
        return {row[0] for row in rows}

    def _stored(self, ids: Iterable[str]) -> dict[str, Document]:
        """The stored documents among `ids`, by id."""
        wanted = builtins.list(dict.fromkeys(ids))
        if not wanted:
            return {}
        rows = self._run(
            lambda conn: conn.execute(
                f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ANY(%s)", (wanted,)
            ).fetchall()
        )
        return {row[0]: document_from_row(row) for row in rows}

    @staticmethod
    def _write(conn: psycopg.Connection[Any], pending: dict[str, Pending]) -> set[str]:
        """Insert the prepared documents in one transaction; the ids that were new."""
        docs = [p.document for p in pending.values()]
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            now, latest = conn.execute(
                "SELECT clock_timestamp() AT TIME ZONE 'UTC', max(stored_at) FROM documents"
            ).fetchone()  # type: ignore[misc]
            moment = now if latest is None else max(now, parse_stamp(latest) + ONE_MICROSECOND)
            columns = (
                [d.id for d in docs],
                [d.text for d in docs],
                [d.title for d in docs],
                [d.url for d in docs],
                [d.outlet for d in docs],
                [d.author for d in docs],
                [d.published for d in docs],
                [published_day(d) for d in docs],
                [d.language for d in docs],
                [len(d.text) for d in docs],
                [stamp(moment + i * ONE_MICROSECOND) for i in range(len(docs))],
            )
            rows = conn.execute(
                "INSERT INTO documents (id, text, title, url, outlet, author, published, "
                "published_day, language, length, stored_at) "
                "SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], "
                "%s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::integer[], "
                "%s::text[]) ON CONFLICT (id) DO NOTHING RETURNING id, seq",
                columns,
            ).fetchall()
            created = dict(rows)
            if not created:
                return set()
            counts = Counter(term for doc_id in created for term in pending[doc_id].terms)
            terms = sorted(counts)
            term_ids = dict(
                conn.execute(
                    "INSERT INTO terms (term, df) SELECT * FROM unnest(%s::text[], %s::integer[]) "
                    "ON CONFLICT (term) DO UPDATE SET df = terms.df + EXCLUDED.df "
                    "RETURNING term, term_id",
                    (terms, [counts[t] for t in terms]),
                ).fetchall()
            )
            with conn.cursor().copy("COPY document_terms (doc_seq, term_ids) FROM STDIN") as copy:
                for doc_id, seq in created.items():
                    copy.write_row((seq, [term_ids[t] for t in pending[doc_id].terms]))
            conn.execute(
                "UPDATE store_stats SET value = value + %s WHERE name = 'documents'",
                (len(created),),
            )
        return set(created)

    def delete(self, id: str) -> bool:
        """See `DocumentStore.delete`."""

        def write(conn: psycopg.Connection[Any]) -> bool:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                row = conn.execute(
                    "SELECT d.seq, t.term_ids FROM documents AS d "
                    "LEFT JOIN document_terms AS t ON t.doc_seq = d.seq WHERE d.id = %s",
                    (id,),
                ).fetchone()
                if row is None:
                    return False
                seq, term_ids = row
                if term_ids:
                    conn.execute(
                        "UPDATE terms SET df = df - 1 WHERE term_id = ANY(%s)", (term_ids,)
                    )
                    # Terms no document uses any more leave the dictionary.
                    conn.execute(
                        "DELETE FROM terms WHERE term_id = ANY(%s) AND df = 0", (term_ids,)
                    )
                conn.execute("DELETE FROM documents WHERE seq = %s", (seq,))  # cascades
                conn.execute("UPDATE store_stats SET value = value - 1 WHERE name = 'documents'")
                return True

        return self._run(write)

    # --- reads -------------------------------------------------------------------------

    def get(self, id: str) -> Document | None:
        """See `DocumentStore.get`."""
        row = self._run(
            lambda conn: conn.execute(
                f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = %s", (id,)
            ).fetchone()
        )
        return None if row is None else document_from_row(row)

    def count(self) -> int:
        """See `DocumentStore.count`."""
        return self._run(_count)

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
        clauses: builtins.list[str] = []
        params: builtins.list[object] = []
        if outlet is not None:
            clauses.append("outlet = %s")
            params.append(outlet)
        if published_from is not None:
            clauses.append("published_day >= %s")
            params.append(published_from.isoformat())
        if published_to is not None:
            clauses.append("published_day <= %s")
            params.append(published_to.isoformat())
        if cursor is not None:
            clauses.append("(stored_at, id) > (%s, %s)")  # a range on (stored_at, id)
            params.extend(decode_cursor(cursor))
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"SELECT {SUMMARY_COLUMNS} FROM documents {where} ORDER BY stored_at, id LIMIT %s"
        params.append(limit + 1)  # one more row says whether another page exists
        rows = self._run(lambda conn: conn.execute(sql, params).fetchall())
        fields = ("id", "title", "outlet", "author", "url", "published", "language")
        items = [
            DocumentSummary(
                **dict(zip(fields, row[:7], strict=True)), stored_at=row[7], length=row[8]
            )
            for row in rows[:limit]
        ]
        next_cursor = None
        if len(rows) > limit:
            next_cursor = encode_cursor(items[-1].stored_at, items[-1].id)
        return Page(items=items, next_cursor=next_cursor)

    # --- peers ---------------------------------------------------------------------------

    def _peer_query(
        self, conn: psycopg.Connection[Any], item: Document | Analysis, window_days: int
    ) -> PeerQuery:
        """The terms to query with their weights, the evidence bar and the date window."""
        document = document_of(item)
        low, high = window(published_day(document), window_days)  # checks window_days
        doc_id = document_id(document.text)
        stored = conn.execute(
            "SELECT seq, published_day FROM documents WHERE id = %s", (doc_id,)
        ).fetchone()
        total = _count(conn)
        if stored is not None:
            rows = conn.execute(
                "SELECT t.term_id, t.term, t.df - 1 FROM document_terms AS d "
                "CROSS JOIN LATERAL unnest(d.term_ids) AS u (term_id) "
                "JOIN terms AS t ON t.term_id = u.term_id WHERE d.doc_seq = %s",
                (stored[0],),
            ).fetchall()  # a stored document counts in its own terms' df: - 1
            if low is None:
                low, high = window(stored[1], window_days)
        else:
            terms = story_terms(item if isinstance(item, Analysis) else Analysis(document))
            rows = conn.execute(
                "SELECT term_id, term, df FROM terms WHERE term = ANY(%s)", (terms,)
            ).fetchall()
        weighted, min_score = select_query_terms(rows, total)
        seq = stored[0] if stored is not None else None
        return PeerQuery(doc_id, seq, weighted, min_score, low, high)

    # Each queried term's posting list is a GIN lookup (`@>` one term id);
    # matches are grouped per candidate and entity (an entity's best term
    # counts), then per candidate, and filtered by evidence before the few
    # survivors are joined to `documents` for the date window.
    _PEER_SQL = """
        WITH q (term_id, idf, entity) AS (
            SELECT * FROM unnest(%(term_ids)s::integer[], %(idfs)s::float8[],
                                 %(entities)s::integer[])
        ), e AS (
            SELECT p.doc_seq, max(q.idf) AS idf, string_agg(q.term_id::text, ',') AS terms
            FROM q CROSS JOIN LATERAL (
                SELECT doc_seq FROM document_terms WHERE term_ids @> ARRAY[q.term_id]
            ) AS p
            WHERE p.doc_seq <> %(seq)s
            GROUP BY p.doc_seq, q.entity
        ), m AS (
            SELECT doc_seq, sum(idf) AS score, string_agg(terms, ',') AS shared
            FROM e GROUP BY doc_seq
            HAVING count(*) >= %(min_shared)s AND sum(idf) >= %(min_score)s
        )
        SELECT d.id, m.score, m.shared FROM m JOIN documents AS d ON d.seq = m.doc_seq
        WHERE d.id <> %(doc_id)s AND (%(low)s::text IS NULL OR d.published_day IS NULL
              OR d.published_day BETWEEN %(low)s::text AND %(high)s::text)
        ORDER BY m.score DESC, d.id LIMIT %(limit)s
    """

    @staticmethod
    def _peer_params(query: PeerQuery, limit: int) -> dict[str, object]:
        return {
            "term_ids": [q.term_id for q in query.terms],
            "idfs": [q.idf for q in query.terms],
            "entities": [q.entity for q in query.terms],
            "seq": query.seq if query.seq is not None else -1,
            "min_shared": MIN_SHARED_TERMS,
            # Scores are sums of floats: a hair of tolerance at the bar.
            "min_score": query.min_score - 1e-9,
            "doc_id": query.doc_id,
            "low": query.low,
            "high": query.high,
            "limit": limit,
        }

    def peers(
        self,
        document: Document | Analysis,
        *,
        limit: int = DEFAULT_PEER_LIMIT,
        window_days: int = DEFAULT_WINDOW_DAYS,
    ) -> builtins.list[Peer]:
        """See `DocumentStore.peers`; the rules and threshold are `SQLiteStore.peers`'s."""
        check_limit(limit, MAX_PEER_LIMIT)

        def read(conn: psycopg.Connection[Any]) -> tuple[PeerQuery, builtins.list[Any]]:
            query = self._peer_query(conn, document, window_days)
            if len(query.terms) < MIN_SHARED_TERMS:
                return query, []
            rows = conn.execute(self._PEER_SQL, self._peer_params(query, limit)).fetchall()
            return query, rows

        query, rows = self._run(read)
        return ranked_peers(
            query, ((i, score, [int(t) for t in shared.split(",")]) for i, score, shared in rows)
        )

    def peer_query_plan(self, document: Document, *, window_days: int = DEFAULT_WINDOW_DAYS) -> str:
        """EXPLAIN of the candidate query `peers` would run for `document` (diagnostics)."""

        def read(conn: psycopg.Connection[Any]) -> str:
            query = self._peer_query(conn, document, window_days)
            if len(query.terms) < MIN_SHARED_TERMS:
                return "(too few queryable terms: no candidate query is run)"
            params = self._peer_params(query, DEFAULT_PEER_LIMIT)
            rows = conn.execute("EXPLAIN " + self._PEER_SQL, params).fetchall()
            return "\n".join(row[0] for row in rows)

        return self._run(read)

    # --- shared rate limits and lifecycle ------------------------------------------------

    def token_buckets(self) -> TokenBuckets:
        """Rate-limit buckets in the database: one count for every instance."""
        return _DatabaseBuckets(self)

    def ping(self) -> bool:
        """See `DocumentStore.ping`: a read from the database within the connect timeout."""
        if self._closed:
            return False
        try:
            with self._pool.connection(timeout=self._timeout) as conn:
                conn.execute("SELECT value FROM store_stats WHERE name = 'documents'").fetchone()
        except Exception:  # unreachable, closed, or anything else: not ready
            return False
        return True

    def close(self) -> None:
        """See `DocumentStore.close`."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        self._pool.close()


class _DatabaseBuckets(TokenBuckets):
    """Token buckets in the `rate_buckets` table (see `postgres_schema.TAKE_TOKEN`)."""

    def __init__(self, store: PostgresStore) -> None:
        self._store = store

    def _use(self, name: str, rate: int, take: bool) -> float:
        params = {"name": name, "rate": float(rate), "take": take}  # take=False: refill only
        row = self._store._run(lambda conn: conn.execute(TAKE_TOKEN, params).fetchone())
        assert row is not None  # an upsert with RETURNING gives its row
        tokens, granted = row
        if granted:
            return 0.0
        return (1 - tokens) * 60 / rate

    def take(self, name: str, rate: int) -> float:
        return self._use(name, rate, True)

    def wait(self, name: str, rate: int) -> float:
        params = {"name": name, "rate": float(rate)}
        row = self._store._run(lambda conn: conn.execute(PEEK_TOKENS, params).fetchone())
        if row is None or row[0] >= 1:  # no bucket yet is a full one
            return 0.0
        return float((1 - row[0]) * 60 / rate)


def _count(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT value FROM store_stats WHERE name = 'documents'").fetchone()
    return int(row[0]) if row is not None else 0


def _reason(exc: psycopg.Error) -> str:
    """The first line of a driver error, which is what a user needs to read."""
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
