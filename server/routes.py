"""Request handlers. Each reads `request.state.model` (set in the lifespan) and answers JSON."""
from __future__ import annotations

from typing import Any

from anyio import CapacityLimiter, to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from classifier.api import OverclaimModel, score_text
from server import batch, serialize, validation
from server.body import json_body
from server.errors import ApiError
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
    result = await to_thread.run_sync(
        score_text, model, req.text, req.options.threshold, req.options.all_sentences, limiter=limiter
    )
    payload: dict[str, Any] = {"model": serialize.model_summary(model.card, req.options.threshold)}
    payload.update(serialize.scored(req.text, result, req.options.offset_encoding, model.lexicon.messages, req.options.all_sentences))
    return JSONResponse(payload)


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
    return JSONResponse({"status": "ready", "model": model.card["version"]})


ROUTES = [
    Route("/v1/score", score, methods=["POST"]),
    Route("/v1/score/batch", score_batch, methods=["POST"]),
    Route("/v1/model", model_card, methods=["GET"]),
    Route("/healthz", healthz, methods=["GET"]),
    Route("/readyz", readyz, methods=["GET"]),
]
