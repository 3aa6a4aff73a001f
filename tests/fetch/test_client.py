"""The fetcher against real local servers: redirects, limits, content types, timeouts, cache."""

from __future__ import annotations

import ipaddress
import ssl
import time

import pytest
import trustme

from reliability.config import FetchSettings
from reliability.errors import FetchError, FetchTimeout, PageUnusable, UrlRefused
from reliability.fetch.cache import PageCache, freshness
from reliability.fetch.client import Fetcher

pytestmark = pytest.mark.anyio

HTML = "<html><head><title>T</title></head><body><p>Some article text.</p></body></html>"


def local(**settings) -> Fetcher:
    return Fetcher(FetchSettings(allow=["127.0.0.1"], **settings))


async def test_fetches_an_allowed_local_page(site):
    site.route("/story", HTML)
    async with local() as fetcher:
        page = await fetcher.fetch(site.url("/story"))
    assert page.status == 200
    assert page.content_type == "text/html" and page.charset == "utf-8"
    assert page.body == HTML.encode()
    assert page.requested_url == page.final_url == site.url("/story")
    assert page.redirects == () and not page.from_cache


async def test_the_same_server_is_refused_without_the_allow_list(site):
    site.route("/story", HTML)
    async with Fetcher() as fetcher:
        with pytest.raises(UrlRefused, match=r"127.0.0.1, a loopback address"):
            await fetcher.fetch(site.url("/story"))
    assert site.hits["/story"] == 0


async def test_follows_redirects_relative_and_absolute(site):
    site.redirect("/a", "/b", status=301)
    site.redirect("/b", site.url("/c"), status=307)
    site.route("/c", HTML)
    async with local() as fetcher:
        page = await fetcher.fetch(site.url("/a"))
    assert page.final_url == site.url("/c")
    assert page.redirects == (site.url("/b"), site.url("/c"))
    assert page.requested_url == site.url("/a")


async def test_redirect_limit(site):
    for i in range(6):
        site.redirect(f"/r{i}", f"/r{i + 1}")
    site.route("/r6", HTML)
    async with local(max_redirects=5) as fetcher:
        with pytest.raises(PageUnusable, match="more than 5 redirects"):
            await fetcher.fetch(site.url("/r0"))
        assert site.hits["/r5"] == 1 and site.hits["/r6"] == 0
        page = await fetcher.fetch(site.url("/r1"))  # five redirects are fine
        assert page.final_url == site.url("/r6")


async def test_each_redirect_hop_is_checked_again(make_site):
    first = make_site("127.0.0.1")
    second = make_site("127.0.0.2")
    second.route("/secret", "internal")
    first.redirect("/go", second.url("/secret"))
    first.redirect("/meta", "http://169.254.169.254/latest/meta-data/")
    async with local() as fetcher:  # allows 127.0.0.1 only
        with pytest.raises(UrlRefused) as caught:
            await fetcher.fetch(first.url("/go"))
        assert "redirect to http://127.0.0.2" in str(caught.value)
        assert "resolves to 127.0.0.2, a loopback address" in str(caught.value)
        with pytest.raises(UrlRefused, match=r"169.254.169.254, a cloud metadata address"):
            await fetcher.fetch(first.url("/meta"))
    assert second.hits["/secret"] == 0


async def test_redirect_to_a_name_that_resolves_privately_is_refused(site):
    site.redirect("/go", "http://internal.test/admin")

    async def resolve(host: str, port: int) -> list:
        return [ipaddress.ip_address("10.0.0.7")]

    fetcher = Fetcher(FetchSettings(allow=["127.0.0.1"]), resolver=resolve)
    async with fetcher:
        with pytest.raises(UrlRefused) as caught:
            await fetcher.fetch(site.url("/go"))
    assert str(caught.value) == (
        "redirect to http://internal.test/admin refused: "
        "host 'internal.test' resolves to 10.0.0.7, a private address"
    )


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "ftp://example.com/file", "gopher://x/"]
)
async def test_redirect_to_another_scheme_is_refused(site, location):
    site.redirect("/go", location)
    async with local() as fetcher:
        with pytest.raises(UrlRefused, match="only http and https URLs are fetched"):
            await fetcher.fetch(site.url("/go"))


async def test_size_limit_while_streaming_without_content_length(site):
    sent = []

    def endless(req):
        req.send_response(200)
        req.send_header("Content-Type", "text/html")
        req.end_headers()  # no Content-Length: the body ends when the connection closes
        try:
            for _ in range(200):
                req.wfile.write(b"<p>" + b"x" * 65_536 + b"</p>")
                sent.append(1)
        except OSError:
            pass  # the client hung up, as it should

    site.routes["/big"] = endless
    async with local(max_bytes=1_000_000) as fetcher:
        with pytest.raises(PageUnusable, match="larger than the limit of 1,000,000 bytes"):
            await fetcher.fetch(site.url("/big"))
    assert len(sent) < 200  # refused while streaming, not after reading everything


async def test_size_limit_from_content_length(site):
    site.route("/big", "x" * 2_000)
    async with local(max_bytes=1_000) as fetcher:
        with pytest.raises(PageUnusable, match="the page is 2,000 bytes; the limit is 1,000 bytes"):
            await fetcher.fetch(site.url("/big"))


@pytest.mark.parametrize(
    ("content_type", "shown"),
    [("application/pdf", "application/pdf"), ("image/png", "image/png"), (None, "of no stated")],
)
async def test_content_type_refusal(site, content_type, shown):
    site.route("/file", b"%PDF-1.7 binary", content_type=content_type)
    async with local() as fetcher:
        with pytest.raises(PageUnusable, match=f"is {shown}.*only HTML and plain text"):
            await fetcher.fetch(site.url("/file"))


async def test_plain_text_and_unlabelled_html_are_accepted(site):
    site.route("/t", "Plain words.", content_type="text/plain; charset=latin-1")
    site.route("/h", "<!DOCTYPE html><html><body>x</body></html>", content_type=None)
    async with local() as fetcher:
        text = await fetcher.fetch(site.url("/t"))
        html = await fetcher.fetch(site.url("/h"))
    assert text.content_type == "text/plain" and text.charset == "latin-1"
    assert html.content_type == "text/html"


async def test_error_status_is_a_fetch_error(site):
    async with local() as fetcher:
        with pytest.raises(FetchError, match="answered 404"):
            await fetcher.fetch(site.url("/missing"))


async def test_connection_refused_is_a_fetch_error(site):
    port = site.port
    site.close()
    async with local() as fetcher:
        with pytest.raises(FetchError, match="cannot fetch"):
            await fetcher.fetch(f"http://127.0.0.1:{port}/")


async def test_a_stalled_server_times_out(site):
    def stall(req):
        site.release.wait(10)

    site.routes["/slow"] = stall
    started = time.monotonic()
    async with local(timeout=0.5) as fetcher:
        with pytest.raises(FetchTimeout, match=r"timed out|took longer than 0.5 s"):
            await fetcher.fetch(site.url("/slow"))
    assert time.monotonic() - started < 3


async def test_a_trickling_server_hits_the_total_timeout(site):
    def trickle(req):
        req.send_response(200)
        req.send_header("Content-Type", "text/html")
        req.end_headers()
        for _ in range(40):  # a byte every 0.1 s never trips the read timeout
            if site.release.wait(0.1):
                return
            try:
                req.wfile.write(b"x")
                req.wfile.flush()
            except OSError:
                return

    site.routes["/trickle"] = trickle
    started = time.monotonic()
    async with local(timeout=1.0) as fetcher:
        with pytest.raises(FetchTimeout, match="took longer than 1 s"):
            await fetcher.fetch(site.url("/trickle"))
    assert time.monotonic() - started < 3


@pytest.fixture
def certificate_authority():
    """A throwaway CA (trustme) that issued a certificate for the name news.test only."""
    return trustme.CA()


async def test_tls_keeps_the_host_name_while_connecting_to_the_checked_address(
    make_site, certificate_authority
):
    """SNI and certificate checks use the URL's name; the socket goes to the resolved address."""
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    certificate_authority.issue_cert("news.test").configure_cert(server_tls)
    names: list[str | None] = []
    server_tls.sni_callback = lambda sock, name, ctx: names.append(name)
    site = make_site("127.0.0.1", tls=server_tls)
    site.route("/", HTML)

    async def resolve(host: str, port: int) -> list:
        return [ipaddress.ip_address("127.0.0.1")]

    client_tls = ssl.create_default_context()
    certificate_authority.configure_trust(client_tls)
    settings = FetchSettings(allow=["127.0.0.1"])
    async with Fetcher(settings, resolver=resolve, ssl_context=client_tls) as fetcher:
        page = await fetcher.fetch(f"https://news.test:{site.port}/")
        assert page.status == 200 and page.body == HTML.encode()
        assert names == ["news.test"]
        # Another name for the same address: the certificate does not match it.
        with pytest.raises(FetchError, match="cannot fetch"):
            await fetcher.fetch(f"https://other.test:{site.port}/")


# -- the cache ------------------------------------------------------------------


async def test_repeated_fetches_come_from_the_cache(site):
    site.route("/p", HTML)
    async with local() as fetcher:
        first = await fetcher.fetch(site.url("/p"))
        second = await fetcher.fetch(site.url("/p"))
    assert not first.from_cache and second.from_cache
    assert second.body == first.body
    assert site.hits["/p"] == 1


@pytest.mark.parametrize(
    "cache_control", ["no-store", "no-cache", "private", "max-age=0", "private, max-age=600"]
)
async def test_cache_control_that_forbids_reuse_is_honoured(site, cache_control):
    site.route("/p", HTML, headers={"Cache-Control": cache_control})
    async with local() as fetcher:
        await fetcher.fetch(site.url("/p"))
        again = await fetcher.fetch(site.url("/p"))
    assert not again.from_cache
    assert site.hits["/p"] == 2


async def test_max_age_expires(site):
    now = [1000.0]
    site.route("/p", HTML, headers={"Cache-Control": "public, max-age=60"})
    async with Fetcher(FetchSettings(allow=["127.0.0.1"]), clock=lambda: now[0]) as fetcher:
        await fetcher.fetch(site.url("/p"))
        now[0] += 59
        assert (await fetcher.fetch(site.url("/p"))).from_cache
        now[0] += 2
        assert not (await fetcher.fetch(site.url("/p"))).from_cache
    assert site.hits["/p"] == 2


async def test_default_ttl_applies_without_cache_headers(site):
    now = [0.0]
    site.route("/p", HTML)
    settings = FetchSettings(allow=["127.0.0.1"], cache_ttl=30)
    async with Fetcher(settings, clock=lambda: now[0]) as fetcher:
        await fetcher.fetch(site.url("/p"))
        now[0] = 29
        assert (await fetcher.fetch(site.url("/p"))).from_cache
        now[0] = 31
        assert not (await fetcher.fetch(site.url("/p"))).from_cache


async def test_cache_is_bounded_in_entries(site):
    for name in "abc":
        site.route(f"/{name}", HTML)
    async with local(cache_entries=2) as fetcher:
        for name in "abc":
            await fetcher.fetch(site.url(f"/{name}"))
        assert len(fetcher.cache) == 2
        assert (await fetcher.fetch(site.url("/c"))).from_cache
        assert not (await fetcher.fetch(site.url("/a"))).from_cache  # the oldest went first
    assert site.hits["/a"] == 2


def test_cache_is_bounded_in_bytes():
    cache: PageCache[str] = PageCache(max_entries=10, max_bytes=100, clock=lambda: 0.0)
    assert cache.put("a", "A", size=60, ttl=10)
    assert cache.put("b", "B", size=30, ttl=10)
    assert cache.get("a") == "A"  # now the most recently used
    assert cache.put("c", "C", size=30, ttl=10)  # over 100 bytes: b, the least recent, goes
    assert cache.get("b") is None and cache.get("a") == "A" and cache.get("c") == "C"
    assert cache.size == 90
    assert not cache.put("huge", "H", size=101, ttl=10)


@pytest.mark.parametrize(
    ("headers", "ttl"),
    [
        ({}, 300.0),
        ({"cache-control": "max-age=120"}, 120.0),
        ({"cache-control": "public, s-maxage=10, max-age=120"}, 10.0),
        ({"cache-control": "no-store"}, 0.0),
        ({"cache-control": "NO-CACHE"}, 0.0),
        ({"cache-control": "private, max-age=60"}, 0.0),
        ({"cache-control": "max-age=soon"}, 0.0),
        ({"expires": "Thu, 01 Jan 1970 00:10:00 GMT"}, 500.0),
        ({"expires": "0"}, 0.0),
        ({"cache-control": "max-age=5", "expires": "Thu, 01 Jan 1970 00:10:00 GMT"}, 5.0),
    ],
)
def test_freshness(headers, ttl):
    assert freshness(headers, default_ttl=300.0, now=100.0) == ttl
