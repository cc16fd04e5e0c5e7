"""The table of hostile inputs (beyond tests/test_server_errors.py): each a 4xx in the error shape, the service healthy after.

Decided here: NUL and bidi overrides (LRO/RLO, the "Trojan Source" characters) are refused as invalid
text (422); bidi embeddings and isolates, RTL marks and 1 M combining marks are text like any other,
scored with exact offsets within the limits (200) and answered 413 over them.
"""
from __future__ import annotations

from typing import Iterator

import pytest
from starlette.testclient import TestClient

from server.app import create_app
from server.settings import Settings
from tests.test_server_errors import assert_error

JSON = {"content-type": "application/json"}
BIG_NUMBER = b"1" + b"0" * 5000

# (raw body, status, code)
RAW_CASES: list[tuple[bytes, int, str]] = [
    (b'{"text": "ok", "threshold": NaN}', 400, "malformed_json"),
    (b'{"text": "ok", "threshold": Infinity}', 400, "malformed_json"),
    (b'{"text": "ok", "ignored": -Infinity}', 400, "malformed_json"),
    (b'{"text": NaN}', 400, "malformed_json"),
    (b'{"text": "ok", "threshold": 1e999}', 422, "invalid_threshold"),
    (b'{"text": "ok", "threshold": ' + BIG_NUMBER + b"}", 400, "malformed_json"),
    (b'{"text": "ok", "threshold": 100000000000000000000000000000000}', 422, "invalid_threshold"),
    (b'{"text": 5, "text": "ok"}', 400, "malformed_json"),
    (b'{"text": "ok", "x": {"a": 1, "a": 2}}', 400, "malformed_json"),
    (b'{"text": "Broken \\udc00 low."}', 422, "invalid_text"),
    (b'{"text": "Reversed \\udc00\\ud800 pair."}', 422, "invalid_text"),
    (b'{"text": "Cut \\ud83d"}', 422, "invalid_text"),
    (b'{"text": "caf\xe9"}', 400, "malformed_json"),
    (b'\xef\xbb\xbf{"text": "ok"}', 400, "malformed_json"),
    (b'{"text": "ok"} trailing', 400, "malformed_json"),
    (b'{"text": "unterminated', 400, "malformed_json"),
    (b"[" * 33 + b"]" * 33, 400, "json_too_deep"),
    (b'{"a": ' * 100 + b"1" + b"}" * 100, 400, "json_too_deep"),
    (b'[{"text": "ok"}]', 422, "invalid_request"),
    (b'{"text": {"nested": "ok"}}', 422, "invalid_text"),
    (b'{"text": true}', 422, "invalid_text"),
    (b'{"text": null}', 422, "missing_text"),
    (b'{"text": "\\u00a0\\u2003\\u3000\\n"}', 422, "empty_text"),
    (b'{"text": "ok", "threshold": null, "offset_encoding": null}', 422, "invalid_offset_encoding"),
    (b'{"text": "ok", "offset_encoding": ["utf16"]}', 422, "invalid_offset_encoding"),
    (b'{"text": "ok", "offset_encoding": "UTF16"}', 422, "invalid_offset_encoding"),
    (b'{"text": "ok", "all_sentences": 1}', 422, "invalid_all_sentences"),
    (b'{"text": "ok", "all_sentences": null}', 422, "invalid_all_sentences"),
    (b'{"text": "ok", "threshold": [0.5]}', 422, "invalid_threshold"),
    (b'{"text": "ok", "threshold": {}}', 422, "invalid_threshold"),
    (b'{"url": 5, "text": "ok"}', 422, "text_and_url"),
]


@pytest.mark.parametrize(("raw", "status", "code"), RAW_CASES, ids=[c[0][:40].decode("latin-1") for c in RAW_CASES])
def test_hostile_bodies_are_4xx_and_the_service_stays_healthy(client: TestClient, raw: bytes, status: int, code: str) -> None:
    assert_error(client.post("/v1/score", content=raw, headers=JSON), status, code)
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("content_type", ["text/json", "application/jsonx", "multipart/form-data; boundary=x", "application/json-patch+json"])
def test_near_miss_content_types_are_415(client: TestClient, content_type: str) -> None:
    response = client.post("/v1/score", content=b'{"text": "ok"}', headers={"content-type": content_type})
    assert_error(response, 415, "unsupported_media_type")


@pytest.mark.parametrize("text", ["Before\x00after. It cures all.", "\u202eThis miracle cure works.\u202c Then.", "\x00" * 50, "Ok. \u202dreversed"])
def test_nul_and_bidi_overrides_are_refused(client: TestClient, text: str) -> None:
    response = client.post("/v1/score", json={"text": text})
    assert_error(response, 422, "invalid_text")
    assert "at character" in response.json()["error"]["message"]
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("text", ["\u2067مرحبا\u2069 This miracle cure works.", "\u202bembedded\u202c text. It cures all.", "Hello\u200f world."])
def test_bidi_isolates_embeddings_and_marks_are_text(client: TestClient, text: str) -> None:
    response = client.post("/v1/score", json={"text": text, "threshold": 0.0})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["document"]["sentences"] >= 1 and all(text[m["start"] : m["end"]] == m["text"] for m in body["matches"])


def test_a_million_combining_marks_is_413(client: TestClient) -> None:
    marks = "a" + "\u0301" * 1_000_000
    assert_error(client.post("/v1/score", json={"text": marks}), 413, "body_too_large")
    assert client.get("/healthz").status_code == 200


@pytest.fixture(scope="module")
def roomy() -> Iterator[TestClient]:
    settings = Settings.from_env({}, max_body_bytes=10_000_000, rate_limit_anon_rate=0.0)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def test_combining_marks_over_the_text_limit_are_413_and_at_it_are_scored(roomy: TestClient) -> None:
    assert_error(roomy.post("/v1/score", json={"text": "a" + "\u0301" * 1_000_000}), 413, "text_too_long")
    response = roomy.post("/v1/score", json={"text": "a" + "\u0301" * 199_999})
    assert response.status_code == 200 and response.json()["document"]["sentences"] == 1


@pytest.fixture(scope="module")
def small() -> Iterator[TestClient]:
    settings = Settings.from_env({}, max_body_bytes=2_000, rate_limit_anon_rate=0.0)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize("declared", ["10", "0", "abc", "-5"])
def test_a_lying_content_length_cannot_sneak_a_big_body_in(small: TestClient, declared: str) -> None:
    raw = b'{"text": "' + b"a" * 3_000 + b'"}'
    response = small.post("/v1/score", content=raw, headers={**JSON, "content-length": declared})
    assert_error(response, 413, "body_too_large")
    assert small.get("/healthz").status_code == 200


def test_an_inflated_content_length_is_refused_up_front(small: TestClient) -> None:
    response = small.post("/v1/score", content=b'{"text": "ok"}', headers={**JSON, "content-length": "999999999"})
    assert_error(response, 413, "body_too_large")
