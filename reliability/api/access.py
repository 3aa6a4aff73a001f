"""Who may call the API: the Host header check, optional API keys, rate limits.

**Host header.** A web page can point a name it controls at 127.0.0.1 (DNS
rebinding) and then call a service on localhost as its own origin. The
browser still sends the page's name as `Host`, so requests are answered only
when `Host` names this server without DNS: on a loopback connection,
`localhost` (or a `*.localhost` name) or a loopback address (or 0.0.0.0);
on any other connection also an IP address; and everywhere the names listed in
`[server] allowed_hosts` (`news.example`, `*.news.example`, or `*` for any).
In-process clients and Unix sockets have no address a browser could reach,
so the check applies to TCP connections only.

**Keys.** Off unless keys are configured (`[server] api_keys` or
`RELIABILITY_API_KEYS`): a service on localhost serves its own user. With keys
configured, every `/v1` request and `/metrics` must send one, in the `X-API-Key`
header or as `Authorization: Bearer <key>` (what Prometheus sends), and each
key may make `requests_per_minute` requests (a token bucket refilled
continuously). Wrong keys are throttled per client address
(`key_failures_per_minute`): past the limit the address gets 429 before any
key it sends is compared, so keys cannot be guessed at speed. Where the counts
live depends on the store: with a store several instances share (PostgreSQL)
they are kept in it, so a key's limit holds across every worker of every
instance; with the embedded SQLite store they are kept per worker process, so
with N workers a key can reach N times its limit in the worst case (run one
worker per core and set the limit with that in mind). Keys are never written
to the store: a bucket is named by a digest of its key.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import anyio
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from reliability.api.problems import ApiProblem
from reliability.config import ServerSettings
from reliability.store.base import TokenBuckets

HEADER = "X-API-Key"
# Buckets of client addresses that sent wrong keys; past this many, full ones are dropped.
MAX_TRACKED_CLIENTS = 10_000


class TokenBucket:
    """`rate` tokens per minute, holding at most `rate` (a minute's burst)."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.tokens = float(rate)
        self.stamp = time.monotonic()

    def _refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.rate, self.tokens + (now - self.stamp) * self.rate / 60)
        self.stamp = now

    def wait(self) -> float:
        """Seconds until a token is there (0 when one is there now); takes nothing."""
        self._refill()
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) * 60 / self.rate

    def take(self) -> float:
        """Take a token; return 0 on success or the seconds to wait for the next one."""
        wait = self.wait()
        if wait == 0:
            self.tokens -= 1
        return wait

    @property
    def full(self) -> bool:
        self._refill()
        return self.tokens >= self.rate


class LocalBuckets(TokenBuckets):
    """Token buckets in this process's memory: limits count per worker process."""

    def __init__(self) -> None:
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def _bucket(self, name: str, rate: int) -> TokenBucket:
        if len(self._buckets) > MAX_TRACKED_CLIENTS:
            # Forget buckets whose budget is whole again (wrong keys from many addresses).
            self._buckets = {n: b for n, b in self._buckets.items() if not b.full}
        return self._buckets.setdefault(name, TokenBucket(rate))

    def take(self, name: str, rate: int) -> float:
        with self._lock:
            return self._bucket(name, rate).take()

    def wait(self, name: str, rate: int) -> float:
        with self._lock:
            bucket = self._buckets.get(name)
            return bucket.wait() if bucket is not None else 0.0


async def require_access(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Litestar guard for the /v1 routes and /metrics: applies the app's `AccessControl`.

    The checker lives on `app.state` because Litestar copies route
    registrations, and a guard holding a lock cannot be copied. Counters in
    a database are read on a worker thread, never on the event loop.
    """
    access: AccessControl = connection.app.state.access
    if access.shared:
        await anyio.to_thread.run_sync(access, connection, handler)
    else:
        access(connection, handler)


def _given_key(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    if given := connection.headers.get(HEADER):
        return given
    scheme, _, credentials = connection.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return None


class AccessControl:
    """Checks keys and rate limits for each /v1 request (see `require_access`).

    `buckets` keeps the counts: shared ones from the store
    (`DocumentStore.token_buckets`), or by default this process's own.
    """

    def __init__(self, settings: ServerSettings, buckets: TokenBuckets | None = None) -> None:
        self.keys = {
            k.key: k.requests_per_minute or settings.requests_per_minute for k in settings.api_keys
        }
        self.failure_rate = settings.key_failures_per_minute
        self.shared = buckets is not None
        self.buckets: TokenBuckets = buckets if buckets is not None else LocalBuckets()
        # A bucket per key, named by a digest so that no key is written anywhere.
        self._names = {
            key: "key:" + hashlib.sha256(key.encode()).hexdigest()[:32] for key in self.keys
        }

    @property
    def enabled(self) -> bool:
        return bool(self.keys)

    def _match(self, given: str) -> str | None:
        # Compare against every key in constant time, so timing reveals nothing.
        found = None
        for key in self.keys:
            if hmac.compare_digest(key.encode(), given.encode()):
                found = key
        return found

    def __call__(self, connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if not self.enabled:
            return
        unauthorized = ApiProblem(
            401,
            f"send a valid API key in the {HEADER} header",
            headers={"WWW-Authenticate": f'ApiKey header="{HEADER}"'},
        )
        given = _given_key(connection)
        if given is None:
            raise unauthorized
        client = connection.client.host if connection.client else ""
        wait = self.buckets.wait(f"client:{client}", self.failure_rate)
        if wait > 0:
            raise ApiProblem(
                429,
                f"too many wrong API keys from {client or 'this client'}; retry in "
                f"{math.ceil(wait)} s",
                headers={"Retry-After": str(math.ceil(wait))},
            )
        key = self._match(given)
        if key is None:
            self.buckets.take(f"client:{client}", self.failure_rate)
            raise unauthorized
        wait = self.buckets.take(self._names[key], self.keys[key])
        if wait > 0:
            raise ApiProblem(
                429,
                f"rate limit of {self.keys[key]} requests per minute reached; retry in "
                f"{math.ceil(wait)} s",
                headers={"Retry-After": str(math.ceil(wait))},
            )


# -- the Host header ----------------------------------------------------------------


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address `text` is (IPv4 inside IPv6 unwrapped), or None for a name."""
    try:
        address = ipaddress.ip_address(text.strip("[]").split("%")[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def host_name(header: str) -> str:
    """The host of a Host header, lowercased, without its port, brackets or final dot."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        value = value.partition(":")[0]
    return value.rstrip(".")


class HostCheck:
    """Which Host headers the API answers (see the module docstring)."""

    def __init__(self, allowed_hosts: Iterable[str]) -> None:
        entries = [host_name(h) for h in allowed_hosts if h.strip()]
        self.any = "*" in entries
        self.names = {e for e in entries if not e.startswith("*")}
        self.suffixes = tuple(e[1:] for e in entries if e.startswith("*."))

    def listed(self, name: str) -> bool:
        return self.any or name in self.names or any(name.endswith(s) for s in self.suffixes)

    def refusal(self, header: str | None, local: str | None) -> str | None:
        """Why a request with this Host on a connection to `local` is refused (None: it is not)."""
        local_address = _address(local) if local else None
        if local_address is None or header is None:
            return None  # not TCP (in-process, Unix socket), or no name to check
        name = host_name(header)
        address = _address(name)
        if self.listed(name) or name == "localhost" or name.endswith(".localhost"):
            return None
        this_machine = address is not None and (address.is_loopback or address.is_unspecified)
        if this_machine or (address is not None and not local_address.is_loopback):
            return None
        where = "on a loopback address " if local_address.is_loopback else ""
        return (
            f"the Host header names {name!r}, which this server does not serve {where}"
            "(a page reaching it through DNS rebinding sends its own name); "
            "add the name to [server] allowed_hosts (RELIABILITY_ALLOWED_HOSTS) to serve it"
        )


def host_check_middleware(allowed_hosts: Iterable[str]) -> Callable[[Any], Any]:
    """Litestar middleware refusing requests whose Host this server does not serve (400)."""
    check = HostCheck(allowed_hosts)

    def factory(app: Any) -> Any:
        async def middleware(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] == "http":
                header = next((v for k, v in scope["headers"] if k == b"host"), None)
                server = scope.get("server")
                reason = check.refusal(
                    header.decode("latin-1") if header is not None else None,
                    str(server[0]) if server else None,
                )
                if reason is not None:
                    raise ApiProblem(400, reason, slug="host-not-allowed")
            await app(scope, receive, send)

        return middleware

    return factory
