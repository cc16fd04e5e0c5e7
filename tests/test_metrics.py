"""Prometheus metrics at /metrics, from a registry of each app's own."""
from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from server.app import create_app
from server.settings import Settings


def samples(client: TestClient) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.text) for s in family.samples
    }


def value(found: dict[tuple[str, tuple], float], metric: str, **labels: str) -> float:
    return found.get((metric, tuple(sorted(labels.items()))), 0.0)


def test_requests_scoring_and_model_are_counted(model) -> None:  # type: ignore[no-untyped-def]
    with TestClient(create_app(Settings.from_env({}, rate_limit_anon_rate=0.0))) as client:
        before = samples(client)
        client.post("/v1/score", json={"text": "This miracle tea cures anxiety overnight. It is sold online."})
        client.post("/v1/score", json={"text": ""})
        after = samples(client)
    ok = {"route": "/v1/score", "method": "POST", "status": "200"}
    assert value(after, "overclaim_http_requests_total", **ok) - value(before, "overclaim_http_requests_total", **ok) == 1
    assert value(after, "overclaim_http_requests_total", route="/v1/score", method="POST", status="422") == 1
    assert value(after, "overclaim_http_request_duration_seconds_count", route="/v1/score", status="200") == 1
    assert value(after, "overclaim_documents_scored_total") == 1
    assert value(after, "overclaim_flagged_sentences_total") >= 1
    assert value(after, "overclaim_model_info", name="overclaim", version=model.card["version"]) == 1


def test_two_apps_in_one_process_keep_their_own_counts() -> None:
    settings = Settings.from_env({}, rate_limit_anon_rate=0.0)
    with TestClient(create_app(settings)) as first, TestClient(create_app(settings)) as second:
        for _ in range(3):
            first.get("/healthz")
        assert value(samples(first), "overclaim_http_requests_total", route="/healthz", method="GET", status="200") == 3
        assert value(samples(second), "overclaim_http_requests_total", route="/healthz", method="GET", status="200") == 0
