"""Swapping the running service's model: through the real ASGI app with its lifespan."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import pytest
from starlette.testclient import TestClient

from classifier.registry import activate, active_version, save_version
from server.app import create_app
from server.settings import Settings
from tests.registry_helpers import GATES, add_version, blocking, corrupt, tamper, two_versions

TEXT = "Some studies suggest it may help.\n\nThis miracle tea cures anxiety overnight."


@pytest.fixture()
def root(model, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    return two_versions(tmp_path, model, threshold=0.3)


def serve(root: Path, poll: float = 0.0) -> TestClient:
    return TestClient(create_app(Settings.from_env({}, model_dir=str(root), model_poll_seconds=poll)), raise_server_exceptions=False)


@pytest.fixture()
def client(root: Path) -> Iterator[TestClient]:
    with serve(root) as client:
        yield client


def scored_by(client: TestClient) -> dict:
    response = client.post("/v1/score", json={"text": TEXT})
    assert response.status_code == 200
    return response.json()["model"]


def test_in_flight_requests_finish_on_the_old_model_and_new_ones_use_the_new(model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "models"
    root.mkdir()
    save_version(blocking(model, "slow", gate="in-flight"), root)
    add_version(root, model, "fast", threshold=0.3)
    activate(root, "slow")
    started, release = GATES["in-flight"]
    with serve(root) as client, ThreadPoolExecutor(1) as pool:
        in_flight = pool.submit(client.post, "/v1/score", json={"text": TEXT})
        assert started.wait(timeout=30), "the first request never reached scoring"
        reload = client.post("/v1/model/reload", json={"version": "fast"})
        assert reload.status_code == 200 and reload.json()["previous"] == "slow"
        assert scored_by(client) == {"name": "overclaim", "version": "fast", "threshold": 0.3}
        assert not in_flight.done(), "the first request is still scoring on the old model"
        release.set()
        old = in_flight.result(timeout=30)
    assert old.status_code == 200
    assert old.json()["model"] == {"name": "overclaim", "version": "slow", "threshold": model.threshold}
    assert active_version(root) == "fast"


def test_reload_without_a_body_rereads_active(client: TestClient, root: Path) -> None:
    assert scored_by(client)["version"] == "v1"
    activate(root, "v2")
    response = client.post("/v1/model/reload")
    assert response.status_code == 200
    assert response.json() == {"model": {"name": "overclaim", "version": "v2", "threshold": 0.3}, "previous": "v1"}
    assert scored_by(client)["version"] == "v2"
    assert client.get("/v1/model").json()["version"] == "v2"


@pytest.mark.parametrize("spoil, message", [(tamper, "SHA-256"), (corrupt, "cannot be read")])
def test_a_broken_model_is_refused_and_the_old_one_keeps_serving(client: TestClient, root: Path, spoil, message: str) -> None:  # type: ignore[no-untyped-def]
    spoil(root / "v2")
    response = client.post("/v1/model/reload", json={"version": "v2"})
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "model_refused" and message in error["message"] and "still serving v1" in error["message"]
    assert scored_by(client)["version"] == "v1"
    assert active_version(root) == "v1"


def test_a_broken_active_is_refused_on_reload_too(client: TestClient, root: Path) -> None:
    tamper(root / "v2")
    (root / "ACTIVE").write_text("v2\n")
    assert client.post("/v1/model/reload").status_code == 409
    assert scored_by(client)["version"] == "v1"


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"version": "v9"}, 404, "unknown_version"),
        ({"version": "../v1"}, 422, "invalid_version"),
        ({"version": 3}, 422, "invalid_version"),
        ([1], 422, "invalid_request"),
    ],
)
def test_bad_reload_requests_are_errors_in_the_one_shape(client: TestClient, body: object, status: int, code: str) -> None:
    response = client.post("/v1/model/reload", json=body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert scored_by(client)["version"] == "v1"


def test_a_reload_body_must_be_json(client: TestClient) -> None:
    assert client.post("/v1/model/reload", content=b"{", headers={"content-type": "application/json"}).status_code == 400
    assert client.post("/v1/model/reload", content=b"version=v2").status_code == 415


def test_another_worker_follows_active(root: Path) -> None:
    """Two apps on one registry stand for two worker processes, each with its own holder."""
    with serve(root) as first, serve(root) as second:
        assert first.post("/v1/model/reload", json={"version": "v2"}).status_code == 200
        assert scored_by(second)["version"] == "v1", "not yet: the second worker has not looked"
        second.portal.call(second.app_state["models"].sync)
        assert scored_by(second)["version"] == "v2"


def test_a_worker_does_not_follow_active_to_a_broken_model(client: TestClient, root: Path) -> None:
    tamper(root / "v2")
    (root / "ACTIVE").write_text("v2\n")
    client.portal.call(client.app_state["models"].sync)
    assert scored_by(client)["version"] == "v1"


def test_the_poll_task_follows_an_activation_made_elsewhere(root: Path) -> None:
    with serve(root, poll=0.05) as client:
        activate(root, "v2")
        deadline = time.monotonic() + 30
        while client.get("/v1/model").json()["version"] != "v2":
            assert time.monotonic() < deadline, "the poll task never followed ACTIVE"
            time.sleep(0.05)
        assert scored_by(client)["version"] == "v2"
