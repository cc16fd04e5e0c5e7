"""The command line's way into the feedback database: the service's settings, migrations applied first."""
from __future__ import annotations

import getpass

from server.db import Database, open_database
from server.settings import Settings


def database() -> Database:
    return open_database(Settings.from_env())


def operator() -> str:
    """How the audit trail names whoever runs the command."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"
