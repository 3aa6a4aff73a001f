"""The PostgreSQL store's schema, its migrations, and the database's own rate-limit counters.

Layout (schema version 1; the `schema_version` table records the version):

- `documents`: one row per text, as in the SQLite store: `seq` is the key
  the index refers to, `id` the content address, `published_day` the
  calendar date of `published` as written. Text compared for order
  (`id`, `stored_at`, `published_day`, `outlet`) uses the "C" collation, so
  listings and cursors order bytewise whatever the database's locale, as
  SQLite does.
- `terms`: the term dictionary, term → `term_id` and document frequency
  `df`, kept exact on every write and delete.
- `document_terms`: each document's term ids as an `integer[]` with a GIN
  index: PostgreSQL's own inverted index, which gives the posting list of a
  term (`term_ids @> ARRAY[t]`) without scanning the table.
  `fastupdate = off` keeps lookups from scanning a pending list.
- `store_stats`: the document count, so `count()` and the IDF weights need
  no table scan.
- `rate_buckets`: the API's rate-limit token buckets, shared by every
  instance. UNLOGGED: counters need no crash safety, and commits that only
  touch them do not wait for the disk.

Migrations run in one transaction (PostgreSQL's DDL is transactional) under
an advisory lock, so instances starting at once migrate a new database
exactly once; a database from a newer version is refused, not touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reliability.store.base import StoreError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration", "migrate"]

# Keys of the advisory locks the store takes (any 64-bit numbers, fixed for this product).
MIGRATION_LOCK = 7_316_482_901_001
WRITE_LOCK = 7_316_482_901_002


@dataclass(frozen=True)
class Migration:
    """One schema step: `statements` bring a database at `version - 1` to `version`."""

    version: int
    description: str
    statements: Sequence[str]


_VERSION_1 = (
    """CREATE TABLE documents (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text COLLATE "C" NOT NULL UNIQUE,
        text text NOT NULL,
        title text,
        url text,
        outlet text COLLATE "C",
        author text,
        published text,
        published_day text COLLATE "C",
        language text,
        length integer NOT NULL,
        stored_at text COLLATE "C" NOT NULL
    )""",
    "CREATE INDEX documents_by_stored ON documents (stored_at, id)",
    "CREATE INDEX documents_by_outlet ON documents (outlet, stored_at, id)",
    "CREATE INDEX documents_by_published ON documents (published_day)",
    """CREATE TABLE store_stats (
        name text PRIMARY KEY,
        value bigint NOT NULL
    )""",
    "INSERT INTO store_stats (name, value) VALUES ('documents', 0)",
    """CREATE TABLE terms (
        term_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        term text COLLATE "C" NOT NULL UNIQUE,
        df integer NOT NULL CHECK (df >= 0)
    )""",
    """CREATE TABLE document_terms (
        doc_seq bigint PRIMARY KEY REFERENCES documents (seq) ON DELETE CASCADE,
        term_ids integer[] NOT NULL
    )""",
    """CREATE INDEX document_terms_by_term ON document_terms
        USING gin (term_ids) WITH (fastupdate = off)""",
    """CREATE UNLOGGED TABLE rate_buckets (
        name text PRIMARY KEY,
        tokens double precision NOT NULL,
        stamp timestamptz NOT NULL,
        granted boolean NOT NULL
    )""",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, the peer index (GIN over term ids), rate limits", _VERSION_1),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def migrate(
    conn: Any, target: int | None = None, *, migrations: Sequence[Migration] = MIGRATIONS
) -> int:
    """Apply the pending `migrations` up to `target` (default: the last); return the version.

    `conn` is a psycopg connection in autocommit mode. Everything happens in
    one transaction: a failing step leaves the database as it was.
    """
    latest = migrations[-1].version
    target = latest if target is None else target
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        exists = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]
        if not exists:
            conn.execute("CREATE TABLE schema_version (version integer NOT NULL)")
            conn.execute("INSERT INTO schema_version (version) VALUES (0)")
        current = int(conn.execute("SELECT version FROM schema_version").fetchone()[0])
        if current > latest:
            raise StoreError(
                f"the store's schema is version {current}, newer than this version of "
                f"reliability supports ({latest}); upgrade reliability"
            )
        for migration in migrations:
            if current < migration.version <= target:
                for statement in migration.statements:
                    conn.execute(statement)
                conn.execute("UPDATE schema_version SET version = %s", (migration.version,))
                current = migration.version
    return current


# A token bucket updated in one statement: refill by the time since its last
# use (the database's clock, the same for every instance), then take a token
# when one is there. The row lock of the upsert serialises concurrent takers.
TAKE_TOKEN = """
INSERT INTO rate_buckets AS b (name, tokens, stamp, granted)
VALUES (%(name)s, %(rate)s - CASE WHEN %(take)s THEN 1 ELSE 0 END, statement_timestamp(), true)
ON CONFLICT (name) DO UPDATE SET
    tokens = least(%(rate)s, b.tokens + extract(epoch FROM statement_timestamp() - b.stamp)
                   * %(rate)s / 60.0)
             - CASE WHEN %(take)s AND least(%(rate)s, b.tokens + extract(epoch FROM
                   statement_timestamp() - b.stamp) * %(rate)s / 60.0) >= 1 THEN 1 ELSE 0 END,
    granted = least(%(rate)s, b.tokens + extract(epoch FROM statement_timestamp() - b.stamp)
                    * %(rate)s / 60.0) >= 1,
    stamp = statement_timestamp()
RETURNING tokens, granted
"""

# The tokens a bucket holds now, without writing anything.
PEEK_TOKENS = """
SELECT least(%(rate)s, tokens + extract(epoch FROM statement_timestamp() - stamp) * %(rate)s / 60.0)
FROM rate_buckets WHERE name = %(name)s
"""
