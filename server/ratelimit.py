"""Rate limiting as pure ASGI middleware: a token bucket per API key, or per client IP without one."""
from __future__ import annotations

import hashlib

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from server.buckets import BucketStore, retry_after
from server.client_ip import client_ip, parse_networks
from server.errors import error_response
from server.settings import Settings

EXEMPT_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def _store(rate: float, burst: int, settings: Settings) -> BucketStore | None:
    return BucketStore(rate, burst, settings.rate_limit_max_clients) if rate > 0 else None


def api_key_id(authorization: str | None) -> str | None:
    """sha256 of a Bearer token (the key itself is never kept), or None without one."""
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class RateLimitMiddleware:
    """Requests with `Authorization: Bearer <key>` spend from the key's bucket; the rest from their IP's.

    Keys are not looked up here, so a keyed request also spends from its IP's bucket at the key rate:
    minting fresh tokens buys no more than one key's allowance per address. A rate of 0 turns that
    kind of limit off. Health, readiness and metrics are never limited.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.by_ip = _store(settings.rate_limit_anon_rate, settings.rate_limit_anon_burst, settings)
        self.by_key = _store(settings.rate_limit_key_rate, settings.rate_limit_key_burst, settings)
        self.keyed_by_ip = _store(settings.rate_limit_key_rate, settings.rate_limit_key_burst, settings)
        self.trusted = parse_networks(settings.trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        wait = self._wait(scope)
        if wait > 0:
            response = error_response(
                429, "rate_limited", "too many requests; wait for the seconds in Retry-After, then retry",
                headers={"Retry-After": retry_after(wait)},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _wait(self, scope: Scope) -> float:
        headers = Headers(scope=scope)
        key = api_key_id(headers.get("authorization"))
        peer = (scope.get("client") or ("unknown", 0))[0]
        address = client_ip(peer, headers.get("x-forwarded-for"), self.trusted)
        if key is not None:
            if self.by_key is None or self.keyed_by_ip is None:
                return 0.0
            return max(self.by_key.take(key), self.keyed_by_ip.take(address))
        return self.by_ip.take(address) if self.by_ip is not None else 0.0
