"""Which IP addresses the server may connect to, and every numeric way of spelling one in a URL host."""
from __future__ import annotations

import re
import socket
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network
from typing import Iterable, Union

IPAddress = Union[IPv4Address, IPv6Address]
IPNetwork = Union[IPv4Network, IPv6Network]

# Ranges the standard library does not (or not in every patch release) mark as non-global.
EXTRA_RANGES = (
    (ip_network("100.64.0.0/10"), "carrier-grade NAT"),
    (ip_network("192.0.0.0/24"), "IETF protocol assignment"),
)
IPV4_COMPATIBLE = ip_network("::/96")
TEREDO = ip_network("2001::/32")
NAT64 = (ip_network("64:ff9b::/96"), ip_network("64:ff9b:1::/48"))

# Checked in order; the first that applies names the refusal.
_KINDS = (
    ("is_unspecified", "unspecified"),
    ("is_loopback", "loopback"),
    ("is_link_local", "link-local"),
    ("is_multicast", "multicast"),
    ("is_private", "private"),
    ("is_reserved", "reserved"),
)
# What inet_aton accepts: 1-4 dot-separated decimal, octal (leading 0) or hex (0x) parts.
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}\.?$", re.IGNORECASE)


def numeric_host(host: str) -> IPAddress | None:
    """The address a numeric host spells (`127.1`, `0x7f.1`, `2130706433`, `[::1]`), or None for a name."""
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        return ip_address(bare)
    except ValueError:
        pass
    if not _NUMERIC_HOST.match(bare):
        return None
    try:
        return IPv4Address(socket.inet_aton(bare.rstrip(".")))
    except OSError:
        return None


def _embedded_refusal(ip: IPv6Address) -> str | None:
    """Refusals of IPv6 forms that carry or reach an IPv4 address."""
    if ip.ipv4_mapped is not None:
        return f"IPv4-mapped ({ip.ipv4_mapped})"
    if any(ip in net for net in NAT64):
        return "NAT64"
    if ip in TEREDO:
        return "Teredo"
    if ip in IPV4_COMPATIBLE and int(ip) > 1:  # :: and ::1 are named below
        return "IPv4-compatible"
    if ip.sixtofour is not None:
        inner = refusal(ip.sixtofour)
        return None if inner is None else f"6to4 of a {inner} address"
    return None


def refusal(ip: IPAddress) -> str | None:
    """Why `ip` is not globally routable (loopback, private, ...), or None if the server may connect to it."""
    if isinstance(ip, IPv6Address):
        embedded = _embedded_refusal(ip)
        if embedded is not None or ip.sixtofour is not None:
            return embedded
    for network, kind in EXTRA_RANGES:  # first: patch releases disagree on which of these `is_private` covers
        if ip.version == network.version and ip in network:
            return kind
    for attribute, kind in _KINDS:
        if getattr(ip, attribute):
            return kind
    if isinstance(ip, IPv6Address) and ip.is_site_local:
        return "site-local"
    return None if ip.is_global else "not globally routable"


def permitted(ip: IPAddress, allowlist: Iterable[IPNetwork]) -> str | None:
    """None if the server may connect to `ip` (globally routable, or inside an allowlisted network), else why not."""
    if any(ip.version == net.version and ip in net for net in allowlist):
        return None
    return refusal(ip)


def parse_allowlist(raw: str) -> tuple[IPNetwork, ...]:
    """Comma-separated CIDRs (`127.0.0.1/32, 10.0.0.0/8`); a bad one raises ValueError."""
    return tuple(ip_network(part.strip()) for part in raw.split(",") if part.strip())
