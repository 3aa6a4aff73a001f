"""Which addresses a fetch may connect to: public ones, plus what the settings allow.

A URL's host is resolved once per connection, every address it resolves to is
checked, and the connection is made to a checked address (see
`GuardedBackend` in `reliability.fetch.client`), so a DNS answer that changes
between the check and the connection (DNS rebinding) cannot redirect a fetch
to a private host. IPv4 written as one number, in octal, in hex or with
missing parts (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`) is read as the
address it denotes, and IPv6 addresses that embed an IPv4 address
(IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo) are judged by that
address too.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable

import anyio

from reliability.config import parse_allow_entry
from reliability.errors import FetchError, UrlRefused

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Awaitable[list[IPAddress]]]
"""Resolves a host name and port to its addresses (an async function)."""

# Instance-metadata endpoints of cloud providers: reading one can leak credentials.
# (AWS, GCP, Azure, OpenStack: 169.254.169.254; AWS ECS: 169.254.170.2;
# AWS IPv6: fd00:ec2::254; Alibaba: 100.100.100.200; Oracle: 192.0.0.192.)
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "192.0.0.192")
)
SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")  # RFC 6598, carrier-grade NAT
NAT64_PREFIXES = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def parse_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a host written as numbers denotes, as browsers and `inet_aton` read it.

    One to four dot-separated parts, each decimal, octal (leading 0) or hex (0x);
    the last part fills the remaining bytes. None when the host is a name.
    Raises `UrlRefused` for a numeric host that is out of range.
    """
    parts = host.split(".")
    if parts and parts[-1] == "" and len(parts) > 1:
        parts.pop()  # a trailing dot
    if not 1 <= len(parts) <= 4:
        return None
    values = []
    for part in parts:
        low = part.lower()
        try:
            if low.startswith("0x"):
                values.append(int(low[2:] or "0", 16))
            elif len(low) > 1 and low.startswith("0"):
                values.append(int(low, 8))
            elif low.isdigit():
                values.append(int(low, 10))
            else:
                return None
        except ValueError:
            return None
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (5 - len(values)):
        raise UrlRefused(f"host {host!r} is not a valid IPv4 address")
    number = last
    for i, v in enumerate(head):
        number += v << (8 * (3 - i))
    return ipaddress.IPv4Address(number)


def literal_address(host: str) -> IPAddress | None:
    """The address a URL's host denotes when it is an IP literal (any IPv4 form), else None."""
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if ":" in bare:
        if "%" in bare:
            raise UrlRefused(f"host {host!r} has an IPv6 zone, which only names a local link")
        try:
            return ipaddress.IPv6Address(bare)
        except ValueError:
            raise UrlRefused(f"host {host!r} is not a valid IPv6 address") from None
    return parse_ipv4(bare)


def _embedded_ipv4(addr: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries, when it is one of the embedding forms."""
    if addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    if addr.sixtofour is not None:
        return addr.sixtofour
    if addr.teredo is not None:
        return addr.teredo[1]
    if any(addr in net for net in NAT64_PREFIXES) or (
        addr in IPV4_COMPATIBLE and int(addr) > 1  # not :: or ::1, judged as IPv6 below
    ):
        return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return None


def refusal_reason(addr: IPAddress) -> str | None:
    """Why an address may not be fetched ("a loopback address", …), or None when it is public."""
    if addr in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if isinstance(addr, ipaddress.IPv6Address):
        inner = _embedded_ipv4(addr)
        if inner is not None:
            reason = refusal_reason(inner)
            return None if reason is None else f"{reason} ({inner}) embedded in IPv6"
    if addr.is_unspecified:
        return "an unspecified address"
    if addr.is_loopback:
        return "a loopback address"
    if addr.is_link_local:
        return "a link-local address"
    if addr.is_multicast:
        return "a multicast address"
    if isinstance(addr, ipaddress.IPv4Address) and addr in SHARED_ADDRESS_SPACE:
        return "a shared (carrier-grade NAT) address"
    if addr.is_private:
        return "a private address"
    if addr.is_reserved:
        return "a reserved address"
    if not addr.is_global:
        return "a non-public address"
    return None


async def system_resolver(host: str, port: int) -> list[IPAddress]:
    """The host's addresses from the operating system's resolver, in its order, without repeats."""
    try:
        infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from None
    found: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        addr = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if addr not in found:
            found.append(addr)
    return found


class AddressPolicy:
    """Resolves hosts and refuses addresses that are not public, unless the settings allow them.

    `allow` lists networks (`10.0.0.0/8`, `127.0.0.1`, `::1`) and host names
    (`intranet.example`) that may be fetched although they are not public, on
    every port, or on one port when the entry names it (`intranet.example:8080`,
    `[::1]:8080`; see `parse_allow_entry`).
    """

    def __init__(self, allow: Iterable[str] = (), resolver: Resolver | None = None) -> None:
        self.networks: list[tuple[Network, int | None]] = []
        self.hosts: list[tuple[str, int | None]] = []
        for item in allow:
            target, port = parse_allow_entry(item)
            try:
                self.networks.append((ipaddress.ip_network(target, strict=False), port))
            except ValueError:
                self.hosts.append((_host_key(target), port))
        self.resolver = resolver or system_resolver

    def ports(self, host: str, addr: IPAddress) -> set[int | None]:
        """The ports on which the settings allow this host or address (None: every port)."""
        key = _host_key(host)
        return {p for name, p in self.hosts if name == key} | {
            p for net, p in self.networks if addr in net
        }

    def allowed(self, host: str, addr: IPAddress, port: int | None = None) -> bool:
        """Whether the settings allow this host or address (on `port`) although it is not public.

        With `port` None (a URL checked before it is connected to) an entry for
        one port counts; the connection itself is checked with its port.
        """
        ports = self.ports(host, addr)
        return None in ports or (bool(ports) and (port is None or port in ports))

    def check(self, host: str, addr: IPAddress, port: int | None = None) -> None:
        """Raise `UrlRefused` with the reason when `addr` (for `host`, on `port`) may not be
        fetched."""
        reason = refusal_reason(addr)
        if reason is None or self.allowed(host, addr, port):
            return
        message = f"host {host!r} resolves to {addr}, {reason}"
        if ports := sorted(p for p in self.ports(host, addr) if p is not None):
            listed = ", ".join(map(str, ports))
            message += f"; the allow list admits it on port {listed} only, not {port}"
        raise UrlRefused(message)

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        """The host's addresses, every one checked for `port`; `UrlRefused` if any is refused."""
        literal = literal_address(host)
        addresses = [literal] if literal is not None else await self.resolver(host, port)
        if not addresses:
            raise FetchError(f"host {host!r} has no address")
        for addr in addresses:
            self.check(host, addr, port)
        return addresses


def _host_key(host: str) -> str:
    return host.strip().lower().rstrip(".").strip("[]")
