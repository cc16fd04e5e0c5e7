"""Host name to addresses, once per hop: the resolver is injectable so tests can stand in for DNS."""
from __future__ import annotations

import socket
from ipaddress import ip_address
from typing import Callable, Sequence

from anyio import to_thread

from server.errors import ApiError
from server.fetch.addresses import IPAddress, numeric_host

Resolver = Callable[[str], Sequence[str]]


def system_resolver(host: str) -> list[str]:
    """Every A and AAAA address of `host`, as getaddrinfo reports them (blocking: call it off the loop)."""
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _unresolvable(host: str) -> ApiError:
    return ApiError(502, "fetch_failed", f"could not resolve {host!r}; check the URL")


async def resolve(host: str, resolver: Resolver) -> list[IPAddress]:
    """The addresses to judge and connect to: a numeric host is its own address, a name is looked up once."""
    numeric = numeric_host(host)
    if numeric is not None:
        return [numeric]
    try:
        found = await to_thread.run_sync(resolver, host, abandon_on_cancel=True)
        addresses = [ip_address(str(a).split("%")[0]) for a in found]
    except (OSError, UnicodeError, ValueError):
        raise _unresolvable(host) from None
    if not addresses:
        raise _unresolvable(host)
    return addresses
