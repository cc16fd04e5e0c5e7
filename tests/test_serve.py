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
def server() -> str:
    port = free_port()
    cmd = [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env={**os.environ, "OVERCLAIM_LOG_LEVEL": "warning"})
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
