"""Fetching a page by URL: redirects checked hop by hop, limits on time and size, a cache.

One `Fetcher` owns one `httpx.AsyncClient` whose connections go through
`GuardedBackend`: every connection resolves its host once, checks every
address with the `AddressPolicy` and connects to a checked address, while
the Host header and TLS (SNI and certificate checks) keep the host name.
Redirects are followed here, not by httpx, so each hop's URL is checked
again before it is requested.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import ssl
import time
import typing
import urllib.parse
from collections.abc import Iterable

import anyio
import httpcore
import httpx

from reliability.config import FetchSettings
from reliability.errors import FetchError, FetchTimeout, PageUnusable, UrlRefused
from reliability.fetch.cache import PageCache, freshness
from reliability.fetch.guard import AddressPolicy, Resolver, literal_address
from reliability.version import __version__

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.8"


@dataclasses.dataclass(frozen=True, kw_only=True)
class FetchedPage:
    """A page as fetched: where it was asked for and found, and its body."""

    requested_url: str
    final_url: str
    status: int
    content_type: str
    """The media type, lower case, without parameters (`text/html`)."""
    charset: str | None
    body: bytes
    fetched_at: str
    """When it was fetched, ISO 8601 UTC."""
    redirects: tuple[str, ...] = ()
    """Each URL redirected to, in order; the last is `final_url`."""
    from_cache: bool = False

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Connects only to addresses the policy allows, resolving each host exactly once."""

    def __init__(
        self, policy: AddressPolicy, inner: httpcore.AsyncNetworkBackend | None = None
    ) -> None:
        self.policy = policy
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self.policy.resolve(host, port)
        failure: Exception | None = None
        for addr in addresses:  # every one was checked; connect to the first that answers
            try:
                return await self.inner.connect_tcp(
                    str(addr),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise UrlRefused("Unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport, with its connection pool built on `GuardedBackend`."""

    def __init__(
        self,
        policy: AddressPolicy,
        *,
        inner: httpcore.AsyncNetworkBackend | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__(trust_env=False)
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
        # httpx takes no network backend as an argument, so the pool it built is
        # replaced by the same pool over the guarded backend (never a proxy:
        # trust_env=False above, and a proxy would connect to unchecked hosts).
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(policy, inner),
        )


class Fetcher:
    """Fetches HTML and plain-text pages by URL, safely, through one shared client.

    Use as an async context manager (or call `aclose`). `resolver` and
    `network_backend` replace DNS resolution and the raw TCP connection
    (the address policy applies either way); tests use them.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        resolver: Resolver | None = None,
        network_backend: httpcore.AsyncNetworkBackend | None = None,
        ssl_context: ssl.SSLContext | None = None,
        clock: typing.Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings or FetchSettings()
        self.policy = AddressPolicy(self.settings.allow, resolver)
        self.client = httpx.AsyncClient(
            transport=GuardedTransport(self.policy, inner=network_backend, ssl_context=ssl_context),
            timeout=httpx.Timeout(self.settings.timeout, connect=self.settings.connect_timeout),
            follow_redirects=False,
            trust_env=False,
            headers={
                "User-Agent": self.settings.user_agent or f"reliability/{__version__}",
                "Accept": ACCEPT,
            },
        )
        self.cache: PageCache[FetchedPage] = PageCache(
            self.settings.cache_entries, self.settings.cache_bytes, clock=clock
        )
        self.clock = clock

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.client.aclose()

    def check_url(self, url: str) -> httpx.URL:
        """The URL, parsed and checked: http or https, a host, no credentials, a public literal.

        A numeric IPv4 host in any form (`0x7f.1`) is rewritten in dotted form.
        """
        try:
            parts = urllib.parse.urlsplit(url.strip())
            port = parts.port
        except ValueError as exc:
            raise UrlRefused(f"not a valid URL: {exc}") from None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            shown = f"{scheme}:" if scheme else "a URL without a scheme"
            raise UrlRefused(f"only http and https URLs are fetched, not {shown}")
        host = parts.hostname
        if not host:
            raise UrlRefused("the URL has no host")
        if parts.username is not None or parts.password is not None:
            raise UrlRefused("URLs with a user name or password are not fetched")
        netloc = parts.netloc
        literal = literal_address(host)
        if literal is not None:
            self.policy.check(host, literal)
            shown_host = f"[{literal}]" if literal.version == 6 else str(literal)
            netloc = shown_host if port is None else f"{shown_host}:{port}"
        rebuilt = urllib.parse.urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
        try:
            return httpx.URL(rebuilt)
        except httpx.InvalidURL as exc:
            raise UrlRefused(f"not a valid URL: {exc}") from None

    async def fetch(self, url: str) -> FetchedPage:
        """The page at `url`, from the cache when a fresh copy is there.

        Raises `UrlRefused` (scheme, or an address that is not public),
        `PageUnusable` (content type, size, too many redirects), `FetchTimeout`,
        or `FetchError` (no connection, an error status).
        """
        target = self.check_url(url)
        key = str(target)
        cached = self.cache.get(key)
        if cached is not None:
            return dataclasses.replace(cached, from_cache=True)
        limit = self.settings.timeout
        try:
            with anyio.fail_after(limit):
                page, headers = await self._fetch(url, target)
        except TimeoutError:
            raise FetchTimeout(f"fetching {key} took longer than {limit:g} s") from None
        except httpx.TimeoutException as exc:
            kind = "connecting" if isinstance(exc, httpx.ConnectTimeout) else "reading"
            raise FetchTimeout(f"timed out {kind} {key}") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch {key}: {type(exc).__name__}: {exc}") from None
        ttl = freshness(headers, self.settings.cache_ttl, time.time())
        self.cache.put(key, page, len(page.body), ttl)
        return page

    async def _fetch(self, url: str, target: httpx.URL) -> tuple[FetchedPage, httpx.Headers]:
        redirects: list[str] = []
        current = target
        for hop in range(self.settings.max_redirects + 1):
            try:
                response = await self.client.send(
                    self.client.build_request("GET", current), stream=True
                )
            except UrlRefused as exc:  # a host name whose address the guard refused
                if not redirects:
                    raise
                raise UrlRefused(f"redirect to {current} refused: {exc.message}") from None
            try:
                location = response.headers.get("location")
                if response.status_code in REDIRECT_STATUSES and location:
                    if hop == self.settings.max_redirects:
                        raise PageUnusable(
                            f"more than {self.settings.max_redirects} redirects, starting at {url}"
                        )
                    joined = urllib.parse.urljoin(str(current), location.strip())
                    try:
                        current = self.check_url(joined)
                    except UrlRefused as exc:
                        raise UrlRefused(f"redirect to {joined} refused: {exc.message}") from None
                    redirects.append(str(current))
                    continue
                if not 200 <= response.status_code < 300:
                    raise FetchError(
                        f"{current} answered {response.status_code} {response.reason_phrase}"
                    )
                body = await self._read(response)
                media_type = _media_type(response.headers.get("content-type"), body)
                if media_type not in HTML_TYPES | TEXT_TYPES:
                    raise PageUnusable(
                        f"{current} is {media_type or 'of no stated content type'}; "
                        "only HTML and plain text pages can be scored"
                    )
                page = FetchedPage(
                    requested_url=url,
                    final_url=str(current),
                    status=response.status_code,
                    content_type=media_type,
                    charset=response.charset_encoding,
                    body=body,
                    fetched_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    redirects=tuple(redirects),
                )
                return page, response.headers
            finally:
                await response.aclose()
        raise AssertionError("unreachable: the loop returns or raises")

    async def _read(self, response: httpx.Response) -> bytes:
        """The decoded body, refusing it as soon as it passes the size limit."""
        limit = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise PageUnusable(f"the page is {int(declared):,} bytes; the limit is {limit:,} bytes")
        media_type = _media_type(response.headers.get("content-type"), b"")
        if media_type and media_type not in HTML_TYPES | TEXT_TYPES:
            # Refuse before reading a body that cannot be used.
            raise PageUnusable(
                f"{response.url} is {media_type}; only HTML and plain text pages can be scored"
            )
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():  # decompressed: the limit holds for gzip too
            size += len(chunk)
            if size > limit:
                raise PageUnusable(f"the page is larger than the limit of {limit:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)


def _media_type(header: str | None, body: bytes) -> str:
    """The media type from the Content-Type header; sniffed as HTML only when there is none."""
    if header:
        return header.split(";")[0].strip().lower()
    start = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    return ""
