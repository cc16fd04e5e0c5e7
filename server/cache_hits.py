"""Answering POST /v1/score from the response cache (server/cache.py): the headers it says and the byte-identical shortcut."""
from __future__ import annotations

import hashlib

from starlette.requests import Request
from starlette.responses import Response

from classifier.api import OverclaimModel
from server.cache import ResponseCache, raw_key

CACHE_HEADER = "x-overclaim-cache"


def body_digest(raw: bytes) -> bytes:
    return hashlib.sha256(raw).digest()


def cached_response(body: bytes, how: str) -> Response:
    """A /v1/score response whose header says whether the cache answered ("hit") or scoring did ("miss")."""
    return Response(body, media_type="application/json", headers={CACHE_HEADER: how})


def hit_by_bytes(request: Request, model: OverclaimModel | None, digest: bytes) -> Response | None:
    """The answer to a byte-identical request already answered under `model`, else None.

    Skips JSON parsing, validation and hashing the text: the same bytes parse and validate
    the same way under the same settings. Rate limits and the body limit ran before this.
    """
    if model is None:
        return None
    cache: ResponseCache = request.state.cache
    version = model.card["version"]
    hit = cache.get_raw(raw_key(version, digest))
    if hit is None:
        return None
    request.state.model_version = version  # the access log names the model that answered
    return cached_response(hit, "hit")
