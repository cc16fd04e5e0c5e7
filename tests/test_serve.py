"""`overclaim serve` starts a real uvicorn server that answers on loopback."""
from __future__ import annotations

from typing import Iterator

import httpx
import pytest

from tests.live import live_server


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as url:
        yield url


def test_real_server_scores_and_errors(server: str) -> None:
    ok = httpx.post(f"{server}/v1/score", json={"text": "This miracle tea cures anxiety overnight."}, timeout=10)
    assert ok.status_code == 200 and ok.json()["document"]["label"] == "overclaiming"
    bad = httpx.post(f"{server}/v1/score", content=b"{", headers={"content-type": "application/json"}, timeout=10)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "malformed_json"
    assert httpx.get(f"{server}/healthz", timeout=5).json() == {"status": "ok"}


def test_real_server_takes_feedback(server: str) -> None:
    response = httpx.post(f"{server}/v1/feedback", json={"text": "This tea cures anxiety.", "verdict": "overclaim"}, timeout=10)
    assert response.status_code == 201 and isinstance(response.json()["id"], int)
    assert httpx.get(f"{server}/v1/feedback", timeout=10).status_code == 401
