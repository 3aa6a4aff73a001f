"""The address policy: every way of writing a non-public address is refused, with its reason."""

from __future__ import annotations

import ipaddress
import re

import httpcore
import pytest

from reliability.config import FetchSettings, load_settings
from reliability.errors import ConfigError, FetchError, UrlRefused
from reliability.fetch.client import Fetcher
from reliability.fetch.guard import AddressPolicy, parse_ipv4, refusal_reason

pytestmark = pytest.mark.anyio

# (URL, the address it denotes, the reason named in the refusal)
REFUSED = [
    ("http://127.0.0.1/", "127.0.0.1", "a loopback address"),
    ("http://127.0.0.1:8000/admin", "127.0.0.1", "a loopback address"),
    ("http://2130706433/", "127.0.0.1", "a loopback address"),
    ("http://0x7f.1/", "127.0.0.1", "a loopback address"),
    ("http://0x7f000001/", "127.0.0.1", "a loopback address"),
    ("http://0177.0.0.1/", "127.0.0.1", "a loopback address"),
    ("http://0177.1/", "127.0.0.1", "a loopback address"),
    ("http://127.1/", "127.0.0.1", "a loopback address"),
    ("http://127.0.0.1./", "127.0.0.1", "a loopback address"),
    ("http://[::1]/", "::1", "a loopback address"),
    ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1", "a loopback address (127.0.0.1)"),
    ("http://[::ffff:7f00:1]/", "::ffff:127.0.0.1", "a loopback address (127.0.0.1)"),
    ("http://[::127.0.0.1]/", "::7f00:1", "a loopback address (127.0.0.1)"),
    ("http://[64:ff9b::7f00:1]/", "64:ff9b::7f00:1", "a loopback address (127.0.0.1)"),
    ("http://[64:ff9b::a00:1]/", "64:ff9b::a00:1", "a private address (10.0.0.1)"),
    ("http://[2002:7f00:1::]/", "2002:7f00:1::", "a loopback address (127.0.0.1)"),
    ("http://[2002:a9fe:a9fe::]/", "2002:a9fe:a9fe::", "a cloud metadata address (169.254"),
    ("http://10.0.0.1/", "10.0.0.1", "a private address"),
    ("http://012.0.0.1/", "10.0.0.1", "a private address"),
    ("http://172.16.5.4/", "172.16.5.4", "a private address"),
    ("http://192.168.1.1/", "192.168.1.1", "a private address"),
    ("http://3232235777/", "192.168.1.1", "a private address"),
    ("http://[fc00::1]/", "fc00::1", "a private address"),
    ("http://[fd12:3456::1]/", "fd12:3456::1", "a private address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254", "a cloud metadata address"),
    ("http://0xa9fea9fe/", "169.254.169.254", "a cloud metadata address"),
    ("http://169.254.170.2/v2/credentials", "169.254.170.2", "a cloud metadata address"),
    ("http://[fd00:ec2::254]/", "fd00:ec2::254", "a cloud metadata address"),
    ("http://100.100.100.200/latest/meta-data/", "100.100.100.200", "a cloud metadata address"),
    ("http://[::ffff:169.254.169.254]/", "::ffff:169.254.169.254", "a cloud metadata address"),
    ("http://169.254.1.1/", "169.254.1.1", "a link-local address"),
    ("http://[fe80::1]/", "fe80::1", "a link-local address"),
    ("http://100.64.0.1/", "100.64.0.1", "a shared (carrier-grade NAT) address"),
    ("http://224.0.0.1/", "224.0.0.1", "a multicast address"),
    ("http://[ff02::1]/", "ff02::1", "a multicast address"),
    ("http://0.0.0.0/", "0.0.0.0", "an unspecified address"),
    ("http://0/", "0.0.0.0", "an unspecified address"),
    ("http://[::]/", "::", "an unspecified address"),
    ("http://240.0.0.1/", "240.0.0.1", "a private address"),
    ("http://198.18.0.1/", "198.18.0.1", "a private address"),
    ("http://192.0.2.1/", "192.0.2.1", "a private address"),
    ("https://127.0.0.1/", "127.0.0.1", "a loopback address"),
]


@pytest.mark.parametrize(("url", "address", "reason"), REFUSED)
async def test_non_public_addresses_are_refused_with_the_reason(url, address, reason):
    async with Fetcher(FetchSettings()) as fetcher:
        with pytest.raises(UrlRefused) as caught:
            await fetcher.fetch(url)
    message = str(caught.value)
    assert f"resolves to {ipaddress.ip_address(address)}, {reason}" in message


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0X7F.0.0.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("0", "0.0.0.0"),
        ("8.8.8.8", "8.8.8.8"),
        ("example.com", None),
        ("127.0.0.1.example", None),
        ("0x7f.example", None),
        ("1.2.3.4.5", None),
        ("08.1.1.1", None),  # not octal, not decimal: a name, which DNS will not resolve
    ],
)
def test_numeric_ipv4_forms(host, expected):
    found = parse_ipv4(host)
    assert (str(found) if found is not None else None) == expected


@pytest.mark.parametrize("host", ["256.0.0.1", "1.2.3.256", "4294967296", "127.0.0.0x100"])
def test_out_of_range_numeric_hosts_are_refused(host):
    with pytest.raises(UrlRefused, match="not a valid IPv4 address"):
        parse_ipv4(host)


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "93.184.215.14", "2606:4700::1111", "64:ff9b::808:808", "2002:808:808::"]
)
def test_public_addresses_pass(address):
    assert refusal_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/x", "gopher://example.com/", "example.com/page"],
)
async def test_only_http_and_https(url):
    async with Fetcher() as fetcher:
        with pytest.raises(UrlRefused, match="only http and https URLs are fetched"):
            await fetcher.fetch(url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http:///path", "no host"),
        ("http://user:secret@example.com/", "user name or password"),
        ("http://[fe80::1%25eth0]/", "IPv6 zone"),
        ("http://example.com:99999/", "not a valid URL"),
    ],
)
async def test_malformed_urls_are_refused(url, message):
    async with Fetcher() as fetcher:
        with pytest.raises(UrlRefused, match=message):
            await fetcher.fetch(url)


def resolver_for(table: dict[str, list[str]], calls: list[str] | None = None):
    """A resolver that answers from `table`, recording the hosts asked for in `calls`."""

    async def resolve(host: str, port: int) -> list:
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise FetchError(f"cannot resolve host {host!r}")
        return [ipaddress.ip_address(a) for a in table[host]]

    return resolve


async def test_a_name_resolving_to_a_private_address_is_refused():
    fetcher = Fetcher(resolver=resolver_for({"intranet.test": ["10.1.2.3"]}))
    async with fetcher:
        with pytest.raises(UrlRefused, match=r"'intranet.test' resolves to 10\.1\.2\.3, a private"):
            await fetcher.fetch("http://intranet.test/")


async def test_a_name_with_any_private_address_is_refused():
    table = {"mixed.test": ["93.184.215.14", "127.0.0.1"]}
    async with Fetcher(resolver=resolver_for(table)) as fetcher:
        with pytest.raises(UrlRefused, match=r"resolves to 127.0.0.1, a loopback address"):
            await fetcher.fetch("http://mixed.test/")


async def test_localhost_is_refused_through_the_system_resolver():
    async with Fetcher() as fetcher:
        with pytest.raises(UrlRefused, match=r"'localhost' resolves to .*a loopback address"):
            await fetcher.fetch("http://localhost/")


def test_allow_list_admits_networks_and_host_names():
    policy = AddressPolicy(["10.0.0.0/8", "::1", "intranet.test"])
    policy.check("a.test", ipaddress.ip_address("10.9.8.7"))
    policy.check("b.test", ipaddress.ip_address("::1"))
    policy.check("INTRANET.test.", ipaddress.ip_address("192.168.0.5"))
    with pytest.raises(UrlRefused, match=r"192.168.0.5, a private address"):
        policy.check("other.test", ipaddress.ip_address("192.168.0.5"))
    with pytest.raises(UrlRefused, match=r"127.0.0.1, a loopback address"):
        policy.check("c.test", ipaddress.ip_address("127.0.0.1"))


class RecordingBackend(httpcore.AsyncNetworkBackend):
    """Records the address each connection is made to, and connects to the local test server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connected: list[tuple[str, int]] = []
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        self.connected.append((host, port))
        return await self.inner.connect_tcp("127.0.0.1", self.port, timeout=timeout)

    async def sleep(self, seconds):
        await self.inner.sleep(seconds)


async def test_dns_rebinding_connects_to_the_checked_address(site):
    """First answer public, second private: the connection uses the first, and asks only once."""
    site.route("/", "<html><body><p>Rebinding target.</p></body></html>")
    answers = iter([["93.184.215.14"], ["127.0.0.1"]])
    calls: list[str] = []

    async def rebinding(host: str, port: int) -> list:
        calls.append(host)
        return [ipaddress.ip_address(a) for a in next(answers)]

    backend = RecordingBackend(site.port)
    async with Fetcher(resolver=rebinding, network_backend=backend) as fetcher:
        page = await fetcher.fetch(f"http://rebind.test:{site.port}/")
    assert page.status == 200 and b"Rebinding target." in page.body
    assert calls == ["rebind.test"]  # resolved once, for the connection itself
    assert backend.connected == [("93.184.215.14", site.port)]  # the checked address
    assert site.hits["/"] == 1


async def test_dns_rebinding_private_first_answer_is_refused(site):
    answers = iter([["127.0.0.1"], ["93.184.215.14"]])

    async def rebinding(host: str, port: int) -> list:
        return [ipaddress.ip_address(a) for a in next(answers)]

    backend = RecordingBackend(site.port)
    async with Fetcher(resolver=rebinding, network_backend=backend) as fetcher:
        with pytest.raises(UrlRefused, match=r"'rebind.test' resolves to 127.0.0.1"):
            await fetcher.fetch(f"http://rebind.test:{site.port}/")
    assert backend.connected == []
    assert site.hits["/"] == 0


def test_an_allow_entry_with_a_port_admits_that_port_only():
    policy = AddressPolicy(["intranet.test:8080", "10.2.0.0/16:443", "[::1]:8000", "[fd00::/8]"])
    private = ipaddress.ip_address("10.9.8.7")
    policy.check("intranet.test", private, 8080)
    policy.check("other.test", ipaddress.ip_address("10.2.3.4"), 443)
    policy.check("any.test", ipaddress.ip_address("::1"), 8000)
    policy.check("any.test", ipaddress.ip_address("fd00::5"), 22)  # no port: every port
    for host, address, port in [
        ("intranet.test", private, 22),
        ("other.test", ipaddress.ip_address("10.2.3.4"), 80),
        ("any.test", ipaddress.ip_address("::1"), 8001),
    ]:
        with pytest.raises(UrlRefused, match=rf"admits it on port \d+ only, not {port}"):
            policy.check(host, address, port)


@pytest.mark.parametrize(
    "entry", ["intranet.test:http", "intranet.test:0", "10.0.0.1:65536", "[::1]x"]
)
def test_an_allow_entry_with_a_bad_port_is_a_configuration_error(tmp_path, entry):
    config = tmp_path / "settings.toml"
    config.write_text(f'[fetch]\nallow = ["{entry}"]\n')
    with pytest.raises(ConfigError, match=re.escape(entry)):
        load_settings(config, environ={})


async def test_allowing_a_local_server_by_port_refuses_its_other_ports(make_site):
    allowed, other = make_site(), make_site()
    allowed.route("/", "<html><body><p>The allowed port.</p></body></html>")
    allowed.redirect("/elsewhere", other.url("/"))
    other.route("/", "<html><body><p>Another service.</p></body></html>")
    async with Fetcher(FetchSettings(allow=[f"127.0.0.1:{allowed.port}"])) as fetcher:
        page = await fetcher.fetch(allowed.url("/"))
        assert b"The allowed port." in page.body
        with pytest.raises(UrlRefused, match=f"on port {allowed.port} only, not {other.port}"):
            await fetcher.fetch(other.url("/"))
        with pytest.raises(UrlRefused, match=f"not {other.port}"):
            await fetcher.fetch(allowed.url("/elsewhere"))  # each redirect hop is checked
    assert other.hits["/"] == 0
