"""One database handle for SQLite (WAL, busy timeout, BEGIN IMMEDIATE writes) and PostgreSQL (psycopg 3)."""
from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any, Iterator

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url

from server.settings import Settings

WRITE = "overclaim_write"
SQLITE_FILE = "overclaim.db"


def database_url(settings: Settings) -> URL:
    """The configured URL; SQLite under data_dir when none is set; postgresql:// means psycopg 3."""
    if not settings.database_url:
        return make_url(f"sqlite:///{Path(settings.data_dir) / SQLITE_FILE}")
    url = make_url(settings.database_url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(f"OVERCLAIM_DATABASE_URL: {url.get_backend_name()!r} is not supported; use sqlite:/// or postgresql://")
    return url


def _sqlite_events(engine: Engine, busy_timeout_ms: int) -> None:
    """pysqlite's own BEGIN is switched off so that writes can say BEGIN IMMEDIATE (SQLAlchemy's documented recipe)."""

    @sa.event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")


def make_engine(url: URL, busy_timeout_ms: int = 5000) -> Engine:
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})
        _sqlite_events(engine, busy_timeout_ms)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


class Database:
    """Short transactions: `write()` takes the write lock up front on SQLite; `read()` does not.

    SQLite's busy handler polls with growing sleeps, so under steady load one waiter can starve past
    the timeout; writers in this process therefore queue on a lock first and meet SQLite's lock one at
    a time (other processes still wait through the busy timeout).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writers = threading.Lock() if self.backend == "sqlite" else contextlib.nullcontext()

    @property
    def backend(self) -> str:
        return self.engine.url.get_backend_name()

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        with self._writers, self.engine.connect() as conn:
            conn.execution_options(**{WRITE: True})
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    def describe(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)
