"""The audit trail: who did which admin action to what, and when. Written in the action's own transaction."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from server.db.clock import iso, now
from server.db.schema import audit


def write(conn: Connection, who: str, action: str, target: str, detail: dict[str, Any] | None = None) -> None:
    conn.execute(audit.insert().values(who=who[:64], action=action[:64], target=target[:200], at=now(), detail=detail))


def recent(conn: Connection, limit: int = 100) -> list[dict[str, Any]]:
    rows = conn.execute(sa.select(audit).order_by(audit.c.id.desc()).limit(limit)).mappings()
    return [{**row, "at": iso(row["at"])} for row in rows]
