"""`overclaim serve`: the Starlette app under uvicorn."""
from __future__ import annotations

import argparse

from server.settings import Settings, describe


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="run the HTTP service",
        description="Run the scoring service. Settings come from the environment:\n" + describe(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from server.access_log import configure

    settings = Settings.from_env()
    configure(settings.log_level)
    uvicorn.run("server.app:create_app", factory=True, host=args.host, port=args.port, log_level=settings.log_level)
    return 0
