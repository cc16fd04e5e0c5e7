"""server.auth.require_role, the guard other endpoints call, on a bare Starlette app."""
from __future__ import annotations

import contextlib
from typing import AsyncIterator, Iterator

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from server.audit import audit
from server.auth import Principal, require_role
from server.db import Database, audit as audit_table, keys
from server.errors import HANDLERS


async def guarded(request: Request) -> Response:
    caller = await require_role(request, request.path_params["role"])
    await audit(request, caller, "test.touch", "thing:1", {"ok": True})
    return JSONResponse({"key_id": caller.key_id, "role": caller.role})


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Database]]:
        yield {"db": db}

    app = Starlette(routes=[Route("/{role}", guarded)], exception_handlers=HANDLERS, lifespan=lifespan)  # type: ignore[arg-type]
    with TestClient(app) as test_client:
        yield test_client


def test_roles_are_ordered(client: TestClient, db: Database) -> None:
    with db.write() as conn:
        mod_id, moderator = keys.create(conn, "moderator", "test")
        trainer_id, trainer = keys.create(conn, "trainer", "test")
    as_moderator = {"Authorization": f"Bearer {moderator}"}
    assert client.get("/anonymous").json() == {"key_id": None, "role": "anonymous"}
    assert client.get("/moderator", headers=as_moderator).json() == {"key_id": mod_id, "role": "moderator"}
    assert client.get("/trainer", headers=as_moderator).status_code == 403
    assert client.get("/trainer", headers={"Authorization": f"Bearer {trainer}"}).json()["role"] == "trainer"
    assert client.get("/trainer").status_code == 401
    with db.read() as conn:
        who = [row["who"] for row in audit_table.recent(conn) if row["action"] == "test.touch"]
    assert sorted(who) == sorted(["anonymous", f"key:{mod_id}", f"key:{trainer_id}"])


def test_principal_is_frozen() -> None:
    with pytest.raises(AttributeError):
        Principal(1, "trainer").role = "moderator"  # type: ignore[misc]
