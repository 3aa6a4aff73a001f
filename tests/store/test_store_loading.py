"""Loading many documents: transactions of many, input order kept, nothing twice."""

from __future__ import annotations

from store_helpers import article, assert_index_consistent

from reliability.store import DocumentStore, load_documents


def test_loading_stores_everything_once_in_the_order_given(store: DocumentStore) -> None:
    store.put(article(3))
    docs = [article(n) for n in range(23)] + [article(5)]  # one already stored, one given twice
    assert load_documents(store, docs, batch=5) == 22
    assert store.count() == 23
    listed = [item.id for item in store.list(limit=100).items]
    assert listed == [article(3).doc_id] + [article(n).doc_id for n in range(23) if n != 3]
    assert_index_consistent(store)
    # Loading again writes nothing and analyses nothing.
    assert load_documents(store, docs, batch=5) == 0
    assert store.count() == 23


def test_a_load_smaller_than_a_transaction(store: DocumentStore) -> None:
    assert load_documents(store, [article(n) for n in range(4)], batch=10) == 4
    assert load_documents(store, []) == 0
    assert store.existing([article(0).doc_id, "0123456789abcdef"]) == {article(0).doc_id}
