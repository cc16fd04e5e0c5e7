"""`overclaim serve` starts a real uvicorn server that answers on loopback, with one or more workers."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from server.settings import PROJECT_ROOT

READY_WITHIN_S = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(*extra: str) -> Iterator[tuple[str, subprocess.Popen]]:
    port = free_port()
    cmd = [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port", str(port), *extra]
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env={**os.environ, "OVERCLAIM_LOG_LEVEL": "warning"})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_WITHIN_S
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail(f"the server did not become ready within {READY_WITHIN_S} s")
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving() as (url, _):
        yield url


def test_real_server_scores_and_errors(server: str) -> None:
    ok = httpx.post(f"{server}/v1/score", json={"text": "This miracle tea cures anxiety overnight."}, timeout=10)
    assert ok.status_code == 200 and ok.json()["document"]["label"] == "overclaiming"
    bad = httpx.post(f"{server}/v1/score", content=b"{", headers={"content-type": "application/json"}, timeout=10)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "malformed_json"
    assert httpx.get(f"{server}/healthz", timeout=5).json() == {"status": "ok"}


def children(pid: int) -> set[int]:
    return {int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()}


def ready_pid(url: str) -> int:
    """The worker pid of one answer, over a fresh connection so the kernel picks the worker."""
    return httpx.get(f"{url}/readyz", timeout=10).json()["pid"]


def test_two_workers_each_serve(model) -> None:  # type: ignore[no-untyped-def]
    with serving("--workers", "2") as (url, proc):
        scored = httpx.post(f"{url}/v1/score", json={"text": "This miracle tea cures anxiety overnight."}, timeout=10)
        assert scored.status_code == 200 and scored.json()["model"]["version"] == model.card["version"]
        seen: set[int] = set()
        deadline = time.monotonic() + READY_WITHIN_S  # the second worker may still be loading its model
        with ThreadPoolExecutor(8) as pool:
            while len(seen) < 2 and time.monotonic() < deadline:
                seen |= set(pool.map(ready_pid, [url] * 16))
        assert len(seen) == 2, f"answers came from {seen} only"
        assert proc.pid not in seen and seen <= children(proc.pid)


def test_workers_must_be_positive() -> None:
    done = subprocess.run([sys.executable, "-m", "cli.main", "serve", "--workers", "0"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert done.returncode != 0 and "--workers" in done.stderr
