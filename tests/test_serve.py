"""`overclaim serve` starts a real uvicorn server that answers on loopback, with one or more workers."""
from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from cli.serve_cmd import scoring_processes
from server.settings import PROJECT_ROOT
from tests.live import children, live_process, live_server

READY_WITHIN_S = 60


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


def ready_pid(url: str) -> int:
    """The worker pid of one answer, over a fresh connection so the kernel picks the worker."""
    return httpx.get(f"{url}/readyz", timeout=10).json()["pid"]


def test_two_workers_each_serve(model) -> None:  # type: ignore[no-untyped-def]
    with live_process(None, "--workers", "2") as (url, proc):
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


def test_serve_scores_in_processes_unless_told_otherwise() -> None:
    with live_process() as (url, proc):
        assert httpx.post(f"{url}/v1/score", json={"text": "This tea cures anxiety."}, timeout=30).status_code == 200
        assert len(children(proc.pid)) >= scoring_processes(1)
    with live_process({"OVERCLAIM_SCORING_PROCESSES": "0"}) as (url, proc):
        assert httpx.post(f"{url}/v1/score", json={"text": "This tea cures anxiety."}, timeout=30).status_code == 200
        assert children(proc.pid) == set()


def test_a_loopback_client_cannot_pick_its_address_with_x_forwarded_for() -> None:
    """No trusted proxies: every request is the TCP peer's, whatever X-Forwarded-For says (uvicorn's own
    proxy-header rewriting would otherwise believe loopback and give each spoofed address a fresh bucket)."""
    limits = {"OVERCLAIM_RATE_LIMIT_ANON_RATE": "0.001", "OVERCLAIM_RATE_LIMIT_ANON_BURST": "2"}
    with live_server(limits) as url:
        statuses = [
            httpx.post(f"{url}/v1/score", json={"text": "It may help."}, headers={"x-forwarded-for": f"203.0.113.{i}"}).status_code
            for i in range(1, 4)
        ]
    assert statuses[:2] == [200, 200] and statuses[2] == 429
