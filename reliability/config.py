"""Settings: defaults, then a TOML file, then environment variables.

The file is the one given with `--config` or in `RELIABILITY_CONFIG`:

    timeout = 2.0                 # seconds each heuristic may take
    max_text_bytes = 2000000      # largest accepted text, UTF-8 bytes
    min_confidence = 0.5          # share of the evidence obtained below which no grade is given
    enable = ["hedging"]          # allow-list (omit to enable every heuristic)
    disable = ["loaded-language"]
    [weights]
    hedging = 2.0
    [options.recycling]           # that heuristic's options (its `options` Struct)
    today = "2026-11-23"

Each `[options.<name>]` table is checked against the options Struct the
heuristic declares when the plugins are loaded: an unknown key or a bad value
stops start-up with an error naming the heuristic and the key.

Environment variables override the file: `RELIABILITY_TIMEOUT`,
`RELIABILITY_MAX_TEXT_BYTES`, `RELIABILITY_MIN_CONFIDENCE`,
`RELIABILITY_ENABLE` and `RELIABILITY_DISABLE` (comma-separated names),
`RELIABILITY_WEIGHTS` (`name=weight,name=weight`).

The HTTP API reads the `[server]` table:

    [server]
    db = "/var/lib/reliability/store.sqlite3"   # or sqlite:///path, or postgresql://USER@HOST:PORT/DB
    max_body_bytes = 5000000
    deadline = 30.0               # seconds per request
    requests_per_minute = 600     # per API key, when keys are configured
    key_failures_per_minute = 10  # wrong keys one client address may send before a 429
    allowed_hosts = ["reliability.example", "*.newsroom.example"]  # Host names served
    cors_origins = ["https://newsroom.example"]
    cors_extensions = true        # allow chrome-extension:// and moz-extension:// origins
    [[server.api_keys]]           # with any key configured, every /v1 call needs one
    key = "a-long-random-secret-value"
    name = "newsroom"
    requests_per_minute = 120

and `RELIABILITY_DB`, `RELIABILITY_MAX_BODY_BYTES`, `RELIABILITY_DEADLINE`,
`RELIABILITY_REQUESTS_PER_MINUTE`, `RELIABILITY_API_KEYS` (comma-separated
keys), `RELIABILITY_CORS_ORIGINS` (comma-separated origins),
`RELIABILITY_ALLOWED_HOSTS` (comma-separated names).

`allowed_hosts` lists the names, besides localhost and IP addresses, that
requests may carry in their Host header (see `reliability.api.access`): set
it to the public name when the API is served behind a proxy under a name.

Fetching pages by URL (`reliability score https://…`, `{"url": …}` in the API)
reads the `[fetch]` table:

    [fetch]
    connect_timeout = 5.0         # seconds to connect
    timeout = 15.0                # seconds for the whole fetch, redirects included
    max_bytes = 5000000           # largest page, counted while it streams
    max_redirects = 5
    allow = ["10.1.0.0/16", "intranet.example:8080"]  # private networks or hosts to allow
    cache_entries = 256           # fetched pages kept, bounded also by cache_bytes
    cache_bytes = 64000000
    cache_ttl = 600.0             # seconds, when the page sets no max-age

and `RELIABILITY_FETCH_ALLOW` (comma-separated), `RELIABILITY_FETCH_TIMEOUT`.

Scoring in the API, and in `reliability score` over many documents, runs in
worker processes (see `reliability.workers`), set in the `[workers]` table:

    [workers]
    processes = 4                 # default: one per core
    deadline = 10.0               # wall-clock seconds per document before its worker is killed
    max_documents = 10000         # a worker is replaced after this many documents
    max_memory_mb = 1024          # ... or above this much (killed past twice this while scoring)

and `RELIABILITY_WORKERS`, `RELIABILITY_WORKER_DEADLINE`,
`RELIABILITY_WORKER_MAX_DOCUMENTS`, `RELIABILITY_WORKER_MAX_MEMORY_MB`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from reliability.document import DEFAULT_MAX_TEXT_BYTES
from reliability.errors import ConfigError

Seconds = Annotated[float, Meta(gt=0, le=3600)]


class ApiKey(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A client's key for the HTTP API, with its own rate limit."""

    key: Annotated[str, Meta(min_length=16)]
    name: str | None = None
    requests_per_minute: Annotated[int, Meta(gt=0)] | None = None


class ServerSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """HTTP API settings (the `[server]` table)."""

    db: str | None = None
    max_body_bytes: Annotated[int, Meta(gt=0)] = 5_000_000
    deadline: Seconds = 30.0
    api_keys: list[ApiKey] = []
    requests_per_minute: Annotated[int, Meta(gt=0)] = 600
    key_failures_per_minute: Annotated[int, Meta(gt=0)] = 10
    # Host names served besides localhost and IP addresses ("*.example.org", or "*" for any).
    allowed_hosts: list[str] = []
    cors_origins: list[str] = []
    cors_extensions: bool = True
    peer_limit: Annotated[int, Meta(gt=0, le=100)] = 10
    peer_window_days: Annotated[int, Meta(gt=0)] = 45


def parse_allow_entry(entry: str) -> tuple[str, int | None]:
    """Split an `allow` entry into its network or host name and its port (None: every port).

    `10.0.0.0/8`, `intranet.example`, `::1` allow every port; `10.0.0.5:8080`,
    `intranet.example:8080`, `[::1]:8080`, `[fd00::/8]:443` allow one. Raises
    `ValueError` for a port that is not a number from 1 to 65535.
    """
    text = entry.strip()
    if text.startswith("["):
        target, _, rest = text[1:].partition("]")
        port = rest.removeprefix(":") if rest.startswith(":") else None
        if rest and port is None:
            raise ValueError(f"allow entry {entry!r}: expected [address] or [address]:port")
    elif text.count(":") == 1:
        target, _, port = text.partition(":")
    else:
        return text, None  # a name, an IPv4 network, or IPv6 without a port
    if port is None:
        return target, None
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"allow entry {entry!r}: the port must be a number from 1 to 65535")
    return target, int(port)


class FetchSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Fetching pages by URL (the `[fetch]` table): limits, and the private hosts allowed."""

    connect_timeout: Seconds = 5.0
    timeout: Seconds = 15.0
    max_bytes: Annotated[int, Meta(gt=0)] = 5_000_000
    max_redirects: Annotated[int, Meta(ge=0, le=20)] = 5
    # Networks ("10.0.0.0/8", "127.0.0.1") or host names that may be fetched although
    # they are private, loopback or otherwise not public, each on every port, or on one
    # port when it names one ("intranet.example:8080", "10.0.0.5:80", "[::1]:8080").
    # Empty: public addresses only.
    allow: list[str] = []
    cache_entries: Annotated[int, Meta(ge=0)] = 256
    cache_bytes: Annotated[int, Meta(ge=0)] = 64_000_000
    cache_ttl: Annotated[float, Meta(ge=0)] = 600.0
    user_agent: str | None = None  # default: reliability/<version>

    def __post_init__(self) -> None:
        for entry in self.allow:
            parse_allow_entry(entry)  # a ValueError names the entry


class WorkerSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The scoring worker processes of the API and the command line (the `[workers]` table)."""

    processes: Annotated[int, Meta(gt=0, le=256)] | None = None  # default: one per core
    # Wall-clock seconds one document may take in a worker before the worker is killed.
    deadline: Seconds = 10.0
    # A worker is replaced after this many documents, or once its memory is above the limit
    # after a document; a worker that goes past twice the limit while scoring is killed.
    max_documents: Annotated[int, Meta(gt=0)] = 10000
    max_memory_mb: Annotated[int, Meta(ge=64)] = 1024


class Settings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Engine settings; see the module docstring for the file and environment forms."""

    timeout: Seconds = 2.0
    max_text_bytes: Annotated[int, Meta(gt=0)] = DEFAULT_MAX_TEXT_BYTES
    min_confidence: Annotated[float, Meta(ge=0, le=1)] = 0.5
    enable: list[str] | None = None
    disable: list[str] = []
    weights: dict[str, Annotated[float, Meta(ge=0)]] = {}
    options: dict[str, dict[str, Any]] = {}
    server: ServerSettings = ServerSettings()
    fetch: FetchSettings = FetchSettings()
    workers: WorkerSettings = WorkerSettings()


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _env_overrides(environ: Mapping[str, str]) -> dict[str, Any]:
    """Settings given in environment variables, as raw values for validation."""
    out: dict[str, Any] = {}
    for key, field in (
        ("RELIABILITY_TIMEOUT", "timeout"),
        ("RELIABILITY_MAX_TEXT_BYTES", "max_text_bytes"),
        ("RELIABILITY_MIN_CONFIDENCE", "min_confidence"),
    ):
        if key in environ:
            try:
                out[field] = float(environ[key]) if field != "max_text_bytes" else int(environ[key])
            except ValueError:
                raise ConfigError(f"{key}={environ[key]!r} is not a number") from None
    if "RELIABILITY_ENABLE" in environ:
        out["enable"] = _split(environ["RELIABILITY_ENABLE"])
    if "RELIABILITY_DISABLE" in environ:
        out["disable"] = _split(environ["RELIABILITY_DISABLE"])
    if "RELIABILITY_WEIGHTS" in environ:
        out["weights"] = parse_weights(environ["RELIABILITY_WEIGHTS"], source="RELIABILITY_WEIGHTS")
    server: dict[str, Any] = {}
    for key, field in (
        ("RELIABILITY_DB", "db"),
        ("RELIABILITY_MAX_BODY_BYTES", "max_body_bytes"),
        ("RELIABILITY_DEADLINE", "deadline"),
        ("RELIABILITY_REQUESTS_PER_MINUTE", "requests_per_minute"),
    ):
        if key in environ:
            server[field] = environ[key]
    if "RELIABILITY_API_KEYS" in environ:
        server["api_keys"] = [{"key": k} for k in _split(environ["RELIABILITY_API_KEYS"])]
    if "RELIABILITY_CORS_ORIGINS" in environ:
        server["cors_origins"] = _split(environ["RELIABILITY_CORS_ORIGINS"])
    if "RELIABILITY_ALLOWED_HOSTS" in environ:
        server["allowed_hosts"] = _split(environ["RELIABILITY_ALLOWED_HOSTS"])
    if server:
        out["server"] = server
    workers = {
        field: environ[key]
        for key, field in (
            ("RELIABILITY_WORKERS", "processes"),
            ("RELIABILITY_WORKER_DEADLINE", "deadline"),
            ("RELIABILITY_WORKER_MAX_DOCUMENTS", "max_documents"),
            ("RELIABILITY_WORKER_MAX_MEMORY_MB", "max_memory_mb"),
        )
        if key in environ
    }
    if workers:
        out["workers"] = workers
    fetch: dict[str, Any] = {}
    if "RELIABILITY_FETCH_ALLOW" in environ:
        fetch["allow"] = _split(environ["RELIABILITY_FETCH_ALLOW"])
    if "RELIABILITY_FETCH_TIMEOUT" in environ:
        fetch["timeout"] = environ["RELIABILITY_FETCH_TIMEOUT"]
    if fetch:
        out["fetch"] = fetch
    return out


def parse_weights(value: str, *, source: str) -> dict[str, float]:
    """Parse `name=weight,name=weight`, raising `ConfigError` naming `source`."""
    weights: dict[str, float] = {}
    for item in _split(value):
        name, sep, number = item.partition("=")
        try:
            if not sep or not name.strip():
                raise ValueError
            weights[name.strip()] = float(number)
        except ValueError:
            raise ConfigError(f"{source}: {item!r} is not name=weight") from None
    return weights


def load_settings(
    path: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Read settings from `path` (or `RELIABILITY_CONFIG`) and the environment."""
    environ = os.environ if environ is None else environ
    path = path or environ.get("RELIABILITY_CONFIG") or None
    raw: dict[str, Any] = {}
    if path is not None:
        try:
            raw = msgspec.toml.decode(Path(path).read_bytes())
        except OSError as exc:
            raise ConfigError(f"cannot read configuration file {path}: {exc.strerror}") from None
        except msgspec.DecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    env = _env_overrides(environ)
    for table in ("server", "fetch", "workers"):
        if table in env:
            env[table] = {**raw.get(table, {}), **env[table]}
    raw.update(env)
    try:
        # strict=False lets environment strings such as "30" fill numeric fields.
        return msgspec.convert(raw, Settings, strict=False)
    except msgspec.ValidationError as exc:
        where = f"{path}: " if path else ""
        raise ConfigError(f"{where}invalid setting: {exc}") from None
