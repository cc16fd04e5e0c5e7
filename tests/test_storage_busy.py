"""A SQLite writer that waits past the busy timeout gets 503 database_busy with Retry-After, not a 500."""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import AsyncIterator

import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from server.db import Database, database_url, make_engine, migrate
from server.errors import HANDLERS
from server.feedback_routes import submit
from tests.db_fixtures import settings_for


def test_a_locked_database_answers_503(tmp_path: Path) -> None:
    settings = settings_for("", tmp_path)
    db = Database(make_engine(database_url(settings), busy_timeout_ms=50))
    migrate(db)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, object]]:
        yield {"db": db, "settings": settings}

    app = Starlette(routes=[Route("/v1/feedback", submit, methods=["POST"])], exception_handlers=HANDLERS, lifespan=lifespan)  # type: ignore[arg-type]
    holder = Database(make_engine(sa.engine.make_url(f"sqlite:///{tmp_path / 'overclaim.db'}")))
    with TestClient(app) as client, holder.write():  # another writer holds the lock
        response = client.post("/v1/feedback", json={"text": "It may help.", "verdict": "ok"})
    assert response.status_code == 503 and response.json()["error"]["code"] == "database_busy"
    assert response.headers["retry-after"] == "2"
    with TestClient(app) as client:
        assert client.post("/v1/feedback", json={"text": "It may help.", "verdict": "ok"}).status_code == 201
    holder.close()
    db.close()
