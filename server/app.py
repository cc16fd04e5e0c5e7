"""The application factory: `create_app(settings)` builds everything; the model loads in the lifespan."""
from __future__ import annotations

import contextlib
import logging
import threading
from functools import partial
from pathlib import Path
from typing import AsyncIterator, Iterator

import anyio
from anyio import CapacityLimiter, to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from threadpoolctl import threadpool_limits

from server.access_log import log_request
from server.cache import ResponseCache
from server.db import open_database
from server.errors import HANDLERS
from server.fetch.resolve import Resolver, system_resolver
from server.metrics import Metrics
from server.model_holder import ModelHolder
from server.observe import ObserveMiddleware
from server.openapi import load_document
from server.ratelimit import RateLimitMiddleware
from server.routes import ROUTES
from server.scoring_pool import PoolSlot
from server.settings import Settings

log = logging.getLogger("overclaim.server")


@contextlib.contextmanager
def scoring_processes(settings: Settings) -> Iterator[PoolSlot | None]:
    """Scoring processes, started in the background (see PoolSlot); None when scoring stays in threads."""
    if settings.scoring_processes <= 0:
        yield None
        return
    slot = PoolSlot()
    args = (settings.scoring_processes, settings.model_dir, settings.model_name)
    starter = threading.Thread(target=slot.fill, args=args, name="scoring-processes", daemon=True)
    starter.start()
    try:
        yield slot
    finally:
        starter.join()
        slot.close()


def create_app(settings: Settings | None = None, resolver: Resolver = system_resolver) -> Starlette:
    """`resolver` (host -> addresses) is what URL scoring looks hosts up with; tests pass a fake one."""
    settings = settings or Settings.from_env()
    metrics, openapi = Metrics(), load_document(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, object]]:
        models = ModelHolder.open(Path(settings.model_dir), settings.model_name, partial(metrics.loaded, settings.model_name))
        log.info("loaded model %s from %s", models.version, settings.model_dir)
        db = await to_thread.run_sync(open_database, settings)  # runs pending migrations
        # Scoring runs in a thread pool; BLAS pools inside it would only contend.
        try:
            with threadpool_limits(limits=1), scoring_processes(settings) as pool:
                async with anyio.create_task_group() as tasks:
                    if settings.model_poll_seconds > 0:
                        tasks.start_soon(models.follow, settings.model_poll_seconds)
                    yield {
                        "models": models,
                        "settings": settings,
                        "limiter": CapacityLimiter(settings.scoring_threads),
                        "resolver": resolver,
                        "db": db,
                        "metrics": metrics,
                        "openapi": openapi,
                        "scoring_pool": pool,
                        "cache": ResponseCache(settings.cache_entries, settings.cache_bytes),
                    }
                    tasks.cancel_scope.cancel()
        finally:
            db.close()

    middleware = [
        Middleware(ObserveMiddleware, sinks=(log_request, metrics.observe)),
        Middleware(RateLimitMiddleware, settings=settings),
    ]
    return Starlette(routes=ROUTES, middleware=middleware, exception_handlers=HANDLERS, lifespan=lifespan)  # type: ignore[arg-type]
