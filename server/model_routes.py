"""`POST /v1/model/reload`: swap the running service's model, or refuse and keep the old one."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from classifier.api import InvalidVersion, ModelError, UnknownVersion
from server import serialize
from server.audit import audit
from server.auth import require_role
from server.body import json_body
from server.errors import ApiError
from server.model_holder import ModelHolder


def _empty(request: Request) -> bool:
    return request.headers.get("content-length", "0") == "0" and "transfer-encoding" not in request.headers


async def requested_version(request: Request) -> str | None:
    """`{"version": "…"}` to activate that version first; no body (or no `version`) re-reads ACTIVE."""
    if _empty(request):
        return None
    body = await json_body(request, request.state.settings)
    if not isinstance(body, dict):
        raise ApiError(422, "invalid_request", 'send a JSON object, {"version": "…"}, or no body to re-read ACTIVE')
    version = body.get("version")
    if version is not None and not isinstance(version, str):
        raise ApiError(422, "invalid_version", "`version` must be a string naming a folder of the model registry")
    return version


async def reload_model(request: Request) -> Response:
    """Trainers only; every swap and every refusal is written to the audit table."""
    caller = await require_role(request, "trainer")
    version = await requested_version(request)
    holder: ModelHolder = request.state.models
    try:
        previous = await holder.reload(version)
    except InvalidVersion as exc:
        raise ApiError(422, "invalid_version", str(exc)) from None
    except UnknownVersion as exc:
        raise ApiError(404, "unknown_version", str(exc)) from None
    except ModelError as exc:
        await audit(request, caller, "model.reload_refused", f"model:{version or 'ACTIVE'}", {"error": str(exc), "serving": holder.version})
        raise ApiError(409, "model_refused", f"{exc}; still serving {holder.version}") from None
    model = holder.model
    await audit(request, caller, "model.reload", f"model:{model.card['version']}", {"previous": previous, "requested": version})
    return JSONResponse({"model": serialize.model_summary(model.card, None), "previous": previous})
