"""POST /v1/feedback: stored durably, validated in the error shape, idempotent under Idempotency-Key."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from server.db.schema import feedback
from tests.db_fixtures import Api

SENTENCE = "This miracle tea cures anxiety overnight."


def _rows(api: Api) -> list[dict]:
    with api.db.read() as conn:
        return [dict(r) for r in conn.execute(sa.select(feedback).order_by(feedback.c.id)).mappings()]


def test_anyone_can_send_feedback_and_it_is_stored(api: Api) -> None:
    body = {"text": f"  {SENTENCE}\n", "verdict": "ok", "categories": ["hype"], "url": "https://example.org/a",
            "model_version": "2026.11.21", "comment": "it is a quote"}
    response = api.client.post("/v1/feedback", json=body)
    assert response.status_code == 201
    [row] = _rows(api)
    assert response.json() == {"id": row["id"]}
    assert (row["text"], row["verdict"], row["categories"], row["status"]) == (SENTENCE, "ok", ["hype"], "pending")
    assert (row["url"], row["model_version"], row["comment"]) == (body["url"], body["model_version"], body["comment"])


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"verdict": "ok"}, 422, "missing_text"),
        ({"text": "   ", "verdict": "ok"}, 422, "empty_text"),
        ({"text": 5, "verdict": "ok"}, 422, "invalid_text"),
        ({"text": "x" * 200_001, "verdict": "ok"}, 413, "text_too_long"),
        ({"text": SENTENCE}, 422, "invalid_verdict"),
        ({"text": SENTENCE, "verdict": "wrong"}, 422, "invalid_verdict"),
        ({"text": SENTENCE, "verdict": "ok", "categories": ["spin"]}, 422, "unknown_category"),
        ({"text": SENTENCE, "verdict": "ok", "categories": "hype"}, 422, "invalid_categories"),
        ({"text": SENTENCE, "verdict": "ok", "categories": ["hype", "hype"]}, 422, "invalid_categories"),
        ({"text": SENTENCE, "verdict": "ok", "comment": "c" * 2001}, 422, "comment_too_long"),
        ({"text": SENTENCE, "verdict": "ok", "url": "javascript:alert(1)"}, 422, "invalid_url"),
        ({"text": SENTENCE, "verdict": "ok", "url": "ftp://example.org/x"}, 422, "invalid_url"),
        ({"text": SENTENCE, "verdict": "ok", "url": 7}, 422, "invalid_url"),
        ({"text": SENTENCE, "verdict": "ok", "url": "http://[::1/x"}, 422, "invalid_url"),  # urlsplit raises on an unbalanced [
        ({"text": SENTENCE, "verdict": "ok", "model_version": "v" * 101}, 422, "invalid_model_version"),
        ([SENTENCE], 422, "invalid_request"),
    ],
)
def test_invalid_feedback_is_refused_in_the_error_shape(api: Api, body: object, status: int, code: str) -> None:
    response = api.client.post("/v1/feedback", json=body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code and response.json()["error"]["message"]
    assert _rows(api) == []


def test_a_retry_under_the_same_key_stores_once(api: Api) -> None:
    body = {"text": SENTENCE, "verdict": "overclaim", "categories": ["hype"]}
    first = api.client.post("/v1/feedback", json=body, headers={"Idempotency-Key": "abc-1"})
    again = api.client.post("/v1/feedback", json=body, headers={"Idempotency-Key": "abc-1"})
    other = api.client.post("/v1/feedback", json=body, headers={"Idempotency-Key": "abc-2"})
    assert first.status_code == again.status_code == other.status_code == 201
    assert first.json() == again.json() != other.json()
    assert again.headers["idempotent-replayed"] == "true" and "idempotent-replayed" not in first.headers
    assert len(_rows(api)) == 2


def test_a_different_body_under_a_used_key_is_a_conflict(api: Api) -> None:
    api.client.post("/v1/feedback", json={"text": SENTENCE, "verdict": "ok"}, headers={"Idempotency-Key": "k"})
    response = api.client.post("/v1/feedback", json={"text": SENTENCE, "verdict": "overclaim"}, headers={"Idempotency-Key": "k"})
    assert response.status_code == 409 and response.json()["error"]["code"] == "idempotency_conflict"
    assert [r["verdict"] for r in _rows(api)] == ["ok"]


def test_a_bad_idempotency_key_is_refused(api: Api) -> None:
    response = api.client.post("/v1/feedback", json={"text": SENTENCE, "verdict": "ok"}, headers={"Idempotency-Key": "x" * 201})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_idempotency_key"


def test_without_a_key_every_submission_is_stored(api: Api) -> None:
    for _ in range(2):
        assert api.client.post("/v1/feedback", json={"text": SENTENCE, "verdict": "ok"}).status_code == 201
    assert len(_rows(api)) == 2
