"""Durability across reopen and process exit, schema migrations, concurrent writers.

The contract tests run on every backend (`store_url`); the schema, pragma and
lock tests are SQLite's own (PostgreSQL's are in test_store_postgres.py).
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest
from store_helpers import article, assert_index_consistent, put_and_vanish, write_articles

from reliability import Document
from reliability.document import document_id
from reliability.store import DocumentStore, SQLiteStore, StoreError, open_store, sqlite_schema
from reliability.store.sqlite_schema import MIGRATIONS, SCHEMA_VERSION, Migration, migrate


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_documents_survive_reopening(store_url: str) -> None:
    with open_store(store_url) as store:
        stored = [store.put(article(n, outlet="Daily Ledger"))[0] for n in range(5)]
        store.delete(stored[0].doc_id)
    with open_store(store_url) as store:
        assert store.count() == 4
        assert store.get(stored[0].doc_id) is None
        assert [store.get(d.doc_id) for d in stored[1:]] == stored[1:]
        assert store.put(article(3))[1] is False


def test_pragmas(sqlite_store: SQLiteStore) -> None:
    conn = sqlite_store._connection()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_a_put_is_committed_when_it_returns(store_url: str) -> None:
    open_store(store_url).close()
    # The child exits abruptly (no close, no atexit) right after put returns.
    process = multiprocessing.get_context("spawn").Process(
        target=put_and_vanish, args=(store_url, "Written, then the writer vanished.")
    )
    process.start()
    process.join(60)
    assert process.exitcode == 0
    with open_store(store_url) as store:
        assert store.get(document_id("Written, then the writer vanished.")) is not None


def test_new_store_is_at_the_latest_schema_version(store_path: Path) -> None:
    SQLiteStore(store_path).close()
    assert user_version(store_path) == SCHEMA_VERSION == MIGRATIONS[-1].version
    assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))


def test_migrating_a_version_1_store(store_path: Path, seeds: dict[str, Document]) -> None:
    # A version 1 store: documents and listing, no peer index yet.
    conn = sqlite3.connect(store_path, isolation_level=None)
    assert migrate(conn, target=1) == 1
    for n, key in enumerate(["001", "002", "004"]):
        seed = seeds[key]
        conn.execute(
            "INSERT INTO documents (id, text, title, outlet, published, published_day, "
            "language, length, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seed.doc_id,
                seed.text,
                seed.title,
                seed.outlet,
                seed.published,
                seed.published,
                seed.language,
                len(seed.text),
                f"2025-11-0{n + 1}T00:00:00.000000Z",
            ),
        )
    conn.execute("UPDATE store_stats SET value = 3 WHERE name = 'documents'")
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'postings'").fetchone() is None
    conn.close()
    assert user_version(store_path) == 1

    with SQLiteStore(store_path) as store:
        assert user_version(store_path) == SCHEMA_VERSION
        assert store.count() == 3
        assert store.get(seeds["002"].doc_id) == seeds["002"]
        assert [item.id for item in store.list().items] == [
            seeds[k].doc_id for k in ["001", "002", "004"]
        ]
        # Documents stored before the peer index existed were indexed by the migration.
        assert seeds["002"].doc_id in {p.id for p in store.peers(seeds["001"])}
        store.put(seeds["003"])
        assert_index_consistent(store)


def test_a_failing_migration_changes_nothing(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    SQLiteStore(store_path).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("migration failed halfway")

    monkeypatch.setattr(
        sqlite_schema, "MIGRATIONS", (*MIGRATIONS, Migration(SCHEMA_VERSION + 1, "broken", broken))
    )
    monkeypatch.setattr(sqlite_schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    conn = sqlite3.connect(store_path, isolation_level=None)
    with pytest.raises(RuntimeError, match="halfway"):
        migrate(conn, target=SCHEMA_VERSION + 1)
    assert (
        conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchone() is None
    )
    conn.close()
    assert user_version(store_path) == SCHEMA_VERSION


def test_a_store_from_a_newer_version_is_refused(store_path: Path) -> None:
    SQLiteStore(store_path).close()
    conn = sqlite3.connect(store_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(store_path)
    assert user_version(store_path) == SCHEMA_VERSION + 1


def test_concurrent_writers_from_threads(store: DocumentStore) -> None:
    threads_n, per_thread = 8, 25
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads_n)

    def work(t: int) -> None:
        try:
            barrier.wait()
            for n in range(t * per_thread, (t + 1) * per_thread):
                store.put(article(n))
                assert store.get(article(n).doc_id) is not None
        except BaseException as exc:  # surfaced in the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.count() == threads_n * per_thread
    assert len({item.id for item in store.list(limit=1000).items}) == threads_n * per_thread
    assert_index_consistent(store)


def test_racing_threads_store_one_text_once(store: DocumentStore) -> None:
    threads_n = 8
    results: list[bool] = []
    barrier = threading.Barrier(threads_n)

    def work() -> None:
        barrier.wait()
        results.append(store.put(Document(text="Everyone stores this at once."))[1])

    threads = [threading.Thread(target=work) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * (threads_n - 1) + [True]
    assert store.count() == 1


def test_concurrent_writers_from_processes(store_url: str) -> None:
    open_store(store_url).close()
    per_process = 60
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        # Ranges overlap by 20 so the processes also race on the same texts.
        created = pool.starmap(
            write_articles,
            [(store_url, 0, per_process), (store_url, per_process - 20, per_process)],
        )
    total = 2 * per_process - 20
    assert sum(created) == total
    with open_store(store_url) as store:
        assert store.count() == total
        for n in range(total):
            assert store.get(article(n).doc_id) is not None
        assert_index_consistent(store)


def test_connection_per_thread(sqlite_store: SQLiteStore) -> None:
    store = sqlite_store
    own = store._connection()
    other: list[sqlite3.Connection] = []
    thread = threading.Thread(target=lambda: other.append(store._connection()))
    thread.start()
    thread.join()
    assert other[0] is not own
    assert store._connection() is own


def hold_write_lock(path: Path, seconds: float) -> threading.Thread:
    """Another connection takes the write lock and keeps it for `seconds`."""
    locked = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        locked.set()
        threading.Event().wait(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    locked.wait()
    return thread


def test_a_busy_database_is_retried(store_path: Path) -> None:
    SQLiteStore(store_path).close()
    # SQLite's own wait (busy_timeout) gives up after 50 ms; the retries carry on.
    with SQLiteStore(store_path, busy_timeout=0.05, retry_for=10) as store:
        holder = hold_write_lock(store_path, 0.5)
        assert store.put(article(1))[1] is True
        holder.join()
        assert store.count() == 1


def test_a_database_busy_for_too_long_is_a_store_error(store_path: Path) -> None:
    SQLiteStore(store_path).close()
    with SQLiteStore(store_path, busy_timeout=0.05, retry_for=0.2) as store:
        holder = hold_write_lock(store_path, 1.5)
        with pytest.raises(StoreError, match="locked"):
            store.put(article(1))
        holder.join()
        # Nothing was left half-done: the same put succeeds now.
        assert store.put(article(1))[1] is True
        assert store.get(article(1).doc_id) is not None


def test_concurrent_puts_share_transactions(store: DocumentStore) -> None:
    groups: list[int] = []
    write_many = store._group._write_many  # type: ignore[attr-defined]

    def slow_write(pending):  # type: ignore[no-untyped-def]
        groups.append(len(pending))
        threading.Event().wait(0.3)  # a slow disk: the other callers queue meanwhile
        return write_many(pending)

    store._group._write_many = slow_write  # type: ignore[attr-defined]
    threads_n = 12
    barrier = threading.Barrier(threads_n)
    results: list[bool] = []

    def work(n: int) -> None:
        barrier.wait()
        results.append(store.put(article(n))[1])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * threads_n
    assert sum(groups) == threads_n and len(groups) < threads_n and max(groups) > 1
    # Each caller returned after its own document was committed.
    assert all(store.get(article(n).doc_id) is not None for n in range(threads_n))
    assert_index_consistent(store)


def test_a_failed_shared_transaction_fails_every_caller_in_it(store: DocumentStore) -> None:
    write_many = store._group._write_many  # type: ignore[attr-defined]
    calls = []

    def failing_once(pending):  # type: ignore[no-untyped-def]
        calls.append(len(pending))
        threading.Event().wait(0.3)
        if len(calls) == 2:  # the second group: the callers that queued behind the first
            raise StoreError("the disk is full")
        return write_many(pending)

    store._group._write_many = failing_once  # type: ignore[attr-defined]
    outcomes: list[str] = []
    barrier = threading.Barrier(6)

    def work(n: int) -> None:
        barrier.wait()
        try:
            store.put(article(n))
            outcomes.append("stored")
        except StoreError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failed = [o for o in outcomes if o != "stored"]
    assert len(calls) >= 2 and len(failed) == calls[1] and set(failed) == {"the disk is full"}
    assert store.count() == 6 - len(failed)  # nothing of the failed group was written
    assert_index_consistent(store)
