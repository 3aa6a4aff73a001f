"""Helpers shared by the store tests: documents, invariants, worker processes."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg

from reliability import Document
from reliability.store import DocumentStore, SQLiteStore, open_store
from reliability.store.postgres import PostgresStore


def article(n: int, *, outlet: str | None = None, published: str | None = None) -> Document:
    """A small, distinct article numbered `n`."""
    text = (
        f"Council meeting number {n} in Townsville approved the budget for the bridge "
        f"repairs. Mayor Ellen Park said the vote, item {n} on the agenda, ended a long debate."
    )
    return Document(text=text, title=f"Article {n}", outlet=outlet, published=published)


# The invariants of the peer index, as (what, query giving 0 when it holds), per backend.
_SQLITE_CHECKS = (
    (
        "a term's df is the number of its postings",
        "SELECT count(*) FROM terms AS t WHERE t.df <> "
        "(SELECT count(*) FROM postings AS p WHERE p.term_id = t.term_id)",
    ),
    ("no term has df 0", "SELECT count(*) FROM terms WHERE df = 0"),
    (
        "the stored count is the number of rows",
        "SELECT (SELECT value FROM store_stats WHERE name = 'documents') - "
        "(SELECT count(*) FROM documents)",
    ),
    (
        "no posting of a deleted document",
        "SELECT count(*) FROM postings WHERE doc_seq NOT IN (SELECT seq FROM documents)",
    ),
)
_POSTGRES_CHECKS = (
    (
        "a term's df is the number of documents listing it",
        "SELECT count(*) FROM terms AS t WHERE t.df <> "
        "(SELECT count(*) FROM document_terms AS d WHERE d.term_ids @> ARRAY[t.term_id])",
    ),
    ("no term has df 0", "SELECT count(*) FROM terms WHERE df = 0"),
    (
        "the stored count is the number of rows",
        "SELECT (SELECT value FROM store_stats WHERE name = 'documents') - "
        "(SELECT count(*) FROM documents)",
    ),
    (
        "every document is indexed, once",
        "SELECT (SELECT count(*) FROM documents) - (SELECT count(*) FROM document_terms)",
    ),
    (
        "no term id a document lists is missing from the dictionary",
        "SELECT count(*) FROM document_terms AS d CROSS JOIN LATERAL unnest(d.term_ids) AS u(i) "
        "WHERE NOT EXISTS (SELECT 1 FROM terms AS t WHERE t.term_id = u.i)",
    ),
)


def assert_index_consistent(store: DocumentStore) -> None:
    """The term dictionary's frequencies match the index exactly, and the count the rows."""
    results: list[tuple[str, Any]] = []
    if isinstance(store, SQLiteStore):
        conn = sqlite3.connect(store.path)
        try:
            results = [(what, conn.execute(sql).fetchone()[0]) for what, sql in _SQLITE_CHECKS]
        finally:
            conn.close()
    else:
        assert isinstance(store, PostgresStore)
        with psycopg.connect(store.url) as pg:
            results = [(what, pg.execute(sql).fetchone()[0]) for what, sql in _POSTGRES_CHECKS]  # type: ignore[index]
    assert [what for what, value in results if value != 0] == []


def write_articles(url: str, first: int, count: int) -> int:
    """Worker-process body: store `count` articles numbered from `first`; how many were new."""
    store = open_store(url)
    try:
        return sum(store.put(article(n))[1] for n in range(first, first + count))
    finally:
        store.close()


def put_and_vanish(url: str, text: str) -> None:
    """Worker-process body: store one document, then exit at once without closing anything."""
    import os

    open_store(url).put(Document(text=text))
    os._exit(0)
