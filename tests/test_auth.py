"""Bearer keys and roles: anonymous < moderator < trainer; 401 and 403 in the error shape."""
from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from server.db import Database, keys
from server.db.schema import api_keys, audit
from tests.db_fixtures import Api


def test_a_key_is_stored_only_as_its_hash(db: Database) -> None:
    with db.write() as conn:
        key_id, token = keys.create(conn, "moderator", "test", "for Ana")
    with db.read() as conn:
        row = conn.execute(sa.select(api_keys).where(api_keys.c.id == key_id)).mappings().one()
        assert keys.find(conn, token) == keys.StoredKey(key_id, "moderator")
        assert keys.find(conn, token + "x") is None
    assert row["key_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(v) for v in row.values()}
    assert len(token) >= 40


def test_unknown_roles_cannot_be_given_to_keys(db: Database) -> None:
    with db.write() as conn, pytest.raises(ValueError):
        keys.create(conn, "anonymous", "test")


def test_a_revoked_key_stops_working_and_both_acts_are_audited(db: Database) -> None:
    with db.write() as conn:
        key_id, token = keys.create(conn, "trainer", "cli:ana")
    with db.write() as conn:
        assert keys.revoke(conn, key_id, "cli:ana") and keys.revoke(conn, key_id, "cli:ana")
        assert not keys.revoke(conn, key_id + 100, "cli:ana")
    with db.read() as conn:
        assert keys.find(conn, token) is None
        trail = [(r["who"], r["action"], r["target"]) for r in conn.execute(sa.select(audit).order_by(audit.c.id)).mappings()]
    assert trail == [("cli:ana", "key.create", f"key:{key_id}"), ("cli:ana", "key.revoke", f"key:{key_id}")]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer ovc_not-a-key"}, {"Authorization": "Basic Zm9vOmJhcg=="}, {"Authorization": "Bearer "}])
def test_listing_without_a_valid_key_is_401(api: Api, headers: dict[str, str]) -> None:
    response = api.client.get("/v1/feedback", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_a_moderator_may_list_but_not_review(api: Api) -> None:
    headers = api.auth("moderator")
    assert api.client.get("/v1/feedback", headers=headers).status_code == 200
    response = api.client.post("/v1/feedback/1/review", json={"label": "ok"}, headers=headers)
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"


def test_a_trainer_may_do_what_a_moderator_may(api: Api) -> None:
    assert api.client.get("/v1/feedback", headers=api.auth("trainer")).status_code == 200


def test_a_revoked_key_is_refused_by_the_service(api: Api) -> None:
    token = api.key("trainer")
    with api.db.write() as conn:
        key_id = keys.find(conn, token).id  # type: ignore[union-attr]
        keys.revoke(conn, key_id, "test")
    assert api.client.get("/v1/feedback", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_anonymous_callers_still_score_and_send_feedback(api: Api) -> None:
    assert api.client.post("/v1/score", json={"text": "It may help some people."}).status_code == 200
    assert api.client.post("/v1/feedback", json={"text": "It may help.", "verdict": "ok"}).status_code == 201
