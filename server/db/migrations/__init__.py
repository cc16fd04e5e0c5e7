"""Schema migrations, applied in this order and never edited once released: add a new module instead.

Each module has `NAME` and `upgrade(conn)`; its position in MIGRATIONS (from 1) is its version.
"""
from __future__ import annotations

from types import ModuleType

from server.db.migrations import m0001_initial

MIGRATIONS: tuple[ModuleType, ...] = (m0001_initial,)
