"""Scoring in worker processes answers exactly what scoring in threads answers."""
from __future__ import annotations

import os
from pathlib import Path

from starlette.testclient import TestClient

from classifier.registry import activate

from server import scoring_pool
from server.app import create_app
from server.settings import Settings
from tests.registry_helpers import two_versions

TEXT = "Numerous studies have shown that this tea cures anxiety \U0001F375. A 2020 trial of 40 adults found less."


def started(client: TestClient) -> bool:
    """Wait for the scoring processes (they start in the background) and say whether they run."""
    slot = client.app_state["scoring_pool"]
    return slot.ready.wait(120) and slot.pool is not None


def test_process_pool_and_threads_agree(client: TestClient, settings: Settings) -> None:
    request = {"text": TEXT, "offset_encoding": "utf16", "all_sentences": True}
    in_threads = client.post("/v1/score", json=request)
    assert client.get("/readyz").json()["scoring"] == "threads"
    with TestClient(create_app(Settings.from_env({}, **{**vars(settings), "scoring_processes": 1}))) as pooled:
        assert started(pooled)
        assert pooled.get("/readyz").json()["scoring"] == "processes"
        in_process = pooled.post("/v1/score", json=request)
        metrics = pooled.get("/metrics").text
    assert in_process.status_code == in_threads.status_code == 200
    assert in_process.json() == in_threads.json()
    assert "overclaim_documents_scored_total 1.0" in metrics


def test_worker_processes_follow_a_model_swap(model, tmp_path: Path, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    root = two_versions(tmp_path, model, threshold=0.3)
    pooled = Settings.from_env({}, **{**vars(settings), "scoring_processes": 1, "model_dir": str(root), "model_poll_seconds": 0.0})
    with TestClient(create_app(pooled)) as client:
        assert started(client)
        before = client.post("/v1/score", json={"text": TEXT}).json()["model"]
        activate(root, "v2")
        client.portal.call(client.app_state["models"].sync)  # what the poll does; the service now holds v2
        after = client.post("/v1/score", json={"text": TEXT}).json()["model"]
    assert (before["version"], after["version"]) == ("v1", "v2")
    assert after["threshold"] == 0.3 != before["threshold"]


def test_processes_that_fail_to_start_leave_scoring_in_threads(settings: Settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(*args: object) -> None:
        raise RuntimeError("no processes here")

    monkeypatch.setattr(scoring_pool, "start_pool", refuse)
    with TestClient(create_app(Settings.from_env({}, **{**vars(settings), "scoring_processes": 1}))) as client:
        assert not started(client)
        assert client.post("/v1/score", json={"text": TEXT}).status_code == 200
        assert client.get("/readyz").json()["scoring"] == "threads"


def test_readiness_says_scoring_is_in_threads_while_the_processes_start() -> None:
    slot = scoring_pool.PoolSlot()
    assert scoring_pool.state(slot) == "starting"
    slot.ready.set()
    assert scoring_pool.state(slot) == "threads", "they could not start"
    assert scoring_pool.state(None) == "threads"



def test_workers_are_forked_from_the_fork_server_not_from_the_service() -> None:
    """The serving process runs an event loop and threads: its workers must not be its own forks."""
    pool = scoring_pool.start_pool(1, str(Path(__file__).parents[1] / "models"), "overclaim")
    try:
        parent = pool.submit(os.getppid).result(timeout=120)
    finally:
        pool.shutdown()
    assert parent != os.getpid()
