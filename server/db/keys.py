"""API keys: a random token shown once; only its SHA-256 is stored and compared in constant time."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from server.db import audit
from server.db.clock import iso, now
from server.db.schema import api_keys

ROLES = ("anonymous", "moderator", "trainer")
KEY_ROLES = ROLES[1:]
PREFIX = "ovc_"


@dataclass(frozen=True)
class StoredKey:
    id: int
    role: str


def hash_key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(conn: Connection, role: str, who: str, note: str | None = None) -> tuple[int, str]:
    """A new key's id and token; the token is not stored and cannot be shown again."""
    if role not in KEY_ROLES:
        raise ValueError(f"role {role!r} is not one of {', '.join(KEY_ROLES)}")
    token = PREFIX + secrets.token_urlsafe(32)
    values = {"key_hash": hash_key(token), "role": role, "note": note, "created_at": now(), "revoked": False}
    key_id = int(conn.execute(api_keys.insert().values(**values).returning(api_keys.c.id)).scalar_one())
    audit.write(conn, who, "key.create", f"key:{key_id}", {"role": role, "note": note})
    return key_id, token


def find(conn: Connection, token: str) -> StoredKey | None:
    """The live key this token belongs to, or None."""
    digest = hash_key(token)
    row = conn.execute(sa.select(api_keys).where(api_keys.c.key_hash == digest)).mappings().first()
    if row is None or row["revoked"] or not hmac.compare_digest(row["key_hash"], digest):
        return None
    return StoredKey(row["id"], row["role"])


def revoke(conn: Connection, key_id: int, who: str) -> bool:
    """Revoke a key; False when there is no such key. Revoking twice is harmless and audited once."""
    done = conn.execute(
        api_keys.update().where(api_keys.c.id == key_id, api_keys.c.revoked.is_(False)).values(revoked=True, revoked_at=now())
    ).rowcount
    if done:
        audit.write(conn, who, "key.revoke", f"key:{key_id}")
    exists = conn.execute(sa.select(api_keys.c.id).where(api_keys.c.id == key_id)).first()
    return exists is not None


def listing(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(sa.select(api_keys).order_by(api_keys.c.id)).mappings()
    return [
        {"id": r["id"], "role": r["role"], "note": r["note"], "created_at": iso(r["created_at"]),
         "revoked": bool(r["revoked"]), "revoked_at": iso(r["revoked_at"])}
        for r in rows
    ]
