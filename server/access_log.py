"""One JSON line per request on the `overclaim.access` logger: never a body, never the article text."""
from __future__ import annotations

import json
import logging
from dataclasses import asdict

from server.observe import RequestRecord

access_log = logging.getLogger("overclaim.access")


def log_request(record: RequestRecord) -> None:
    access_log.info(json.dumps(asdict(record), separators=(",", ":")))


def configure(level: str) -> None:
    """Log the service's own lines to stderr (uvicorn only configures its own loggers)."""
    root = logging.getLogger("overclaim")
    if root.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    root.addHandler(handler)
    root.setLevel(level.upper())
