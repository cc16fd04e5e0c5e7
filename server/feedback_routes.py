"""POST /v1/feedback (anyone), GET /v1/feedback (moderator+), POST /v1/feedback/{id}/review (trainer)."""
from __future__ import annotations

import base64
import binascii

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from server import feedback_validation, review_validation, storage
from server.audit import audit
from server.auth import require_role
from server.body import json_body
from server.db import feedback
from server.errors import ApiError
from server.feedback_export import DEFAULT_DOC, jsonl
from server.settings import Settings
from server.validation import invalid

DEFAULT_PAGE = 50
MAX_PAGE = 200
STATUS_FILTERS = ("pending", "reviewed", "all")


async def _store(request: Request, item: feedback_validation.Submission, key: str | None) -> tuple[int, bool]:
    try:
        try:
            return await storage.write(request, feedback.insert, item, key)
        except IntegrityError:
            # Two retries raced past the key check (PostgreSQL); the loser finds the winner's row.
            return await storage.write(request, feedback.insert, item, key)
    except feedback.IdempotencyConflict:
        raise ApiError(409, "idempotency_conflict", "this Idempotency-Key was used with a different body; use a new key") from None


async def submit(request: Request) -> Response:
    settings: Settings = request.state.settings
    body = await json_body(request, settings)
    item = feedback_validation.submission(body, settings.max_text_chars, settings.max_comment_chars)
    key = feedback_validation.idempotency_key(request.headers.get("idempotency-key"))
    feedback_id, created = await _store(request, item, key)
    headers = {} if created else {"Idempotent-Replayed": "true"}
    return JSONResponse({"id": feedback_id}, status_code=201, headers=headers)


async def collection(request: Request) -> Response:
    """`/v1/feedback` is one route, so a 405 there names both methods in `Allow`."""
    return await (listing(request) if request.method in ("GET", "HEAD") else submit(request))


def encode_cursor(after: int) -> str:
    return base64.urlsafe_b64encode(f"after:{after}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().partition(":")
        if kind == "after" and value.isdigit():
            return int(value)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise invalid("invalid_cursor", "`cursor` must be a `next_cursor` from an earlier page")


def _limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_PAGE
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise invalid("invalid_limit", f"`limit` must be a whole number from 1 to {MAX_PAGE}")
    return int(raw)


async def listing(request: Request) -> Response:
    await require_role(request, "moderator")
    status = request.query_params.get("status", "pending")
    if status not in STATUS_FILTERS:
        raise invalid("invalid_status", f"`status` must be one of {', '.join(STATUS_FILTERS)}")
    after, limit = decode_cursor(request.query_params.get("cursor")), _limit(request.query_params.get("limit"))
    items, last = await storage.read(request, feedback.page, None if status == "all" else status, after, limit)
    return JSONResponse({"items": items, "next_cursor": None if last is None else encode_cursor(last)})


def _feedback_id(request: Request) -> int:
    raw = request.path_params["feedback_id"]
    if not raw.isdigit() or len(raw) > 18:
        raise ApiError(404, "feedback_not_found", f"there is no feedback {raw!r}")
    return int(raw)


async def review(request: Request) -> Response:
    caller = await require_role(request, "trainer")
    feedback_id = _feedback_id(request)
    item = review_validation.review(await json_body(request, request.state.settings))
    return JSONResponse(await storage.write(request, feedback.review, feedback_id, item, caller.name))


def _export_lines(conn: Connection, doc: str) -> list[str]:
    return list(jsonl(feedback.reviewed(conn), doc))


async def export(request: Request) -> Response:
    """Reviewed feedback as training JSONL (what `overclaim feedback export --reviewed` writes)."""
    caller = await require_role(request, "moderator")
    doc = request.query_params.get("doc", DEFAULT_DOC)
    if not doc.strip() or len(doc) > 100:
        raise invalid("invalid_doc", "`doc` must be a short non-empty name, such as the file stem you will save it under")
    lines = await storage.read(request, _export_lines, doc)
    await audit(request, caller, "feedback.export", "http", {"records": len(lines), "doc": doc})
    return Response("".join(lines), media_type="application/x-ndjson")
