"""Request handlers. Each reads `request.state.model` (set in the lifespan) and answers JSON."""
from __future__ import annotations

from anyio import CapacityLimiter, to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from classifier.api import OverclaimModel
from server import scoring_pool, validation
from server.body import json_body
from server.errors import ApiError
from server.metrics import metrics_endpoint
from server.openapi import openapi_endpoint
from server.settings import Settings

PUBLIC_CARD_FIELDS = (
    "name", "version", "trained_at", "threshold", "category_thresholds", "categories",
    "training_data", "sklearn_version", "python_version", "lexicon_version", "metrics", "sha256", "params",
)


def _model(request: Request) -> OverclaimModel:
    model = getattr(request.state, "model", None)
    if model is None:
        raise ApiError(503, "model_unavailable", "no model is loaded; train one with `overclaim train`")
    return model


async def score(request: Request) -> Response:
    settings: Settings = request.state.settings
    body = await json_body(request, settings)
    req = validation.score_request(body, settings.max_text_chars)
    model = _model(request)
    limiter: CapacityLimiter = request.state.limiter
    pool = request.state.scoring_pool
    if pool is not None:
        body, flagged = await scoring_pool.score_in_pool(pool, req.text, req.options)
    else:
        body, flagged = await to_thread.run_sync(scoring_pool.score_body, model, req.text, req.options, limiter=limiter)
    request.state.metrics.scored(flagged)
    return Response(body, media_type="application/json")


async def model_card(request: Request) -> Response:
    card = _model(request).card
    return JSONResponse({k: card[k] for k in PUBLIC_CARD_FIELDS if k in card})


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    model = _model(request)
    return JSONResponse({"status": "ready", "model": model.card["version"]})


ROUTES = [
    Route("/v1/score", score, methods=["POST"]),
    Route("/v1/model", model_card, methods=["GET"]),
    Route("/healthz", healthz, methods=["GET"]),
    Route("/readyz", readyz, methods=["GET"]),
    Route("/metrics", metrics_endpoint, methods=["GET"]),
    Route("/openapi.json", openapi_endpoint, methods=["GET"]),
]
