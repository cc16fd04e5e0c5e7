"""Request handlers. Each takes its model once from `request.state.models` (set in the lifespan) and answers JSON."""
from __future__ import annotations

import os
from typing import Any

from anyio import CapacityLimiter, to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from classifier.api import OverclaimModel
from server import batch, feedback_routes, scoring_pool, validation
from server.body import json_body, json_bytes, parse_json
from server.cache import ResponseCache, cache_key, raw_key
from server.cache_hits import body_digest, cached_response, hit_by_bytes
from server.errors import ApiError
from server.fetch.source import fetch_source
from server.metrics import metrics_endpoint
from server.model_routes import reload_model
from server.openapi import openapi_endpoint
from server.settings import Settings
from server.web import WEB_ROUTES

PUBLIC_CARD_FIELDS = (
    "name", "version", "trained_at", "threshold", "category_thresholds", "categories",
    "training_data", "sklearn_version", "python_version", "lexicon_version", "metrics", "sha256", "params",
)


def _loaded(request: Request) -> OverclaimModel | None:
    holder = getattr(request.state, "models", None)
    return holder.model if holder is not None else None


def _model(request: Request) -> OverclaimModel:
    """The model this request uses from start to end: take it once (server/model_holder.py)."""
    model = _loaded(request)
    if model is None:
        raise ApiError(503, "model_unavailable", "no model is loaded; train one with `overclaim train`")
    request.state.model_version = model.card["version"]
    return model


async def _scored_body(
    request: Request, model: OverclaimModel, text: str, options: validation.ScoreOptions, extra: dict[str, Any] | None = None
) -> bytes:
    """The response body for `text`, scored in a worker process once the service has them, else in a thread."""
    slot = request.state.scoring_pool
    pool = slot.pool if slot is not None else None
    if pool is not None:
        body, flagged = await scoring_pool.score_in_pool(pool, model.card["version"], text, options, extra)
    else:
        limiter: CapacityLimiter = request.state.limiter
        body, flagged = await to_thread.run_sync(scoring_pool.score_body, model, text, options, extra, limiter=limiter)
    request.state.metrics.scored(flagged)
    return body


async def _score_url(request: Request, model: OverclaimModel, req: validation.UrlScoreRequest) -> Response:
    settings: Settings = request.state.settings
    source = await fetch_source(req.url, settings, request.state.resolver, request.state.limiter)
    body = await _scored_body(request, model, source.text, req.options, {"source": source.as_json()})
    return Response(body, media_type="application/json")


async def score(request: Request) -> Response:
    settings: Settings = request.state.settings
    raw = await json_bytes(request, settings)
    digest = body_digest(raw)
    by_bytes = hit_by_bytes(request, _loaded(request), digest)
    if by_bytes is not None:
        return by_bytes
    req = validation.score_request(parse_json(raw, settings.max_json_depth), settings.max_text_chars, settings.max_url_chars)
    model = _model(request)
    if isinstance(req, validation.UrlScoreRequest):
        return await _score_url(request, model, req)  # a fetched page may change: never cached
    cache: ResponseCache = request.state.cache
    key = cache_key(model.card["version"], req.text, req.options)
    body, how = cache.get(key), "hit"
    if body is None:
        body, how = await _scored_body(request, model, req.text, req.options), "miss"
        cache.put(key, body)
    cache.alias(raw_key(model.card["version"], digest), key)
    return cached_response(body, how)


async def score_batch(request: Request) -> Response:
    settings: Settings = request.state.settings
    body = await json_body(request, settings, settings.max_batch_bytes)
    req = validation.batch_request(body, settings.max_batch_documents, settings.max_text_chars)
    return await batch.respond(_model(request), req, request.state.limiter, settings.batch_slice_chars)


async def model_card(request: Request) -> Response:
    card = _model(request).card
    return JSONResponse({k: card[k] for k in PUBLIC_CARD_FIELDS if k in card})


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    model = _model(request)
    scoring = scoring_pool.state(request.state.scoring_pool)
    return JSONResponse({"status": "ready", "model": model.card["version"], "pid": os.getpid(), "scoring": scoring})


ROUTES = [
    Route("/v1/score", score, methods=["POST"]),
    Route("/v1/score/batch", score_batch, methods=["POST"]),
    Route("/v1/model", model_card, methods=["GET"]),
    Route("/v1/model/reload", reload_model, methods=["POST"]),
    Route("/v1/feedback", feedback_routes.collection, methods=["GET", "POST"]),
    Route("/v1/feedback/export", feedback_routes.export, methods=["GET"]),
    Route("/v1/feedback/{feedback_id}/review", feedback_routes.review, methods=["POST"]),
    Route("/healthz", healthz, methods=["GET"]),
    Route("/readyz", readyz, methods=["GET"]),
    *WEB_ROUTES,
    Route("/metrics", metrics_endpoint, methods=["GET"]),
    Route("/openapi.json", openapi_endpoint, methods=["GET"]),
]
