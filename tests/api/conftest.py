"""An app with a fresh store per test, called through Litestar's test client.

Every app scores in one pool of worker processes, started once for the session
(a pool of its own per app would start and load the plugins again each test).
The apps differ only in their `[server]` settings, which the workers do not read.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

import faulty
import msgspec
import pytest
from litestar.testing import TestClient

from reliability.api.app import create_app
from reliability.config import Settings
from reliability.store import SQLiteStore
from reliability.workers import Supervisor


@pytest.fixture(scope="session")
def supervisor() -> Iterator[Supervisor]:
    pool = Supervisor(Settings(), 2)
    assert pool.wait_ready(), "the scoring workers did not start"
    yield pool
    pool.close()


@pytest.fixture(scope="module")
def faulty_pool(tmp_path_factory) -> Iterator[Supervisor]:
    """A pool whose workers have the faulty plugin (tests/api/faulty.py), with a long budget."""
    site = str(faulty.install(tmp_path_factory.mktemp("site")))
    old = os.environ.get("RELIABILITY_LOAD_PLUGINS")
    sys.path.insert(0, site)
    os.environ["RELIABILITY_LOAD_PLUGINS"] = "faulty,length"
    pool = Supervisor(Settings(timeout=30.0), 1)
    try:
        assert pool.wait_ready(), "the scoring workers did not start"
        yield pool
    finally:
        pool.close()
        sys.path.remove(site)
        if old is None:
            del os.environ["RELIABILITY_LOAD_PLUGINS"]
        else:
            os.environ["RELIABILITY_LOAD_PLUGINS"] = old


@pytest.fixture
def make_client(tmp_path, supervisor) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def build(**server: Any) -> TestClient:
        settings = msgspec.convert({"server": server}, Settings)
        store = SQLiteStore(tmp_path / f"store{len(clients)}.sqlite3")
        client = TestClient(create_app(settings, store=store, supervisor=supervisor))
        client.__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()
