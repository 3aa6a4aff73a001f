"""Shared fixtures: the seed corpus and engines built from throwaway plugins.

Also marks the tests a quick run leaves out (`-m "not slow and not browser"`):
`browser` for those that drive Chromium, `slow` for those that start processes
(a live server, the command line, pip) or take seconds in-process.
"""

from __future__ import annotations

import inspect
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import browser, chromium, page  # noqa: F401  (headless Chromium fixtures)
from factories import SEEDS, load_seed
from postgres import PostgresServer

from reliability import Document, Engine
from reliability.config import Settings


@pytest.fixture(scope="session")
def seeds() -> dict[str, Document]:
    """The five seed documents by their number ("000" ... "004")."""
    return {p.name[:3]: load_seed(p.name[:3]) for p in sorted(SEEDS.glob("*.json"))}


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server from the system's packages, for the whole session."""
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """The URL of a new, empty database on the session's PostgreSQL server."""
    return postgres_server.database()


@pytest.fixture
def make_engine() -> Callable[..., Engine]:
    """Build an engine from the given plugin objects only (no installed plugins)."""

    def build(*plugins: Any, settings: Settings | None = None, **kw: Any) -> Engine:
        return Engine(settings or Settings(), entry_points=False, plugins=plugins, **kw)

    return build


TESTS = Path(__file__).resolve().parent
PLUGINS = TESTS.parent / "plugins"
# In-process tests that take seconds each on a 2-core machine.
SLOW_TESTS = {
    "test_adversarial_texts_do_not_reach_a_or_b",
    "test_a_refit_reproduces_the_shipped_model",
    "test_a_failing_heuristic_never_raises_the_score",
    "test_a_heuristic_blocked_in_c_code_times_out_without_blocking_others",
}


def _test_code(obj: Any) -> bool:
    try:
        where = Path(inspect.getfile(obj)).resolve()
    except TypeError:
        return False
    if where.is_relative_to(PLUGINS):  # a plugin's own tests, not its source
        return "tests" in where.relative_to(PLUGINS).parts
    return where.is_relative_to(TESTS)


def _reaches(obj: Any, hit: Callable[[Any], bool], memo: dict[int, bool]) -> bool:
    """Whether `obj` (a test, fixture, helper or helper class) uses a value `hit` picks out.

    Follows the global names that the tests' own functions and classes use, so a
    helper that starts a server makes every test calling it slow.
    """
    if hit(obj):
        return True
    key = id(obj)
    if key in memo:
        return memo[key]
    memo[key] = False  # cycles
    found = False
    if inspect.isclass(obj) and _test_code(obj):
        found = any(_reaches(m, hit, memo) for m in vars(obj).values() if inspect.isfunction(m))
    elif inspect.isfunction(obj := inspect.unwrap(obj)) and _test_code(obj):
        codes = [obj.__code__]
        while codes and not found:
            code = codes.pop()
            codes.extend(c for c in code.co_consts if inspect.iscode(c))
            used = [obj.__globals__[name] for name in code.co_names if name in obj.__globals__]
            # `helpers.start()`: for a module of the tests, the attributes the code names.
            used += [
                getattr(module, name)
                for module in used
                if inspect.ismodule(module) and _test_code(module)
                for name in code.co_names
                if name not in obj.__globals__ and hasattr(module, name)
            ]
            found = any(_reaches(value, hit, memo) for value in used)
    memo[key] = found
    return found


def _starts_processes(value: Any) -> bool:
    return value is subprocess


def _drives_chromium(value: Any) -> bool:
    return value is chromium


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark browser and slow tests by what they and their fixtures use, so new ones are too."""
    memos: tuple[dict[int, bool], dict[int, bool]] = ({}, {})
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        fixtures = [
            d.func for defs in (info.name2fixturedefs.values() if info else ()) for d in defs
        ]
        used = [getattr(item, "function", None), *fixtures]
        if any(_reaches(f, _drives_chromium, memos[0]) for f in used if f is not None):
            item.add_marker(pytest.mark.browser)
        slow = getattr(item, "originalname", item.name) in SLOW_TESTS
        if slow or any(_reaches(f, _starts_processes, memos[1]) for f in used if f is not None):
            item.add_marker(pytest.mark.slow)
