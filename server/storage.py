"""The request side of the database: blocking calls run in worker threads, never on the event loop."""
from __future__ import annotations

import functools
from typing import Any, Callable, ContextManager, TypeVar

from anyio import to_thread
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from starlette.requests import Request

from server.db import Database
from server.errors import ApiError

T = TypeVar("T")


def database(request: Request) -> Database:
    db = getattr(request.state, "db", None)
    if db is None:
        raise ApiError(503, "database_unavailable", "the feedback database is not open; check OVERCLAIM_DATABASE_URL")
    return db


def _busy() -> ApiError:
    return ApiError(503, "database_busy", "the feedback database is busy or unreachable; retry shortly", {"Retry-After": "2"})


def _in(transaction: Callable[[], ContextManager[Connection]], fn: Callable[..., T], *args: Any) -> T:
    try:
        with transaction() as conn:
            return fn(conn, *args)
    except OperationalError as exc:  # locked past the busy timeout, or the server went away
        raise _busy() from exc


async def write(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """Run `fn(conn, *args)` in one write transaction in a worker thread."""
    return await to_thread.run_sync(functools.partial(_in, database(request).write, fn, *args))


async def read(request: Request, fn: Callable[..., T], *args: Any) -> T:
    return await to_thread.run_sync(functools.partial(_in, database(request).read, fn, *args))
