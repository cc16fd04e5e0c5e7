"""Pure ASGI middleware that measures every request once and hands the record to the log and the metrics."""
from __future__ import annotations

import itertools
import os
import re
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
UNMATCHED = "<unmatched>"


@dataclass(frozen=True)
class RequestRecord:
    request_id: str
    method: str
    route: str
    status: int
    duration_ms: float
    model_version: str | None


Sink = Callable[[RequestRecord], None]


class _FreshIds:
    """32 hex digits: 16 random per process (new in a forked child), then a counter. Unique without a
    system call per request (os.urandom per request was 7% of a cache hit's CPU, reports/profile-http.txt);
    not secret, which a request id never needs to be."""

    def __init__(self) -> None:
        self.renew()
        os.register_at_fork(after_in_child=self.renew)

    def renew(self) -> None:
        self.prefix = os.urandom(8).hex()
        self.counter = itertools.count()

    def __call__(self) -> str:
        return f"{self.prefix}{next(self.counter) & 0xFFFF_FFFF_FFFF_FFFF:016x}"


_fresh_id = _FreshIds()


def request_id(incoming: str | None) -> str:
    """The caller's X-Request-ID when it is short and plain, else a fresh one."""
    if incoming and SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return _fresh_id()


def route_template(scope: Scope) -> str:
    """The matched route's path template (never the raw path, which would let clients mint labels)."""
    route = scope.get("route")
    return getattr(route, "path", UNMATCHED)


def model_version(scope: Scope) -> str | None:
    """The version that served this request (set by routes._model), else the one loaded now."""
    state = scope.get("state") or {}
    holder: Any = state.get("models")
    return state.get("model_version") or (holder.version if holder is not None else None)


class ObserveMiddleware:
    def __init__(self, app: ASGIApp, sinks: Iterable[Sink]) -> None:
        self.app = app
        self.sinks = tuple(sinks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id(Headers(scope=scope).get(REQUEST_ID_HEADER))
        started, status = time.perf_counter(), 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = rid
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            duration = (time.perf_counter() - started) * 1000
            record = RequestRecord(rid, scope["method"], route_template(scope), status, round(duration, 2), model_version(scope))
            for sink in self.sinks:
                sink(record)
