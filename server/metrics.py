"""Prometheus metrics in a registry of the app's own (so several apps in one process never collide).

Each process exposes its own counts: run several uvicorn workers and Prometheus must
scrape each one (or sum them), since `/metrics` answers from the process it reaches.
"""
from __future__ import annotations

from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response

from server.observe import RequestRecord

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "overclaim_http_requests", "HTTP requests answered, by route template, method and status.",
            ["route", "method", "status"], registry=self.registry,
        )
        self.latency = Histogram(
            "overclaim_http_request_duration_seconds", "Time to answer, by route template and status.",
            ["route", "status"], buckets=LATENCY_BUCKETS, registry=self.registry,
        )
        self.documents = Counter("overclaim_documents_scored", "Documents scored.", registry=self.registry)
        self.flagged = Counter("overclaim_flagged_sentences", "Sentences flagged as overclaiming.", registry=self.registry)
        self.model = Gauge(
            "overclaim_model_info", "The loaded model (value 1), labelled with its name and version.",
            ["name", "version"], registry=self.registry,
        )
        self._by_kind: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def observe(self, record: RequestRecord) -> None:
        count, latency = self._children(record.route, record.method, record.status)
        count.inc()
        latency.observe(record.duration_ms / 1000)

    def _children(self, route: str, method: str, status: int) -> tuple[Any, Any]:
        """The labelled counter and histogram of this request's kind, looked up once per kind:
        `labels()` validates and hashes its arguments on every call. Bounded, since routes are
        templates and methods and statuses few."""
        key = (route, method, status)
        found = self._by_kind.get(key)
        if found is None:
            found = self._by_kind[key] = (self.requests.labels(route, method, str(status)), self.latency.labels(route, str(status)))
        return found

    def scored(self, flagged: int) -> None:
        self.documents.inc()
        self.flagged.inc(flagged)

    def loaded(self, name: str, version: str) -> None:
        self.model.clear()
        self.model.labels(name, version).set(1)


async def metrics_endpoint(request: Request) -> Response:
    metrics: Metrics = request.state.metrics
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
