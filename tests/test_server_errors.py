"""Every failure answers the one error shape with a fitting 4xx; the service stays healthy."""
from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from server.app import create_app
from server.settings import Settings


def assert_error(response, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    assert body["error"]["message"] and "Traceback" not in body["error"]["message"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 422, "missing_text"),
        ({"text": ""}, 422, "empty_text"),
        ({"text": "   \n\t "}, 422, "empty_text"),
        ({"text": 42}, 422, "invalid_text"),
        ({"text": ["a"]}, 422, "invalid_text"),
        ({"text": "ok", "url": "https://example.org"}, 422, "text_and_url"),
        ({"text": "ok", "threshold": 1.5}, 422, "invalid_threshold"),
        ({"text": "ok", "threshold": -0.1}, 422, "invalid_threshold"),
        ({"text": "ok", "threshold": "0.5"}, 422, "invalid_threshold"),
        ({"text": "ok", "threshold": True}, 422, "invalid_threshold"),
        ({"text": "ok", "offset_encoding": "utf8"}, 422, "invalid_offset_encoding"),
        ({"text": "ok", "all_sentences": "yes"}, 422, "invalid_all_sentences"),
    ],
)
def test_invalid_requests(client: TestClient, body: dict, status: int, code: str) -> None:
    assert_error(client.post("/v1/score", json=body), status, code)


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "null", "3"])
def test_body_must_be_an_object(client: TestClient, body: str) -> None:
    response = client.post("/v1/score", content=body, headers={"content-type": "application/json"})
    assert_error(response, 422, "invalid_request")


@pytest.mark.parametrize("raw", [b"{", b'{"text": "a",}', b"\xff\xfe{}", b""])
def test_malformed_json_is_400(client: TestClient, raw: bytes) -> None:
    response = client.post("/v1/score", content=raw, headers={"content-type": "application/json"})
    assert_error(response, 400, "malformed_json")


def test_deep_json_is_400(client: TestClient) -> None:
    deep = "[" * 5000 + "]" * 5000
    response = client.post("/v1/score", content=deep, headers={"content-type": "application/json"})
    assert_error(response, 400, "json_too_deep")
    nested = '{"text": "ok", "x": ' + "[" * 40 + "]" * 40 + "}"
    response = client.post("/v1/score", content=nested, headers={"content-type": "application/json"})
    assert_error(response, 400, "json_too_deep")


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_non_json_is_415(client: TestClient, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/v1/score", content=b'{"text": "hello"}', headers=headers)
    assert_error(response, 415, "unsupported_media_type")


def test_lone_surrogate_is_422(client: TestClient) -> None:
    raw = b'{"text": "Broken \\ud800 text."}'
    response = client.post("/v1/score", content=raw, headers={"content-type": "application/json"})
    assert_error(response, 422, "invalid_text")


def test_unknown_route_and_method(client: TestClient) -> None:
    assert_error(client.get("/v1/nothing"), 404, "not_found")
    assert_error(client.get("/v1/score"), 405, "method_not_allowed")


@pytest.fixture(scope="module")
def small_limits(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    settings = Settings.from_env({}, max_body_bytes=2_000, max_text_chars=500, data_dir=str(tmp_path_factory.mktemp("data")))
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def test_text_over_its_limit_is_413(small_limits: TestClient) -> None:
    assert_error(small_limits.post("/v1/score", json={"text": "a" * 501}), 413, "text_too_long")
    assert small_limits.post("/v1/score", json={"text": "a" * 500}).status_code == 200


def test_declared_body_over_its_limit_is_413(small_limits: TestClient) -> None:
    assert_error(small_limits.post("/v1/score", json={"text": "a " * 1500}), 413, "body_too_large")


def test_streamed_body_over_its_limit_is_413(small_limits: TestClient) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"text": "'
        for _ in range(100):
            yield b"a" * 100
        yield b'"}'

    response = small_limits.post("/v1/score", content=chunks(), headers={"content-type": "application/json"})
    assert_error(response, 413, "body_too_large")


def test_service_is_healthy_after_bad_input(client: TestClient) -> None:
    for raw in (b"{", b"[" * 3000, json.dumps({"text": 1}).encode()):
        client.post("/v1/score", content=raw, headers={"content-type": "application/json"})
    assert client.get("/healthz").status_code == 200
    assert client.post("/v1/score", json={"text": "Fine."}).status_code == 200
