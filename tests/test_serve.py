"""`overclaim serve` starts a real uvicorn server that answers on loopback."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from server.settings import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> str:
    port = free_port()
    data_dir = str(tmp_path_factory.mktemp("data"))
    cmd = [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env={**os.environ, "OVERCLAIM_LOG_LEVEL": "warning", "OVERCLAIM_DATA_DIR": data_dir})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("the server did not become ready within 30 s")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


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
