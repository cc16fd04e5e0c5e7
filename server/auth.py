"""Who is calling: `Authorization: Bearer KEY` names a moderator or trainer; no header means anonymous.

Other modules guard an endpoint with `principal = await require_role(request, "trainer")`.
"""
from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from server import storage
from server.db import keys
from server.errors import ApiError

ROLES = keys.ROLES  # anonymous < moderator < trainer


@dataclass(frozen=True)
class Principal:
    key_id: int | None
    role: str

    @property
    def name(self) -> str:
        """How the audit trail names this caller."""
        return "anonymous" if self.key_id is None else f"key:{self.key_id}"


ANONYMOUS = Principal(None, "anonymous")


def _unauthorized(message: str, error: str | None = None) -> ApiError:
    challenge = "Bearer" if error is None else f'Bearer error="{error}"'
    return ApiError(401, "unauthorized", message, {"WWW-Authenticate": challenge})


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("send the key as `Authorization: Bearer KEY`", "invalid_request")
    return token.strip()


async def principal(request: Request) -> Principal:
    """The caller; 401 for a key that is unknown or revoked."""
    token = bearer_token(request)
    if token is None:
        return ANONYMOUS
    found = await storage.read(request, keys.find, token)
    if found is None:
        raise _unauthorized("this API key is unknown or revoked; ask for a key with `overclaim keys create`", "invalid_token")
    return Principal(found.id, found.role)


async def require_role(request: Request, role: str) -> Principal:
    """The caller if their role is at least `role`; 401 without a usable key, 403 with too low a one."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    caller = await principal(request)
    if ROLES.index(caller.role) >= ROLES.index(role):
        return caller
    if caller.key_id is None:
        raise _unauthorized(f"this needs a {role} key: send `Authorization: Bearer KEY`")
    raise ApiError(403, "forbidden", f"this needs a {role} key; yours is a {caller.role} key")
