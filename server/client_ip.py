"""Who the client is: the peer address, or X-Forwarded-For only when the peer is a trusted proxy."""
from __future__ import annotations

import ipaddress
from typing import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(spec: str) -> tuple[Network, ...]:
    """Comma-separated addresses or CIDRs (e.g. "10.0.0.1, 172.16.0.0/12"); ValueError names a bad one."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in spec.split(",") if part.strip())


def _trusted(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(peer: str, forwarded_for: str | None, trusted: tuple[Network, ...]) -> str:
    """The address to rate-limit.

    Without trusted proxies, or when the peer is not one, X-Forwarded-For is ignored
    (anyone can send it). Behind trusted proxies the list is read from the right,
    skipping trusted hops; the first untrusted address is the client.
    """
    if not forwarded_for or not _trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer
