"""`overclaim serve`: the Starlette app under uvicorn."""
from __future__ import annotations

import argparse
import os

from cli.arguments import positive
from server.settings import Settings, describe

# How long uvicorn's supervisor waits for a worker to answer its health ping
# before killing it. Its default (5 s) kills workers that are still loading
# the model on a busy machine, leaving fewer workers than asked for.
WORKER_HEALTHCHECK_S = 30


def add(p: argparse.ArgumentParser) -> None:
    p.description = "Run the scoring service. Settings come from the environment:\n" + describe()
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=positive, default=1, help="worker processes; each loads the model once (default 1)")
    p.set_defaults(run=run)


def scoring_processes(workers: int) -> int:
    """`overclaim serve`'s default OVERCLAIM_SCORING_PROCESSES: the cores shared out among the workers,
    so scoring never holds the event loop's GIL (see README, "Load")."""
    return max(1, (os.cpu_count() or 1) // workers)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from server.access_log import configure

    # Workers read their settings from the environment; an explicit value (0 for threads) wins.
    os.environ.setdefault("OVERCLAIM_SCORING_PROCESSES", str(scoring_processes(args.workers)))
    settings = Settings.from_env()
    configure(settings.log_level)
    uvicorn.run(
        "server.app:create_app", factory=True, host=args.host, port=args.port, workers=args.workers,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S, log_level=settings.log_level, access_log=False,
        proxy_headers=False,  # X-Forwarded-For is read by server/client_ip.py, only from OVERCLAIM_TRUSTED_PROXIES
    )
    return 0
