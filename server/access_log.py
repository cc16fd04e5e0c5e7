"""One JSON line per request on the `overclaim.access` logger: never a body, never the article text."""
from __future__ import annotations

import json
import logging

from server.observe import RequestRecord

access_log = logging.getLogger("overclaim.access")


def log_request(record: RequestRecord) -> None:
    if access_log.isEnabledFor(logging.INFO):  # no JSON built for a line nobody keeps
        # vars(), not asdict(): the fields are flat, so asdict's deep copy only costs time.
        access_log.info(json.dumps(vars(record), separators=(",", ":")))


def configure(level: str) -> None:
    """Log the service's own lines to stderr (uvicorn only configures its own loggers)."""
    root = logging.getLogger("overclaim")
    if root.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    root.addHandler(handler)
    root.setLevel(level.upper())
