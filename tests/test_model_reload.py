"""Swapping the running service's model: through the real ASGI app with its lifespan."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import pytest
from httpx import Response
from starlette.testclient import TestClient

from classifier.registry import activate, active_version, save_version
from server.app import create_app
from server.db import audit, keys, open_database
from server.settings import Settings
from tests.registry_helpers import GATES, add_version, blocking, corrupt, tamper, two_versions

TEXT = "Some studies suggest it may help.\n\nThis miracle tea cures anxiety overnight."


@pytest.fixture()
def root(model, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    return two_versions(tmp_path, model, threshold=0.3)


def settings(root: Path, poll: float = 0.0) -> Settings:
    return Settings.from_env({}, model_dir=str(root), model_poll_seconds=poll, data_dir=str(root.parent / "data"))


def serve(root: Path, poll: float = 0.0) -> TestClient:
    return TestClient(create_app(settings(root, poll)), raise_server_exceptions=False)


def key(root: Path, role: str = "trainer") -> dict[str, str]:
    """A fresh API key of `role` in the service's database, as request headers."""
    database = open_database(settings(root))
    try:
        with database.write() as conn:
            return {"Authorization": f"Bearer {keys.create(conn, role, 'test')[1]}"}
    finally:
        database.close()


def reload(client: TestClient, root: Path, body: object = None) -> Response:
    return client.post("/v1/model/reload", headers=key(root), **({} if body is None else {"json": body}))


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
        try:
            assert started.wait(timeout=30), "the first request never reached scoring"
            swapped = reload(client, root, {"version": "fast"})
            assert swapped.status_code == 200 and swapped.json()["previous"] == "slow"
            assert scored_by(client) == {"name": "overclaim", "version": "fast", "threshold": 0.3}
            assert not in_flight.done(), "the first request is still scoring on the old model"
        finally:
            release.set()
        old = in_flight.result(timeout=30)
    assert old.status_code == 200
    assert old.json()["model"] == {"name": "overclaim", "version": "slow", "threshold": model.threshold}
    assert active_version(root) == "fast"


def test_reload_without_a_body_rereads_active(client: TestClient, root: Path) -> None:
    assert scored_by(client)["version"] == "v1"
    activate(root, "v2")
    response = reload(client, root)
    assert response.status_code == 200
    assert response.json() == {"model": {"name": "overclaim", "version": "v2", "threshold": 0.3}, "previous": "v1"}
    assert scored_by(client)["version"] == "v2"
    assert client.get("/v1/model").json()["version"] == "v2"


@pytest.mark.parametrize("spoil, message", [(tamper, "SHA-256"), (corrupt, "cannot be read")])
def test_a_broken_model_is_refused_and_the_old_one_keeps_serving(client: TestClient, root: Path, spoil, message: str) -> None:  # type: ignore[no-untyped-def]
    spoil(root / "v2")
    response = reload(client, root, {"version": "v2"})
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "model_refused" and message in error["message"] and "still serving v1" in error["message"]
    assert scored_by(client)["version"] == "v1"
    assert active_version(root) == "v1"


def test_a_broken_active_is_refused_on_reload_too(client: TestClient, root: Path) -> None:
    tamper(root / "v2")
    (root / "ACTIVE").write_text("v2\n")
    assert reload(client, root).status_code == 409
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
def test_bad_reload_requests_are_errors_in_the_one_shape(client: TestClient, root: Path, body: object, status: int, code: str) -> None:
    response = reload(client, root, body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert scored_by(client)["version"] == "v1"


def test_a_reload_body_must_be_json(client: TestClient, root: Path) -> None:
    headers = key(root)
    assert client.post("/v1/model/reload", content=b"{", headers={**headers, "content-type": "application/json"}).status_code == 400
    assert client.post("/v1/model/reload", content=b"version=v2", headers=headers).status_code == 415


def test_reload_needs_a_trainer_key_and_is_audited(client: TestClient, root: Path) -> None:
    anonymous = client.post("/v1/model/reload", json={"version": "v2"})
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "unauthorized"
    moderator = client.post("/v1/model/reload", json={"version": "v2"}, headers=key(root, "moderator"))
    assert moderator.status_code == 403 and moderator.json()["error"]["code"] == "forbidden"
    assert scored_by(client)["version"] == "v1" and active_version(root) == "v1"
    assert reload(client, root, {"version": "v2"}).status_code == 200
    tamper(root / "v1")
    assert reload(client, root, {"version": "v1"}).status_code == 409
    database = open_database(settings(root))
    try:
        with database.read() as conn:
            rows = [r for r in audit.recent(conn) if r["action"].startswith("model.")]
    finally:
        database.close()
    assert [(r["action"], r["target"]) for r in rows] == [("model.reload_refused", "model:v1"), ("model.reload", "model:v2")]
    assert rows[1]["detail"] == {"previous": "v1", "requested": "v2"} and rows[1]["who"].startswith("key:")


def test_another_worker_follows_active(root: Path) -> None:
    """Two apps on one registry stand for two worker processes, each with its own holder."""
    with serve(root) as first, serve(root) as second:
        assert reload(first, root, {"version": "v2"}).status_code == 200
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
