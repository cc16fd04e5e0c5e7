"""Fetching a page: connect only to the checked address, re-check every redirect, one deadline, bounded body."""
from __future__ import annotations

import ssl
from dataclasses import dataclass
from functools import cache

import anyio
import httpx

from server.errors import ApiError
from server.fetch.addresses import IPNetwork
from server.fetch.decode import ACCEPT_ENCODING, bounded_body
from server.fetch.resolve import Resolver
from server.fetch.target import Target, check
from server.settings import Settings

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/markdown")
REDIRECTS = (301, 302, 303, 307, 308)
HEADERS = {
    "Accept": "text/html, application/xhtml+xml, text/plain;q=0.9",
    "Accept-Encoding": ACCEPT_ENCODING,
    "User-Agent": "overclaim (+article scoring)",
}


@dataclass(frozen=True)
class FetchLimits:
    max_bytes: int
    timeout_seconds: float
    max_redirects: int
    allowlist: tuple[IPNetwork, ...]

    @classmethod
    def from_settings(cls, settings: Settings) -> "FetchLimits":
        return cls(settings.fetch_max_bytes, settings.fetch_timeout_seconds, settings.fetch_max_redirects, settings.fetch_allowlist)


@dataclass(frozen=True)
class Page:
    final_url: str
    media_type: str
    charset: str | None
    body: bytes

    @property
    def is_html(self) -> bool:
        return self.media_type in HTML_TYPES


@cache
def tls_context() -> ssl.SSLContext:
    """Built once (loading the CA bundle takes ~40 ms) and shared by every fetch."""
    return httpx.create_ssl_context()


def failed(message: str) -> ApiError:
    return ApiError(502, "fetch_failed", message)


def _pinned(client: httpx.AsyncClient, target: Target) -> httpx.Request:
    """A GET to the checked address itself, naming the host in Host (and in SNI for https): no second lookup."""
    url = target.url.copy_with(host=str(target.address))
    headers = {**HEADERS, "Host": target.url.netloc.decode("ascii")}
    extensions = {"sni_hostname": target.host} if target.url.scheme == "https" else {}
    return client.build_request("GET", url, headers=headers, extensions=extensions)


def _next_url(response: httpx.Response, target: Target) -> str | None:
    """Where a redirect points (None if this is the page); upstream errors answer 502."""
    if response.status_code in REDIRECTS:
        location = response.headers.get("location")
        if not location:
            raise failed(f"{target.url} redirected ({response.status_code}) without a Location")
        return str(target.url.join(location))
    if not 200 <= response.status_code < 300:
        raise failed(f"{target.url} answered {response.status_code}")
    return None


def _media_type(response: httpx.Response) -> str:
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in HTML_TYPES + TEXT_TYPES:
        raise ApiError(415, "unsupported_content_type", f"the page is {media_type or 'of no stated type'}; only HTML and text pages are scored")
    return media_type


async def _body(response: httpx.Response, limit: int) -> bytes:
    """Read raw and decompress here, bounded, rather than let httpx inflate whole chunks of a compression bomb."""
    return await bounded_body(response.aiter_raw(), response.headers.get("content-encoding", ""), limit)


async def _follow(client: httpx.AsyncClient, url: str, limits: FetchLimits, resolver: Resolver) -> Page:
    for _ in range(limits.max_redirects + 1):
        target = await check(url, resolver, limits.allowlist)
        response = await client.send(_pinned(client, target), stream=True)
        try:
            next_url = _next_url(response, target)
            if next_url is None:
                media_type = _media_type(response)
                return Page(str(target.url), media_type, response.charset_encoding, await _body(response, limits.max_bytes))
        finally:
            await response.aclose()
        url = next_url
    raise ApiError(422, "too_many_redirects", f"the page redirected more than {limits.max_redirects} times")


async def fetch(url: str, limits: FetchLimits, resolver: Resolver) -> Page:
    """The page at `url`, within one deadline for the whole fetch, redirects included."""
    timeout = ApiError(504, "fetch_timeout", f"fetching the page took over {limits.timeout_seconds:g} s")
    try:
        with anyio.fail_after(limits.timeout_seconds):
            async with httpx.AsyncClient(
                verify=tls_context(), trust_env=False, follow_redirects=False, timeout=limits.timeout_seconds
            ) as client:
                return await _follow(client, url, limits, resolver)
    except (TimeoutError, httpx.TimeoutException):
        raise timeout from None
    except httpx.HTTPError as exc:
        raise failed(f"fetching the page failed: {type(exc).__name__}") from None
