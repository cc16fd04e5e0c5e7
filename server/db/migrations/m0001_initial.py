"""Version 1: feedback, api_keys and audit. A frozen copy of the tables as first released."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

NAME = "initial"


def _tables(metadata: sa.MetaData) -> None:
    when = sa.DateTime(timezone=True)
    sa.Table(
        "feedback", metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("categories", sa.JSON, nullable=False),
        sa.Column("url", sa.Text), sa.Column("model_version", sa.String(100)), sa.Column("comment", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("label", sa.String(16)), sa.Column("review_categories", sa.JSON), sa.Column("cues", sa.JSON),
        sa.Column("reviewer", sa.String(64)), sa.Column("reviewed_at", when),
        sa.Column("created_at", when, nullable=False),
        sa.Column("idempotency_key", sa.String(200), unique=True), sa.Column("request_sha256", sa.String(64)),
        sa.Index("ix_feedback_status_id", "status", "id"),
        sqlite_autoincrement=True,
    )
    sa.Table(
        "api_keys", metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False), sa.Column("note", sa.String(200)),
        sa.Column("created_at", when, nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False), sa.Column("revoked_at", when),
        sqlite_autoincrement=True,
    )
    sa.Table(
        "audit", metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("who", sa.String(64), nullable=False), sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target", sa.String(200), nullable=False), sa.Column("at", when, nullable=False),
        sa.Column("detail", sa.JSON),
        sqlite_autoincrement=True,
    )


def upgrade(conn: Connection) -> None:
    metadata = sa.MetaData()
    _tables(metadata)
    metadata.create_all(conn)
