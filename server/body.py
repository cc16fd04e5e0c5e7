"""Reading a JSON request body within the configured limits."""
from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from server.errors import ApiError
from server.settings import Settings


def _require_json(request: Request) -> None:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "send the body as JSON with Content-Type: application/json")


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "body_too_large", f"the request body is over the {limit:,}-byte limit; send less text per request")


async def read_body(request: Request, limit: int) -> bytes:
    """The raw body, refusing declared and streamed bodies over `limit` bytes alike."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of parsed JSON, iteratively; stops counting past `limit`."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON; send numbers as finite decimals")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        raise ValueError("an object repeats a key; send each key once")
    return value


def parse_json(raw: bytes, max_depth: int) -> Any:
    """Strict JSON: no NaN/Infinity literals (Python's json takes them), no repeated keys."""
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_no_constants, object_pairs_hook=_unique_keys)
    except UnicodeDecodeError:
        raise ApiError(400, "malformed_json", "the body is not UTF-8; send UTF-8 encoded JSON") from None
    except RecursionError:
        raise ApiError(400, "json_too_deep", f"the JSON nests deeper than {max_depth} levels") from None
    except ValueError as exc:
        raise ApiError(400, "malformed_json", f"the body is not valid JSON: {exc}") from None
    if _depth(value, max_depth) > max_depth:
        raise ApiError(400, "json_too_deep", f"the JSON nests deeper than {max_depth} levels")
    return value


async def json_bytes(request: Request, settings: Settings, limit: int | None = None) -> bytes:
    """The body as received, declared as JSON and within `limit` bytes (default: the max_body_bytes setting); not parsed yet."""
    _require_json(request)
    return await read_body(request, limit or settings.max_body_bytes)


async def json_body(request: Request, settings: Settings, limit: int | None = None) -> Any:
    """The parsed body, within `limit` bytes (default: the max_body_bytes setting)."""
    return parse_json(await json_bytes(request, settings, limit), settings.max_json_depth)
