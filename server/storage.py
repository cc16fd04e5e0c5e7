"""The request side of the database: blocking calls run in worker threads, never on the event loop."""
from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

from anyio import to_thread
from starlette.requests import Request

from server.db import Database
from server.errors import ApiError

T = TypeVar("T")


def database(request: Request) -> Database:
    db = getattr(request.state, "db", None)
    if db is None:
        raise ApiError(503, "database_unavailable", "the feedback database is not open; check OVERCLAIM_DATABASE_URL")
    return db


def _in_write(db: Database, fn: Callable[..., T], *args: Any) -> T:
    with db.write() as conn:
        return fn(conn, *args)


def _in_read(db: Database, fn: Callable[..., T], *args: Any) -> T:
    with db.read() as conn:
        return fn(conn, *args)


async def write(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """Run `fn(conn, *args)` in one write transaction in a worker thread."""
    return await to_thread.run_sync(functools.partial(_in_write, database(request), fn, *args))


async def read(request: Request, fn: Callable[..., T], *args: Any) -> T:
    return await to_thread.run_sync(functools.partial(_in_read, database(request), fn, *args))
