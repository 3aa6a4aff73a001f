"""`reliability serve`: start the HTTP API with uvicorn, optionally loading documents first.

Imported by the command line only when a line is not `reliability score`, so
scoring pays nothing for sockets, threads or uvicorn. The command's options are
declared with the others in `reliability.cli.build_parser`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reliability.cli import UsageError, read_documents
from reliability.engine import Engine
from reliability.workers import default_jobs

if TYPE_CHECKING:
    import threading


def _check_port(host: str, port: int) -> None:
    """Refuse, with one line, an address the server could not listen on (a port already taken).

    The probe binds with the options uvicorn uses, so it answers for uvicorn's own bind.
    """
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(
                    f"port {port} on {host} is already in use; stop what is using it, "
                    "or choose another port with --port"
                ) from None
            reason = exc.strerror or str(exc)
            raise UsageError(f"cannot listen on {host} port {port}: {reason}") from None


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _announce_when_serving(host: str, port: int, message: str, served: threading.Event) -> None:
    """Write `message` once the server answers an HTTP request, not before."""
    import http.client
    import time

    # A wildcard address is reached through loopback.
    probe = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    while True:
        conn = http.client.HTTPConnection(probe, port, timeout=5)
        try:
            conn.request("GET", "/healthz")
            conn.getresponse().read()  # any answer, even a refusal, means it is serving
        except (OSError, http.client.HTTPException):
            time.sleep(0.05)
            continue
        finally:
            conn.close()
        sys.stderr.write(message)
        sys.stderr.flush()
        served.set()
        return


def cmd_serve(args: argparse.Namespace, engine: Engine) -> int:
    """Start the HTTP API with uvicorn; optionally load documents into the store first."""
    import os
    import threading

    import uvicorn

    from reliability.store import default_store_path, load_documents, open_store, redact_url

    _check_port(args.host, args.port)  # before the documents are loaded
    db = args.db or engine.settings.server.db or str(default_store_path())
    docs = read_documents(args.load, sys.stdin.buffer, engine.settings) if args.load else []
    # Opened here first, so an unreachable database is one clear error before any worker starts.
    store = open_store(db)
    try:
        created = load_documents(store, docs)  # many documents per transaction
    finally:
        store.close()
    if args.load:
        sys.stderr.write(f"reliability: {len(docs)} document(s) in the store ({created} new)\n")
    # Worker processes read their settings from the environment.
    os.environ["RELIABILITY_DB"] = db
    if args.config:
        os.environ["RELIABILITY_CONFIG"] = str(Path(args.config).resolve())
    # One serving process (this one) supervises the scoring worker processes: every
    # connection reaches every core, whichever process accepted it.
    workers = args.workers or engine.settings.workers.processes or default_jobs()
    os.environ["RELIABILITY_WORKERS"] = str(workers)
    base = f"http://{_url_host(args.host)}:{args.port}"
    served = threading.Event()
    threading.Thread(
        target=_announce_when_serving,
        args=(
            args.host,
            args.port,
            f"reliability: serving {base} with {workers} worker(s), store {redact_url(db)}\n"
            f"reliability: docs at {base}/docs\n",
            served,
        ),
        daemon=True,
    ).start()
    uvicorn.run(
        "reliability.api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=1,
        log_level="warning",
        access_log=False,
    )
    if not served.is_set():
        # The workers failed to start (their messages are above) or were stopped first.
        sys.stderr.write("reliability: the server stopped before it answered a request\n")
        return 1
    return 0


def port_number(value: str) -> int:
    """An argparse type: a TCP port, 1 to 65535."""
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (1-65535)")
    return port
