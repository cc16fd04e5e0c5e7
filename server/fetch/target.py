"""A URL checked for fetching: allowed scheme, no credentials, and every address of its host permitted."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urlsplit

import httpx

from server.errors import ApiError
from server.fetch.addresses import IPAddress, IPNetwork, numeric_host, permitted
from server.fetch.resolve import Resolver, resolve

SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Target:
    url: httpx.URL
    address: IPAddress

    @property
    def host(self) -> str:
        return self.url.raw_host.decode("ascii")


def forbidden(message: str) -> ApiError:
    return ApiError(422, "url_forbidden", message)


def _invalid(url: str) -> ApiError:
    return ApiError(422, "invalid_url", f"{url!r} is not a valid http(s) URL")


def _judge(host: str, addresses: Iterable[IPAddress], allowlist: Iterable[IPNetwork]) -> None:
    for address in addresses:
        reason = permitted(address, allowlist)
        if reason is not None:
            raise forbidden(f"{host!r} resolves to {address}, a {reason} address; only public addresses are fetched")


def _precheck(url: str, allowlist: tuple[IPNetwork, ...]) -> None:
    """Refusals that need no parse by httpx: scheme, credentials, and numeric hosts httpx would reject."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise _invalid(url) from None
    if parts.scheme.lower() not in SCHEMES:
        raise ApiError(400, "url_scheme_not_allowed", f"only http and https URLs are fetched, not {parts.scheme or 'no scheme'!r}")
    if "@" in parts.netloc:
        raise forbidden("URLs with credentials (user:password@) are not fetched")
    numeric = numeric_host(parts.hostname or "")
    if numeric is not None:
        _judge(parts.hostname or "", [numeric], allowlist)


def _parse(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError):
        raise _invalid(url) from None
    if parsed.scheme not in SCHEMES or not parsed.raw_host:
        raise _invalid(url)
    if parsed.userinfo:
        raise forbidden("URLs with credentials (user:password@) are not fetched")
    return parsed


async def check(url: str, resolver: Resolver, allowlist: tuple[IPNetwork, ...]) -> Target:
    """The URL and the one address to connect to, after judging ALL of the host's addresses."""
    _precheck(url, allowlist)
    parsed = _parse(url)
    host = parsed.raw_host.decode("ascii")
    addresses = await resolve(host, resolver)
    _judge(host, addresses, allowlist)
    return Target(parsed, addresses[0])
