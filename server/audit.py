"""Record an admin action in the audit table: `await audit(request, principal, "model.activate", "model:v3")`."""
from __future__ import annotations

from typing import Any

from starlette.requests import Request

from server import storage
from server.auth import Principal
from server.db import audit as audit_table


async def audit(request: Request, principal: Principal, action: str, target: str, detail: dict[str, Any] | None = None) -> None:
    await storage.write(request, audit_table.write, principal.name, action, target, detail)
