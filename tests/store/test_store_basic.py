"""Round trips, idempotency, content addressing and the store factory."""

from __future__ import annotations

import datetime as dt
import itertools
import socket
from pathlib import Path

import pytest
from store_helpers import article, assert_index_consistent

from reliability import Analysis, Document
from reliability.document import document_id
from reliability.errors import ConfigError, InputError
from reliability.store import (
    DocumentStore,
    SQLiteStore,
    StoreError,
    default_store_path,
    open_store,
)


def test_put_get_round_trip(store: DocumentStore) -> None:
    original = Document(
        text="The harbour reopened on Monday after the storm.",
        title="Harbour reopens",
        url="https://example.test/harbour",
        outlet="Coastal Gazette",
        author="Ana Ruiz",
        published="2025-11-03T14:00:00Z",
        language="en",
    )
    stored, created = store.put(original)
    assert created is True
    assert stored == original
    assert store.get(original.doc_id) == original
    assert store.count() == 1


def test_get_unknown_id_is_none(store: DocumentStore) -> None:
    assert store.get("0123456789abcdef") is None


def test_same_text_is_stored_once_and_first_metadata_wins(store: DocumentStore) -> None:
    first, created = store.put(Document(text="One text.", title="First", outlet="A"))
    again, created_again = store.put(Document(text="One text.", title="Second", outlet="B"))
    assert (created, created_again) == (True, False)
    assert again == first
    assert again.title == "First" and again.outlet == "A"
    assert store.count() == 1


def test_normalised_text_gives_the_same_id(store: DocumentStore) -> None:
    plain = "Line one.\nLine two."
    messy = "Line one.   \r\nLine two.  \r\n\r\n"
    assert document_id(plain) == document_id(messy)
    stored, _ = store.put(Document(text=plain))
    again, created = store.put(Document(text=messy))
    assert created is False
    assert again.id == stored.id
    assert again.text == plain  # the first write's text is kept as given


def test_stored_id_is_the_content_address(store: DocumentStore) -> None:
    stored, _ = store.put(Document(text="Some text.", id="client-chosen"))
    assert stored.id == document_id("Some text.")
    assert store.get("client-chosen") is None
    assert store.get(stored.doc_id) == stored


def test_delete(store: DocumentStore) -> None:
    a, _ = store.put(article(1))
    b, _ = store.put(article(2))
    assert store.delete(a.doc_id) is True
    assert store.delete(a.doc_id) is False
    assert store.get(a.doc_id) is None
    assert store.get(b.doc_id) == b
    assert store.count() == 1
    assert_index_consistent(store)
    # Stored again after deletion: a new document again.
    assert store.put(article(1))[1] is True
    assert_index_consistent(store)


def test_bulk_put(store: DocumentStore) -> None:
    store.put(article(0))
    docs = [article(n) for n in range(5)] + [article(3)]
    assert store.bulk_put(docs) == 4  # article 0 was there; article 3 is given twice
    assert store.count() == 5
    assert store.bulk_put([]) == 0
    stamps = [item.stored_at for item in store.list().items]
    assert stamps == sorted(stamps) and len(set(stamps)) == 5
    assert_index_consistent(store)


def test_put_many_answers_for_each_document_given(store: DocumentStore) -> None:
    first, _ = store.put(Document(text=article(0).text, title="Kept"))
    given = [article(0), article(1), article(2), article(1)]
    results = store.put_many(given)
    assert [created for _, created in results] == [False, True, True, False]
    assert results[0][0] == first and results[0][0].title == "Kept"
    assert results[1][0] == results[3][0] == store.get(article(1).doc_id)
    assert [doc.id for doc, _ in results] == [d.doc_id for d in given]
    assert store.put_many([]) == []
    assert_index_consistent(store)


def test_an_analysis_is_stored_as_its_document(store: DocumentStore) -> None:
    document = article(5, outlet="Daily Ledger")
    analysis = Analysis(document)
    stored, created = store.put(analysis)
    assert created and stored == store.get(document.doc_id)
    assert stored.outlet == "Daily Ledger"
    assert store.put_many([Analysis(article(6)), article(7)])[0][1] is True
    # Peers read the same terms whether the analysis or the document is given.
    other = article(8)
    assert store.peers(Analysis(other)) == store.peers(other)
    assert_index_consistent(store)


def test_stored_at_strictly_increases(store: DocumentStore) -> None:
    for n in range(20):
        store.put(article(n))
    stamps = [item.stored_at for item in store.list(limit=100).items]
    assert len(stamps) == 20
    assert all(a < b for a, b in itertools.pairwise(stamps))
    dt.datetime.strptime(stamps[0], "%Y-%m-%dT%H:%M:%S.%fZ")


def test_summary_fields(store: DocumentStore) -> None:
    stored, _ = store.put(article(7, outlet="Daily Ledger", published="2024-02-29"))
    (item,) = store.list().items
    assert item.id == stored.id
    assert (item.title, item.outlet, item.published) == ("Article 7", "Daily Ledger", "2024-02-29")
    assert item.length == len(stored.text)
    assert not hasattr(item, "text")


def test_ping_and_close(store_url: str) -> None:
    store = open_store(store_url)
    assert store.ping() is True
    store.close()
    store.close()  # idempotent
    assert store.ping() is False
    with pytest.raises(StoreError, match="closed"):
        store.get("x")


def test_context_manager_closes(store_url: str) -> None:
    with open_store(store_url) as store:
        store.put(article(1))
    assert store.ping() is False


def test_is_a_document_store(store: DocumentStore) -> None:
    assert isinstance(store, DocumentStore)


def test_unopenable_path_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError):
        SQLiteStore(blocker / "store.sqlite3")


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not an SQLite database at all" * 100)
    with pytest.raises(StoreError):
        SQLiteStore(path)


class TestOpenStore:
    def test_plain_path(self, tmp_path: Path) -> None:
        with open_store(str(tmp_path / "a.sqlite3")) as store:
            assert isinstance(store, SQLiteStore)
            assert store.path == tmp_path / "a.sqlite3"

    def test_path_object(self, tmp_path: Path) -> None:
        with open_store(tmp_path / "b.sqlite3") as store:
            assert isinstance(store, SQLiteStore)

    def test_sqlite_url_absolute(self, tmp_path: Path) -> None:
        with open_store(f"sqlite://{tmp_path}/c.sqlite3") as store:
            assert isinstance(store, SQLiteStore)
            assert store.path == tmp_path / "c.sqlite3"
        assert (tmp_path / "c.sqlite3").exists()

    def test_sqlite_url_creates_directories(self, tmp_path: Path) -> None:
        with open_store(f"sqlite://{tmp_path}/deep/er/d.sqlite3") as store:
            store.put(article(1))
        assert (tmp_path / "deep" / "er" / "d.sqlite3").exists()

    @pytest.mark.parametrize("url", ["mysql://x", "redis://localhost:6379", "file:///x"])
    def test_unsupported_scheme(self, url: str) -> None:
        with pytest.raises(ConfigError, match="sqlite") as info:
            open_store(url)
        assert url.split(":")[0] in str(info.value)
        assert "postgresql://" in str(info.value)

    @pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
    def test_an_unreachable_database_is_a_store_error(self, scheme: str) -> None:
        with socket.socket() as sock:  # a port nothing listens on
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        url = f"{scheme}://someone:secret-password@127.0.0.1:{port}/corpus"
        with pytest.raises(StoreError) as info:
            open_store(url)
        message = str(info.value)
        assert f"127.0.0.1:{port}/corpus" in message
        assert "secret-password" not in message  # the password is never shown

    def test_empty_path(self) -> None:
        with pytest.raises(ConfigError):
            open_store("  ")

    def test_default_path_is_in_the_user_data_dir(self) -> None:
        path = default_store_path()
        assert path.name == "store.sqlite3"
        assert "reliability" in path.parts


def test_invalid_page_size(store: DocumentStore) -> None:
    with pytest.raises(InputError):
        store.list(limit=0)
    with pytest.raises(InputError):
        store.list(limit=1001)
