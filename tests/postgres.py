"""A real PostgreSQL server for the tests, from the system's (Debian's) packages.

`PostgresServer.start` runs `initdb` and `pg_ctl` in a new temporary
directory, listening on 127.0.0.1 on a free port with its socket in that
directory, so it touches no system cluster. `initdb` and the server refuse to
run as root: as root, they run as the `postgres` user the Debian package
creates (or a `reliability-pg` user created for it) through `runuser`, and
the directory is given to that user.

No PostgreSQL installed is a test failure naming the package, never a skip:
the README's test command installs it.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest

INSTALL = "apt-get install -y --no-install-recommends postgresql"
FALLBACK_USER = "reliability-pg"


def binary(name: str) -> str:
    """The path of a PostgreSQL server program: on PATH, else the newest Debian version's."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if not candidates:
        pytest.fail(f"PostgreSQL's {name} is not installed; install it with: {INSTALL}")
    return candidates[-1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_user() -> str | None:
    """The user the server runs as when the tests run as root (None: as the current user)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", FALLBACK_USER):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", FALLBACK_USER],
        check=True,
        capture_output=True,
    )
    return FALLBACK_USER


class PostgresServer:
    """One throwaway PostgreSQL cluster; `database()` gives each test a fresh database."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="reliability-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user = _server_user()
        self._names = itertools.count()
        if self.user is not None:
            info = pwd.getpwnam(self.user)
            os.chown(self.root, info.pw_uid, info.pw_gid)

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        proc = subprocess.run(
            command, cwd=self.root, capture_output=True, text=True, timeout=timeout
        )
        if proc.returncode != 0:
            pytest.fail(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
        return proc

    def start(self) -> PostgresServer:
        self._run(
            binary("initdb"),
            "--pgdata",
            str(self.data),
            "--username",
            "reliability",
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--locale",
            "C.UTF-8",
        )
        options = (
            f"-c port={self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.root} -c max_connections=200"
        )
        self._run(
            binary("pg_ctl"),
            "--pgdata",
            str(self.data),
            "--log",
            str(self.root / "server.log"),
            "--options",
            options,
            "--wait",
            "start",
        )
        return self

    @property
    def admin_url(self) -> str:
        return self.url("postgres")

    def url(self, database: str) -> str:
        return f"postgresql://reliability@127.0.0.1:{self.port}/{database}"

    def database(self) -> str:
        """A new, empty database; its URL."""
        name = f"test_{next(self._names)}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(binary("pg_ctl"), "--pgdata", str(self.data), "--mode", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
