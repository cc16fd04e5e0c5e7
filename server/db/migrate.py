"""Apply pending migrations, each in its own transaction with its version row, under a lock.

SQLite serialises through BEGIN IMMEDIATE; PostgreSQL through a transaction-scoped advisory lock,
so two processes starting at once apply each migration exactly once.
"""
from __future__ import annotations

import datetime as dt
import logging
from types import ModuleType

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from server.db.engine import Database
from server.db.migrations import MIGRATIONS

log = logging.getLogger("overclaim.db")
LOCK_ID = 0x6F7665726C  # any constant shared by every process of this app

_meta = sa.MetaData()
schema_version = sa.Table(
    "schema_version",
    _meta,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": LOCK_ID})
    _meta.create_all(conn, checkfirst=True)


def current_version(conn: Connection) -> int:
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(schema_version.c.version), 0))).scalar_one())


def _apply(db: Database, version: int, migration: ModuleType) -> bool:
    with db.write() as conn:
        _lock(conn)
        if current_version(conn) >= version:
            return False
        migration.upgrade(conn)
        now = dt.datetime.now(dt.timezone.utc)
        conn.execute(schema_version.insert().values(version=version, name=migration.NAME, applied_at=now))
    log.info("applied migration %d (%s) to %s", version, migration.NAME, db.describe())
    return True


def migrate(db: Database) -> list[int]:
    """Bring the schema up to date; returns the versions applied (empty when already current)."""
    with db.read() as conn:
        found = current_version(conn)
    if found > len(MIGRATIONS):
        raise ValueError(f"the database is at schema version {found}, newer than this code ({len(MIGRATIONS)}); upgrade Overclaim")
    return [v for v, m in enumerate(MIGRATIONS, start=1) if v > found and _apply(db, v, m)]
