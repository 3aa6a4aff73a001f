"""A bounded in-memory cache of fetched pages that honours their Cache-Control.

This is a shared cache in the sense of RFC 9111: a page marked `private`,
`no-store` or `no-cache` (which would need revalidating on every use) is not
kept; `s-maxage` wins over `max-age`; without either, an `Expires` header or
the configured default lifetime applies. The least recently used pages go first
when the cache is over its entry or byte limit.
"""

from __future__ import annotations

import email.utils
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

V = TypeVar("V")


def _directives(cache_control: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for part in cache_control.split(","):
        name, sep, value = part.strip().partition("=")
        if name:
            out[name.strip().lower()] = value.strip().strip('"') if sep else None
    return out


def freshness(headers: Mapping[str, str], default_ttl: float, now: float) -> float:
    """How many seconds a response may be reused for; 0 when it must not be cached."""
    directives = _directives(headers.get("cache-control", ""))
    if {"no-store", "no-cache", "private"} & directives.keys():
        return 0.0
    for name in ("s-maxage", "max-age"):
        if name in directives:
            try:
                return max(0.0, float(int(directives[name] or "")))
            except ValueError:
                return 0.0  # a malformed lifetime is treated as stale (RFC 9111 4.2.1)
    if "expires" in headers:
        try:
            expires = email.utils.parsedate_to_datetime(headers["expires"]).timestamp()
        except (TypeError, ValueError):
            return 0.0  # an invalid Expires means already expired (RFC 9111 5.3)
        return max(0.0, expires - now)
    return default_ttl


class PageCache(Generic[V]):
    """Values by key, each with an expiry time, bounded in entries and in bytes."""

    def __init__(
        self, max_entries: int, max_bytes: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.clock = clock
        self._items: OrderedDict[str, tuple[float, int, V]] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size(self) -> int:
        """Bytes held."""
        return self._bytes

    def get(self, key: str) -> V | None:
        """The value if present and fresh; a stale one is dropped."""
        item = self._items.get(key)
        if item is None:
            return None
        expires, _size, value = item
        if self.clock() >= expires:
            self._drop(key)
            return None
        self._items.move_to_end(key)
        return value

    def put(self, key: str, value: V, size: int, ttl: float) -> bool:
        """Keep `value` for `ttl` seconds; False when it is not kept (no lifetime, or too big)."""
        self._drop(key)
        if ttl <= 0 or size > self.max_bytes or self.max_entries == 0:
            return False
        self._items[key] = (self.clock() + ttl, size, value)
        self._bytes += size
        while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
            self._drop(next(iter(self._items)))
        return True

    def _drop(self, key: str) -> None:
        item = self._items.pop(key, None)
        if item is not None:
            self._bytes -= item[1]
