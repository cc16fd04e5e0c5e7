"""The application factory: `create_app(settings)` builds everything; the model loads in the lifespan."""
from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import AsyncIterator

import anyio
from anyio import CapacityLimiter, to_thread
from starlette.applications import Starlette
from threadpoolctl import threadpool_limits

from server.db import open_database
from server.errors import HANDLERS
from server.model_holder import ModelHolder
from server.routes import ROUTES
from server.settings import Settings

log = logging.getLogger("overclaim.server")


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, object]]:
        models = ModelHolder.open(Path(settings.model_dir), settings.model_name)
        log.info("loaded model %s from %s", models.version, settings.model_dir)
        db = await to_thread.run_sync(open_database, settings)  # runs pending migrations
        # Scoring runs in a thread pool; BLAS pools inside it would only contend.
        try:
            with threadpool_limits(limits=1):
                async with anyio.create_task_group() as tasks:
                    if settings.model_poll_seconds > 0:
                        tasks.start_soon(models.follow, settings.model_poll_seconds)
                    yield {"models": models, "settings": settings, "limiter": CapacityLimiter(settings.scoring_threads), "db": db}
                    tasks.cancel_scope.cancel()
        finally:
            db.close()

    return Starlette(routes=ROUTES, exception_handlers=HANDLERS, lifespan=lifespan)  # type: ignore[arg-type]
