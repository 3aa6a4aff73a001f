"""Helpers shared by the store tests: documents, invariants, worker processes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reliability import Document
from reliability.store import SQLiteStore


def article(n: int, *, outlet: str | None = None, published: str | None = None) -> Document:
    """A small, distinct article numbered `n`."""
    text = (
        f"Council meeting number {n} in Townsville approved the budget for the bridge "
        f"repairs. Mayor Ellen Park said the vote, item {n} on the agenda, ended a long debate."
    )
    return Document(text=text, title=f"Article {n}", outlet=outlet, published=published)


def assert_index_consistent(path: Path) -> None:
    """The term dictionary's frequencies match the postings exactly, and the count the rows."""
    conn = sqlite3.connect(path)
    try:
        mismatched = conn.execute(
            "SELECT count(*) FROM terms AS t WHERE t.df <> "
            "(SELECT count(*) FROM postings AS p WHERE p.term_id = t.term_id)"
        ).fetchone()[0]
        assert mismatched == 0
        assert conn.execute("SELECT count(*) FROM terms WHERE df = 0").fetchone()[0] == 0
        stored = conn.execute("SELECT value FROM store_stats WHERE name = 'documents'").fetchone()
        assert stored[0] == conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        orphans = conn.execute(
            "SELECT count(*) FROM postings WHERE doc_seq NOT IN (SELECT seq FROM documents)"
        ).fetchone()[0]
        assert orphans == 0
    finally:
        conn.close()


def write_articles(path: str, first: int, count: int) -> int:
    """Worker-process body: store `count` articles numbered from `first`; how many were new."""
    store = SQLiteStore(path)
    try:
        return sum(store.put(article(n))[1] for n in range(first, first + count))
    finally:
        store.close()


def put_and_vanish(path: str, text: str) -> None:
    """Worker-process body: store one document, then exit at once without closing anything."""
    import os

    SQLiteStore(path).put(Document(text=text))
    os._exit(0)
