"""Two real uvicorn worker processes on one registry: an activation reaches both."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from classifier.registry import activate
from server.settings import PROJECT_ROOT
from tests.live import free_port
from tests.registry_helpers import two_versions

WORKERS = 2


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


@pytest.fixture()
def served(model, tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen]]:  # type: ignore[no-untyped-def]
    root = two_versions(tmp_path, model, threshold=0.3)
    port = free_port()
    env = {**os.environ, "OVERCLAIM_MODEL_DIR": str(root), "OVERCLAIM_DATA_DIR": str(tmp_path / "data"), "OVERCLAIM_MODEL_POLL_SECONDS": "0.2", "OVERCLAIM_RATE_LIMIT_ANON_RATE": "0"}
    cmd = [sys.executable, "-m", "uvicorn", "server.app:create_app", "--factory", "--workers", str(WORKERS), "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not ready(url):
            assert proc.poll() is None and time.monotonic() < deadline, "the server did not become ready"
            time.sleep(0.2)
        yield url, root, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/readyz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def versions(url: str, n: int) -> list[str]:
    """The version named by `n` requests, each on a new connection, so any worker may take it."""
    return [httpx.post(f"{url}/v1/score", json={"text": "This miracle tea cures anxiety."}, timeout=10).json()["model"]["version"] for _ in range(n)]


def test_every_worker_follows_an_activation(served: tuple[str, Path, subprocess.Popen]) -> None:
    url, root, proc = served
    assert len(children(proc.pid)) >= WORKERS
    assert set(versions(url, 10)) == {"v1"}
    activate(root, "v2")
    deadline = time.monotonic() + 30
    while set(versions(url, 4)) != {"v2"}:
        assert time.monotonic() < deadline, "the workers never followed ACTIVE"
        time.sleep(0.2)
    assert set(versions(url, 40)) == {"v2"}, "every worker, not just one, serves the activated version"
