"""One JSON line per request on overclaim.access, with the request id echoed, never the text."""
from __future__ import annotations

import json
import logging
import os

import pytest
from starlette.testclient import TestClient

from server.observe import request_id

SECRET = "Numerous studies have shown that zebra-milk cures insomnia."


def access_lines(caplog: pytest.LogCaptureFixture) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "overclaim.access"]


def test_one_line_per_request_without_the_text(client: TestClient, caplog: pytest.LogCaptureFixture, model) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.INFO, logger="overclaim.access"):
        response = client.post("/v1/score", json={"text": SECRET})
    (line,) = access_lines(caplog)
    assert set(line) == {"request_id", "method", "route", "status", "duration_ms", "model_version"}
    assert (line["method"], line["route"], line["status"]) == ("POST", "/v1/score", 200)
    assert line["model_version"] == model.card["version"] and line["duration_ms"] >= 0
    assert line["request_id"] == response.headers["x-request-id"]
    assert "zebra" not in caplog.text


def test_a_sane_incoming_request_id_is_kept(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="overclaim.access"):
        response = client.get("/healthz", headers={"x-request-id": "abc-123.x"})
    assert response.headers["x-request-id"] == "abc-123.x"
    assert access_lines(caplog)[0]["request_id"] == "abc-123.x"


@pytest.mark.parametrize("incoming", ["", "a" * 129, "has space", "new\nline", "<script>", "ü"])
def test_an_insane_request_id_is_replaced(incoming: str) -> None:
    fresh = request_id(incoming)
    assert fresh != incoming and len(fresh) == 32


def test_errors_and_unknown_routes_are_logged_by_template(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="overclaim.access"):
        client.post("/v1/score", content=b"{", headers={"content-type": "application/json"})
        client.get("/no/such/path/42")
    bad, unknown = access_lines(caplog)
    assert (bad["route"], bad["status"]) == ("/v1/score", 400)
    assert (unknown["route"], unknown["status"]) == ("<unmatched>", 404)


def test_fresh_request_ids_are_32_hex_digits_and_differ() -> None:
    made = {request_id(None) for _ in range(100)}
    assert len(made) == 100 and all(len(r) == 32 and int(r, 16) >= 0 for r in made)


def test_a_forked_process_makes_ids_of_its_own() -> None:
    """Ids are a per-process random prefix and a counter: a fork must not repeat its parent's."""
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.write(write, request_id(None).encode())
        os._exit(0)
    os.waitpid(child, 0)
    theirs, ours = os.read(read, 64).decode(), request_id(None)
    assert len(theirs) == 32 and theirs[:16] != ours[:16]
