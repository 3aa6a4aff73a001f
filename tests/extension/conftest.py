"""Paths and servers shared by the browser extension's tests.

Headless Chromium comes from `tests/browser.py` (the `browser` and `page`
fixtures, and `chromium()` for a browser with the extension loaded).
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator

import pytest
from extension_files import PAGES


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def pages_url() -> Iterator[str]:
    """The test pages served over HTTP on a free localhost port (the address, no slash)."""
    handler = functools.partial(_QuietHandler, directory=str(PAGES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
