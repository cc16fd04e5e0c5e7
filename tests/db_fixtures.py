"""Database fixtures: every test that takes `db_url`, `db` or `api` runs once on SQLite and once on PostgreSQL.

PostgreSQL comes from OVERCLAIM_TEST_POSTGRES_URL (a server you run) or a throwaway cluster started here.
Without one, those tests skip locally and FAIL under CI=true.
"""
from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from server.app import create_app
from server.db import Database, keys, open_database
from server.db.schema import api_keys, audit, feedback
from server.settings import Settings
from tests import pg_cluster

BACKENDS = ["sqlite", "postgresql"]
MODEL_DIR = Path(__file__).resolve().parents[1] / "models"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server whose `postgres` database lets us create databases."""
    given = os.environ.get("OVERCLAIM_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    try:
        cluster = pg_cluster.start()
    except (pg_cluster.ClusterError, KeyError, OSError) as exc:
        message = f"PostgreSQL tests need a server and none could be started: {exc}"
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield cluster.url
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def postgres_admin(postgres_server: str) -> Iterator[sa.Engine]:
    engine = sa.create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def _fresh_url(request: pytest.FixtureRequest, backend: str, directory: Path) -> Iterator[str]:
    """A new, empty database of this backend; dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{directory / 'overclaim.db'}"
        return
    admin: sa.Engine = request.getfixturevalue("postgres_admin")
    name = f"t_{uuid.uuid4().hex[:16]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield admin.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from _fresh_url(request, request.param, tmp_path)


def settings_for(url: str, data_dir: Path) -> Settings:
    return Settings.from_env({}, model_dir=str(MODEL_DIR), data_dir=str(data_dir), database_url=url)


@pytest.fixture
def db(db_url: str, tmp_path: Path) -> Iterator[Database]:
    database = open_database(settings_for(db_url, tmp_path))
    yield database
    database.close()


@dataclass
class Api:
    client: TestClient
    db: Database

    def key(self, role: str) -> str:
        with self.db.write() as conn:
            return keys.create(conn, role, "test")[1]

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key(role)}"}


@pytest.fixture(scope="session", params=BACKENDS)
def api_session(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One running app per backend for the whole session (loading the model takes seconds)."""
    directory = tmp_path_factory.mktemp(f"api-{request.param}")
    for url in _fresh_url(request, request.param, directory):
        settings = settings_for(url, directory)
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            database = open_database(settings)  # a second engine on the app's database, for setup and checks
            yield Api(client, database)
            database.close()


@pytest.fixture
def api(api_session: Api) -> Api:
    """The session's app on emptied tables."""
    with api_session.db.write() as conn:
        for table in (feedback, api_keys, audit):
            conn.execute(table.delete())
    return api_session
