"""The PostgreSQL side of `benchmarks/peers.py`: fill a database with the benchmark corpus.

Documents are stored by worker processes, 1,000 per transaction, each with
its own connection (analysis runs in parallel; the store's write lock makes
the transactions take turns), then the tables are vacuumed and analysed so
the planner sees the corpus as it is.
"""

from __future__ import annotations

import multiprocessing
import time

import psycopg
from peers import _init_worker, _put_chunk, seeds, synthetic_corpus

from reliability.store import DocumentStore, open_store

TABLES = ("document_terms", "terms", "documents", "store_stats", "rate_buckets", "schema_version")


def database_mb(store: DocumentStore) -> float:
    """The database's size on disk, in MB."""
    with psycopg.connect(store.url) as conn:  # type: ignore[attr-defined]
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    assert row is not None
    return float(row[0]) / 1e6


def fill_database(url: str, size: int, workers: int, *, rebuild: bool = False) -> None:
    """Leave the corpus of `size` documents in the database at `url`, building it if needed."""
    if rebuild:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP TABLE IF EXISTS {', '.join(TABLES)} CASCADE")
    with open_store(url) as store:
        count = store.count()
    if count == size:
        print(f"  using the {size:,} documents already in the database")
        return
    if count:
        raise SystemExit(
            f"the database holds {count:,} documents, not {size:,}: give an empty database, "
            "or --rebuild to empty this one"
        )
    start = time.perf_counter()
    docs = seeds() + list(synthetic_corpus(size - 5))
    chunks = [docs[i : i + 1000] for i in range(0, len(docs), 1000)]
    with multiprocessing.get_context("spawn").Pool(
        workers, initializer=_init_worker, initargs=(url,)
    ) as pool:
        created = sum(pool.imap_unordered(_put_chunk, chunks))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    print(f"  filled the database: {created:,} documents in {time.perf_counter() - start:.0f} s")
