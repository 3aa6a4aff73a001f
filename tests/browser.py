"""Headless Chromium for tests, driven by Playwright: the system browser, never a download.

    from browser import chromium, page, watch_errors, artifact_path

- `chromium(extra_args=(), **context_options)`: a context manager yielding a
  Playwright `BrowserContext` of `/usr/bin/chromium` with a fresh user data
  folder (persistent, so extensions can be loaded with `extra_args`).
- `browser` (module fixture): such a context; `page` (fixture): a new page in
  it, closed afterwards, whose JavaScript errors fail the test.
- `watch_errors(page)`: a list that collects the page's uncaught errors and
  console errors.
- `artifact_path(name)`: where to keep a screenshot or trace, under
  `$RELIABILITY_TEST_ARTIFACTS` or `tests/artifacts/`.

A missing Chromium fails the test with the command that installs it: the
browser tests are part of the suite and are never skipped.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
# This machine's network is closed: without the background-networking flags
# Chromium's own connections (updates, sync, field trials) are refused and it stalls.
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
INSTALL = "apt-get install -y --no-install-recommends chromium"


def chromium_executable() -> str:
    """The system Chromium's path; fails the test when there is none."""
    found = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    if not found:
        pytest.fail(
            f"Chromium is not installed (looked for {CHROMIUM}); install it with: {INSTALL}"
        )
    return found


@contextmanager
def chromium(extra_args: Sequence[str] = (), **context_options: Any) -> Iterator[Any]:
    """A Playwright BrowserContext of the system Chromium with a fresh, temporary profile.

    `context_options` go to `launch_persistent_context` (for example
    `viewport={"width": 1280, "height": 900}` or `headless=False`).
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: pip install -e '.[test]'")
    executable = chromium_executable()
    options = {"headless": True, "viewport": {"width": 1280, "height": 900}, **context_options}
    with (
        tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile,
        sync_playwright() as playwright,
    ):
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            args=[*LAUNCH_ARGS, *extra_args],
            **options,
        )
        try:
            yield context
        finally:
            context.close()


def watch_errors(page: Any) -> list[str]:
    """Collect the page's uncaught exceptions and console errors as they happen."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.on(
        "console",
        lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    return errors


def artifact_path(name: str) -> Path:
    """A path for a test artifact (screenshot, trace), its folder created."""
    folder = Path(os.environ.get("RELIABILITY_TEST_ARTIFACTS") or ARTIFACTS)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module."""
    with chromium() as context:
        yield context


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page; the test fails if the page raised or logged an error.

    Chromium logs every HTTP error response as a console error; those are
    left to the test, which provoked them.
    """
    tab = browser.new_page()
    errors = watch_errors(tab)
    yield tab
    tab.close()
    errors = [e for e in errors if not e.startswith("console: Failed to load resource")]
    assert not errors, errors
