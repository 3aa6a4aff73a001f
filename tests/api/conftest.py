"""An app with a fresh store per test, called through Litestar's test client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import msgspec
import pytest
from litestar.testing import TestClient

from reliability.api.app import create_app
from reliability.config import Settings
from reliability.store import SQLiteStore


@pytest.fixture
def make_client(tmp_path) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def build(**server: Any) -> TestClient:
        settings = msgspec.convert({"server": server}, Settings)
        store = SQLiteStore(tmp_path / f"store{len(clients)}.sqlite3")
        client = TestClient(create_app(settings, store=store))
        client.__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()
