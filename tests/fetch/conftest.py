"""Fixtures: local HTTP servers (see tests/localsite.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from localsite import Site


@pytest.fixture
def make_site() -> Iterator[Callable[..., Site]]:
    sites: list[Site] = []

    def build(host: str = "127.0.0.1", tls: Any = None) -> Site:
        site = Site(host, tls)
        sites.append(site)
        return site

    yield build
    for site in sites:
        site.close()


@pytest.fixture
def site(make_site) -> Site:
    return make_site()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
