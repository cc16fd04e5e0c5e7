"""Feedback rows: store (idempotently), page through, review. Each function runs inside a caller's transaction."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any, Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from server.db import audit
from server.db.clock import iso, now
from server.db.schema import feedback
from server.errors import ApiError
from server.feedback_validation import Review, Submission
from server.review_validation import check_cues

STATUSES = ("pending", "reviewed")


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before with a different body."""


def _by_key(conn: Connection, key: str) -> tuple[int, str] | None:
    row = conn.execute(sa.select(feedback.c.id, feedback.c.request_sha256).where(feedback.c.idempotency_key == key)).first()
    return None if row is None else (int(row[0]), str(row[1]))


def insert(conn: Connection, item: Submission, key: str | None = None) -> tuple[int, bool]:
    """The row's id and whether it is new; a retry under the same key returns the first id."""
    digest = item.sha256()
    if key is not None and (found := _by_key(conn, key)) is not None:
        if found[1] != digest:
            raise IdempotencyConflict(key)
        return found[0], False
    values = {**asdict(item), "categories": list(item.categories), "status": "pending", "created_at": now(),
              "idempotency_key": key, "request_sha256": digest}
    return int(conn.execute(feedback.insert().values(**values).returning(feedback.c.id)).scalar_one()), True


def public(row: Any) -> dict[str, Any]:
    out = {name: row[name] for name in ("id", "text", "verdict", "categories", "url", "model_version", "comment", "status")}
    out["created_at"] = iso(row["created_at"])
    if row["status"] == "reviewed":
        out["review"] = {"label": row["label"], "categories": row["review_categories"], "cues": row["cues"],
                         "reviewer": row["reviewer"], "reviewed_at": iso(row["reviewed_at"])}
    return out


def page(conn: Connection, status: str | None, after: int, limit: int) -> tuple[list[dict[str, Any]], int | None]:
    """Up to `limit` items with id > `after`, oldest first, and the id to continue after (None at the end)."""
    query = sa.select(feedback).where(feedback.c.id > after).order_by(feedback.c.id).limit(limit + 1)
    if status is not None:
        query = query.where(feedback.c.status == status)
    rows = list(conn.execute(query).mappings())
    more = len(rows) > limit
    rows = rows[:limit]
    return [public(r) for r in rows], (int(rows[-1]["id"]) if more else None)


def review(conn: Connection, feedback_id: int, item: Review, reviewer: str) -> dict[str, Any]:
    """Record a review (404 unknown id, 409 already reviewed, 422 cues that don't fit the text)."""
    row = conn.execute(sa.select(feedback).where(feedback.c.id == feedback_id)).mappings().first()
    if row is None:
        raise ApiError(404, "feedback_not_found", f"there is no feedback {feedback_id}")
    if row["status"] == "reviewed":
        raise ApiError(409, "already_reviewed", f"feedback {feedback_id} was reviewed by {row['reviewer']}; reviews are final")
    check_cues(item.cues, row["text"])
    cues = [{"start": c.start, "end": c.end, "text": row["text"][c.start : c.end], "category": c.category} for c in item.cues]
    values = {"status": "reviewed", "label": item.label, "review_categories": list(item.categories), "cues": cues,
              "reviewer": reviewer, "reviewed_at": now()}
    conn.execute(feedback.update().where(feedback.c.id == feedback_id).values(**values))
    audit.write(conn, reviewer, "feedback.review", f"feedback:{feedback_id}", {"label": item.label})
    return public({**row, **values})


def reviewed(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every reviewed row, oldest first."""
    query = sa.select(feedback).where(feedback.c.status == "reviewed").order_by(feedback.c.id)
    yield from conn.execute(query).mappings()
