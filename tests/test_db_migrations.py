"""Migrations build the schema from an empty database, once, and refuse a schema newer than the code."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from server.db import Database, make_engine, migrate
from server.db.migrate import current_version, schema_version
from server.db.migrations import MIGRATIONS
from server.db.schema import metadata


def _database(url: str) -> Database:
    return Database(make_engine(sa.engine.make_url(url)))


def test_from_empty_then_idempotent(db_url: str) -> None:
    db = _database(db_url)
    assert migrate(db) == list(range(1, len(MIGRATIONS) + 1))
    assert migrate(db) == []
    with db.read() as conn:
        assert current_version(conn) == len(MIGRATIONS)
        tables = set(sa.inspect(conn).get_table_names())
    assert {"feedback", "api_keys", "audit", "schema_version"} <= tables
    db.close()


def test_migrated_schema_matches_the_code(db: Database) -> None:
    with db.read() as conn:
        inspector = sa.inspect(conn)
        for table in metadata.sorted_tables:
            assert {c["name"] for c in inspector.get_columns(table.name)} == set(table.c.keys()), table.name


def test_processes_starting_together_apply_each_migration_once(db_url: str) -> None:
    results: list[list[int]] = []
    databases = [_database(db_url) for _ in range(4)]
    threads = [threading.Thread(target=lambda d=d: results.append(migrate(d))) for d in databases]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(v for applied in results for v in applied) == list(range(1, len(MIGRATIONS) + 1))
    with databases[0].read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema_version)).scalar_one() == len(MIGRATIONS)
    for d in databases:
        d.close()


def test_a_newer_schema_is_refused(db: Database) -> None:
    with db.write() as conn:
        conn.execute(schema_version.insert().values(version=len(MIGRATIONS) + 1, name="future", applied_at=sa.func.now()))
    with pytest.raises(ValueError, match="newer than this code"):
        migrate(db)
