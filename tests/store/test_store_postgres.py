"""The PostgreSQL store's own machinery, against a real server: schema, durability, sharing."""

from __future__ import annotations

import threading

import psycopg
import pytest
from store_helpers import article, assert_index_consistent

from reliability import Document
from reliability.store import StoreError, open_store
from reliability.store.postgres import PostgresStore
from reliability.store.postgres_schema import MIGRATIONS, SCHEMA_VERSION, Migration, migrate


def schema_version(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        assert row is not None
        return int(row[0])


def test_a_new_database_is_migrated_once_by_instances_starting_together(postgres_url: str) -> None:
    stores: list[PostgresStore] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def start() -> None:
        try:
            barrier.wait()
            stores.append(PostgresStore(postgres_url))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert schema_version(postgres_url) == SCHEMA_VERSION == MIGRATIONS[-1].version
    assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
    for store in stores:
        store.close()


def test_a_database_from_a_newer_version_is_refused(postgres_url: str) -> None:
    PostgresStore(postgres_url).close()
    with psycopg.connect(postgres_url) as conn:
        conn.execute("UPDATE schema_version SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        PostgresStore(postgres_url)
    assert schema_version(postgres_url) == SCHEMA_VERSION + 1


def test_a_failing_migration_changes_nothing(postgres_url: str) -> None:
    PostgresStore(postgres_url).close()
    broken = Migration(
        SCHEMA_VERSION + 1,
        "broken",
        ["CREATE TABLE half_done (x integer)", "SELECT no_such_function()"],
    )
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.UndefinedFunction):
            migrate(conn, migrations=(*MIGRATIONS, broken))
        assert conn.execute("SELECT to_regclass('half_done')").fetchone() == (None,)
    assert schema_version(postgres_url) == SCHEMA_VERSION


def test_commits_are_durable_even_when_the_server_default_is_not(postgres_url: str) -> None:
    name = postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE {name} SET synchronous_commit = off")
    with PostgresStore(postgres_url) as store:
        assert isinstance(store, PostgresStore)
        with store._pool.connection() as conn:
            assert conn.execute("SHOW synchronous_commit").fetchone() == ("on",)


def test_two_instances_storing_one_text_at_once_make_one_document(postgres_url: str) -> None:
    instances = [PostgresStore(postgres_url) for _ in range(2)]
    results: list[tuple[Document, bool]] = []
    barrier = threading.Barrier(8)

    def work(store: PostgresStore, n: int) -> None:
        barrier.wait()
        text = "Both newsrooms filed this wire story at the same moment."
        results.append(store.put(Document(text=text, title=f"copy {n}")))

    threads = [threading.Thread(target=work, args=(instances[n % 2], n)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(created for _, created in results) == [False] * 7 + [True]
    assert len({doc.id for doc, _ in results}) == 1
    assert len({doc.title for doc, _ in results}) == 1  # the first write's metadata, everywhere
    assert instances[1].count() == 1
    assert_index_consistent(instances[0])
    for store in instances:
        store.close()


def test_bulk_writes_from_two_instances_keep_the_index_exact(postgres_url: str) -> None:
    a, b = PostgresStore(postgres_url), PostgresStore(postgres_url)
    done = []

    def load(store: PostgresStore, first: int) -> None:
        for start in range(first, first + 60, 20):
            done.append(store.bulk_put([article(n) for n in range(start, start + 20)]))

    threads = [
        threading.Thread(target=load, args=(a, 0)),
        threading.Thread(target=load, args=(b, 40)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(done) == 100 == a.count()
    stamps = [item.stored_at for item in b.list(limit=1000).items]
    assert stamps == sorted(stamps) and len(set(stamps)) == 100
    assert_index_consistent(a)
    a.close()
    b.close()


def test_rate_limit_buckets_are_shared_by_instances(postgres_url: str) -> None:
    a, b = PostgresStore(postgres_url), PostgresStore(postgres_url)
    one, two = a.token_buckets(), b.token_buckets()
    assert one is not None and two is not None
    # Five tokens a minute: five takes through either instance, then none.
    assert [(one, two)[n % 2].take("key:newsroom", 5) for n in range(5)] == [0.0] * 5
    wait = two.take("key:newsroom", 5)
    assert 0 < wait <= 12  # a token every 12 s
    assert one.wait("key:newsroom", 5) > 0  # looking takes nothing, and finds none
    assert one.take("key:other", 5) == 0.0  # buckets are per name
    a.close()
    b.close()


def test_the_url_may_be_given_as_postgres_or_postgresql(postgres_url: str) -> None:
    short = postgres_url.replace("postgresql://", "postgres://")
    with open_store(short) as store:
        assert isinstance(store, PostgresStore)
        store.put(article(1))
    with open_store(postgres_url) as store:
        assert store.count() == 1
