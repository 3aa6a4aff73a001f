"""Listing: filters, keyset pagination over many pages, cursors, index use."""

from __future__ import annotations

import datetime as dt

import pytest
from store_helpers import article

from reliability.errors import InputError
from reliability.store import DocumentStore, SQLiteStore
from reliability.store.sqlite_queries import list_sql

OUTLETS = ["Daily Ledger", "Metro Times", "Valley Press"]


def fill(store: DocumentStore, n: int = 23) -> list[str]:
    """Store `n` articles over three outlets and a range of dates (every fifth undated)."""
    ids = []
    for i in range(n):
        published = None if i % 5 == 4 else (dt.date(2025, 1, 1) + dt.timedelta(days=i)).isoformat()
        stored, _ = store.put(article(i, outlet=OUTLETS[i % 3], published=published))
        ids.append(stored.doc_id)
    return ids


def all_pages(
    store: DocumentStore, cursor: str | None = None, **filters: object
) -> list[list[str]]:
    """The ids of every page from `cursor` on, following cursors to the end."""
    pages = []
    while True:
        page = store.list(cursor=cursor, **filters)  # type: ignore[arg-type]
        pages.append([item.id for item in page.items])
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


def test_pages_cover_everything_once_in_storage_order(store: DocumentStore) -> None:
    ids = fill(store)
    pages = all_pages(store, limit=4)
    assert [len(p) for p in pages] == [4, 4, 4, 4, 4, 3]
    assert [i for page in pages for i in page] == ids


def test_exact_multiple_of_the_page_size_has_no_empty_last_page(store: DocumentStore) -> None:
    fill(store, 8)
    pages = all_pages(store, limit=4)
    assert [len(p) for p in pages] == [4, 4]


def test_empty_store(store: DocumentStore) -> None:
    page = store.list()
    assert page.items == [] and page.next_cursor is None


def test_outlet_filter_with_pagination(store: DocumentStore) -> None:
    ids = fill(store)
    pages = all_pages(store, outlet="Metro Times", limit=3)
    assert [i for page in pages for i in page] == ids[1::3]
    assert store.list(outlet="Nobody").items == []


def test_date_filters_are_inclusive_and_leave_out_undated(store: DocumentStore) -> None:
    fill(store)
    page = store.list(published_from=dt.date(2025, 1, 3), published_to=dt.date(2025, 1, 10))
    days = sorted(item.published or "" for item in page.items)
    # days 2..9 (offsets), minus offset 4 and 9 which are undated
    assert days == [
        "2025-01-03", "2025-01-04", "2025-01-06", "2025-01-07", "2025-01-08", "2025-01-09",
    ]  # fmt: skip
    assert all(item.published for item in store.list(published_from=dt.date(2000, 1, 1)).items)
    assert store.list(published_to=dt.date(2024, 12, 31)).items == []


def test_date_time_values_filter_by_their_calendar_date(store: DocumentStore) -> None:
    store.put(article(1, published="2025-03-01T23:30:00-05:00"))
    store.put(article(2, published="2025-03-02T00:10:00Z"))
    page = store.list(published_from=dt.date(2025, 3, 1), published_to=dt.date(2025, 3, 1))
    assert [item.title for item in page.items] == ["Article 1"]


def test_combined_filters_with_pagination(store: DocumentStore) -> None:
    fill(store, 40)
    expected = [
        item.id
        for item in store.list(limit=1000).items
        if item.outlet == "Daily Ledger" and item.published and item.published >= "2025-01-10"
    ]
    pages = all_pages(store, outlet="Daily Ledger", published_from=dt.date(2025, 1, 10), limit=2)
    assert [i for page in pages for i in page] == expected
    assert len(expected) > 4


def test_documents_added_while_paging_appear_at_the_end(store: DocumentStore) -> None:
    ids = fill(store, 10)
    first = store.list(limit=4)
    added = [store.put(article(100 + n))[0].doc_id for n in range(3)]
    seen = [item.id for item in first.items]
    cursor = first.next_cursor
    while cursor is not None:
        page = store.list(limit=4, cursor=cursor)
        seen += [item.id for item in page.items]
        cursor = page.next_cursor
    assert seen == ids + added


def test_deleted_documents_leave_no_gap_in_paging(store: DocumentStore) -> None:
    ids = fill(store, 10)
    first = store.list(limit=4)
    store.delete(ids[4])  # the first item of the next page
    rest = all_pages(store, limit=4, cursor=first.next_cursor)
    assert [item.id for item in first.items] + [i for p in rest for i in p] == ids[:4] + ids[5:]


@pytest.mark.parametrize("cursor", ["", "not-a-cursor", "eyJhIjoxfQ", "W10", "%%%"])
def test_malformed_cursor_is_an_input_error(store: DocumentStore, cursor: str) -> None:
    with pytest.raises(InputError, match="cursor"):
        store.list(cursor=cursor)


def explain(store: SQLiteStore, **filters: object) -> str:
    sql, params = list_sql(
        filters.get("outlet"),  # type: ignore[arg-type]
        filters.get("published_from"),  # type: ignore[arg-type]
        None,
        50,
        filters.get("cursor"),  # type: ignore[arg-type]
    )
    rows = store._connection().execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    return "\n".join(row[3] for row in rows)


def test_listing_uses_indexes(sqlite_store: SQLiteStore) -> None:
    store = sqlite_store
    fill(store, 5)
    cursor = store.list(limit=2).next_cursor
    plain = explain(store, cursor=cursor)
    assert "documents_by_stored" in plain and "TEMP B-TREE" not in plain
    by_outlet = explain(store, outlet="Daily Ledger", cursor=cursor)
    assert "documents_by_outlet" in by_outlet and "TEMP B-TREE" not in by_outlet
    by_date = explain(store, published_from=dt.date(2025, 1, 1))
    assert "USING INDEX" in by_date and "SCAN documents\n" not in by_date + "\n"
