"""Two real uvicorn worker processes on one registry: an activation reaches both."""
from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from classifier.registry import activate
from tests.live import children, live_process
from tests.registry_helpers import two_versions

WORKERS = 2


@pytest.fixture()
def served(model, tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen]]:  # type: ignore[no-untyped-def]
    root = two_versions(tmp_path, model, threshold=0.3)
    env = {"OVERCLAIM_MODEL_DIR": str(root), "OVERCLAIM_MODEL_POLL_SECONDS": "0.2", "OVERCLAIM_SCORING_PROCESSES": "0"}
    with live_process(env, "--workers", str(WORKERS)) as (url, proc):
        yield url, root, proc


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
