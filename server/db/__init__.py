"""Storage for feedback, API keys and the audit trail (SQLAlchemy Core)."""
from __future__ import annotations

from server.db.engine import Database, database_url, make_engine
from server.db.migrate import migrate
from server.settings import Settings


def open_database(settings: Settings) -> Database:
    """Connect to the configured database and bring its schema up to date."""
    db = Database(make_engine(database_url(settings), settings.db_busy_timeout_ms))
    try:
        migrate(db)
    except BaseException:
        db.close()
        raise
    return db
