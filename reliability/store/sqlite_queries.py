"""The SQL the SQLite store reads with: the listing query and the peer candidate query.

Pure builders, no connection: each returns the statement and its parameters,
which `SQLiteStore` runs (and `peer_query_plan` explains). The tables they read
are described in `reliability.store.sqlite`.
"""

from __future__ import annotations

import datetime as dt

from reliability.store.base import decode_cursor
from reliability.store.peering import MIN_SHARED_TERMS, SUMMARY_COLUMNS, PeerQuery


def list_sql(
    outlet: str | None,
    published_from: dt.date | None,
    published_to: dt.date | None,
    limit: int,
    cursor: str | None,
) -> tuple[str, list[object]]:
    """The listing query and its parameters (one row more than `limit`)."""
    clauses: list[str] = []
    params: list[object] = []
    if outlet is not None:
        clauses.append("outlet = ?")
        params.append(outlet)
    if published_from is not None:
        clauses.append("published_day >= ?")
        params.append(published_from.isoformat())
    if published_to is not None:
        clauses.append("published_day <= ?")
        params.append(published_to.isoformat())
    if cursor is not None:
        # A row-value comparison: SQLite turns it into a range on the
        # (stored_at, id) index, so a page costs the same at any depth.
        clauses.append("(stored_at, id) > (?, ?)")
        params.extend(decode_cursor(cursor))
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = f"SELECT {SUMMARY_COLUMNS} FROM documents {where} ORDER BY stored_at, id LIMIT ?"
    params.append(limit + 1)  # one more row says whether another page exists
    return sql, params


def peer_sql(term_count: int, windowed: bool) -> str:
    """The candidate query for `term_count` weighted terms.

    CROSS JOIN fixes the join order: for each queried term, a range scan
    of its posting list on the primary key. Matches are grouped per
    candidate and entity (an entity's best term counts), then per
    candidate, and filtered by evidence before the few survivors are
    joined to `documents` (by rowid) for the date window.
    """
    values = ",".join(["(?, ?, ?)"] * term_count)
    window = ""
    if windowed:
        window = "AND (d.published_day IS NULL OR d.published_day BETWEEN ? AND ?)"
    return (
        f"WITH q (term_id, idf, entity) AS (VALUES {values}) "
        "SELECT d.id, m.score, m.shared FROM ("
        "  SELECT e.doc_seq AS doc_seq, sum(e.idf) AS score, count(*) AS n,"
        "         group_concat(e.terms) AS shared"
        "  FROM ("
        "    SELECT p.doc_seq AS doc_seq, max(q.idf) AS idf, group_concat(q.term_id) AS terms"
        "    FROM q CROSS JOIN postings AS p ON p.term_id = q.term_id"
        "    WHERE p.doc_seq <> ?"
        "    GROUP BY p.doc_seq, q.entity"
        "  ) AS e"
        "  GROUP BY e.doc_seq"
        "  HAVING n >= ? AND score >= ?"
        ") AS m JOIN documents AS d ON d.seq = m.doc_seq "
        f"WHERE d.id <> ? {window} "
        "ORDER BY m.score DESC, d.id LIMIT ?"
    )


def peer_params(query: PeerQuery, limit: int) -> tuple[str, list[object]]:
    """The candidate query for `query` and its parameters, at most `limit` rows."""
    params: list[object] = []
    for q in query.terms:
        params.extend((q.term_id, q.idf, q.entity))
    # Scores are sums of floats; a hair of tolerance keeps a candidate
    # exactly at the bar from failing on rounding.
    params.extend(
        (
            query.seq if query.seq is not None else -1,
            MIN_SHARED_TERMS,
            query.min_score - 1e-9,
            query.doc_id,
        )
    )
    if query.low is not None:
        params.extend((query.low, query.high))
    params.append(limit)
    return peer_sql(len(query.terms), query.low is not None), params
