"""The hand-written OpenAPI document (server/openapi.json), its limits filled in from the settings.

A schema object may carry `"x-limit": {"<keyword>": "<setting name>"}`; loading sets each
keyword to that setting's value and drops the `x-limit` note. A new operation is one more
block under `paths` in the JSON file.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from server.settings import Settings

DOCUMENT = Path(__file__).with_name("openapi.json")


def _fill(node: Any, settings: Settings) -> Any:
    if isinstance(node, list):
        return [_fill(item, settings) for item in node]
    if not isinstance(node, dict):
        return node
    filled = {key: _fill(value, settings) for key, value in node.items() if key != "x-limit"}
    for keyword, setting in node.get("x-limit", {}).items():
        filled[keyword] = getattr(settings, setting)
    return filled


def load_document(settings: Settings, path: Path = DOCUMENT) -> dict[str, Any]:
    return _fill(json.loads(path.read_text(encoding="utf-8")), settings)


async def openapi_endpoint(request: Request) -> Response:
    return JSONResponse(request.state.openapi)
