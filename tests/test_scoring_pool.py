"""Scoring in worker processes answers exactly what scoring in threads answers."""
from __future__ import annotations

from starlette.testclient import TestClient

from server.app import create_app
from server.settings import Settings

TEXT = "Numerous studies have shown that this tea cures anxiety \U0001F375. A 2020 trial of 40 adults found less."


def test_process_pool_and_threads_agree(client: TestClient, settings: Settings) -> None:
    request = {"text": TEXT, "offset_encoding": "utf16", "all_sentences": True}
    in_threads = client.post("/v1/score", json=request)
    with TestClient(create_app(Settings.from_env({}, **{**vars(settings), "scoring_processes": 1}))) as pooled:
        in_process = pooled.post("/v1/score", json=request)
        metrics = pooled.get("/metrics").text
    assert in_process.status_code == in_threads.status_code == 200
    assert in_process.json() == in_threads.json()
    assert "overclaim_documents_scored_total 1.0" in metrics
