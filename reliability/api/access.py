"""Optional API keys, each with its own rate limit.

Off unless keys are configured (`[server] api_keys` or `RELIABILITY_API_KEYS`):
a service on localhost serves its own user. With keys configured, every `/v1`
request must send one in the `X-API-Key` header, and each key may make
`requests_per_minute` requests (a token bucket refilled continuously). The
limit is kept per worker process, so with N workers a key can reach N times
its limit in the worst case; run one worker per core and set the limit with that in mind.
"""

from __future__ import annotations

import hmac
import math
import threading
import time
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from reliability.api.problems import ApiProblem
from reliability.config import ServerSettings

HEADER = "X-API-Key"


class TokenBucket:
    """`rate` tokens per minute, holding at most `rate` (a minute's burst)."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.tokens = float(rate)
        self.stamp = time.monotonic()

    def take(self) -> float:
        """Take a token; return 0 on success or the seconds to wait for the next one."""
        now = time.monotonic()
        self.tokens = min(self.rate, self.tokens + (now - self.stamp) * self.rate / 60)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) * 60 / self.rate


def require_access(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Litestar guard for the /v1 routes: applies the app's `AccessControl`.

    The checker lives on `app.state` because Litestar copies route
    registrations, and a guard holding a lock cannot be copied. It is async
    because Litestar runs a sync guard on a worker thread, a costly hop for a
    check that takes microseconds.
    """
    connection.app.state.access(connection, handler)


class AccessControl:
    """Checks keys and rate limits for each /v1 request (see `require_access`)."""

    def __init__(self, settings: ServerSettings) -> None:
        self.keys = {
            k.key: k.requests_per_minute or settings.requests_per_minute for k in settings.api_keys
        }
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

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
        given = connection.headers.get(HEADER)
        key = self._match(given) if given else None
        if key is None:
            raise ApiProblem(
                401,
                f"send a valid API key in the {HEADER} header",
                headers={"WWW-Authenticate": f'ApiKey header="{HEADER}"'},
            )
        with self._lock:
            bucket = self._buckets.setdefault(key, TokenBucket(self.keys[key]))
            wait = bucket.take()
        if wait > 0:
            raise ApiProblem(
                429,
                f"rate limit of {self.keys[key]} requests per minute reached; retry in "
                f"{math.ceil(wait)} s",
                headers={"Retry-After": str(math.ceil(wait))},
            )
