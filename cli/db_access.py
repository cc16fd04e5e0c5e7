"""The command line's way into the feedback database: the service's settings, migrations applied first."""
from __future__ import annotations

import contextlib
import getpass
from typing import Iterator

from server.db import Database, open_database
from server.settings import Settings


@contextlib.contextmanager
def database() -> Iterator[Database]:
    db = open_database(Settings.from_env())
    try:
        yield db
    finally:
        db.close()


def operator() -> str:
    """How the audit trail names whoever runs the command."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"
