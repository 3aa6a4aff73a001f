"""Real HTTP servers on loopback addresses, with routes each test defines and hit counts."""

from __future__ import annotations

import ssl
import threading
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PAGES = Path(__file__).parent / "fetch" / "pages"

Handler = Callable[[BaseHTTPRequestHandler], None]


class Site:
    """A threaded HTTP server; `route()` sets what a path answers, `hits` counts requests."""

    def __init__(self, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Handler] = {}
        self.hits: Counter[str] = Counter()
        self.release = threading.Event()  # set at teardown to end stalled handlers
        site = self

        class RequestHandler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                site.hits[path] += 1
                handler = site.routes.get(path)
                if handler is None:
                    self.send_error(404)
                    return
                handler(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), RequestHandler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self.server.daemon_threads = True
        self.host = host
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://{self.host}:{self.port}{path}"

    def route(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer `path` with a fixed response (with Content-Length)."""
        data = body.encode("utf-8") if isinstance(body, str) else body

        def handler(req: BaseHTTPRequestHandler) -> None:
            req.send_response(status)
            if content_type is not None:
                req.send_header("Content-Type", content_type)
            for name, value in (headers or {}).items():
                req.send_header(name, value)
            req.send_header("Content-Length", str(len(data)))
            req.end_headers()
            req.wfile.write(data)

        self.routes[path] = handler

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.route(path, status=status, content_type=None, headers={"Location": location})

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def page(name: str) -> str:
    """A fixture page from tests/fetch/pages."""
    return (PAGES / name).read_text(encoding="utf-8")
