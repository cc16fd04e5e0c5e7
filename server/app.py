"""The application factory: `create_app(settings)` builds everything; the model loads in the lifespan."""
from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import AsyncIterator

from anyio import CapacityLimiter
from starlette.applications import Starlette
from threadpoolctl import threadpool_limits

from classifier.api import load_model
from server.cache import ResponseCache
from server.errors import HANDLERS
from server.routes import ROUTES
from server.settings import Settings

log = logging.getLogger("overclaim.server")


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, object]]:
        model = load_model(Path(settings.model_dir), settings.model_name)
        log.info("loaded model %s from %s", model.card["version"], settings.model_dir)
        # Scoring runs in a thread pool; BLAS pools inside it would only contend.
        with threadpool_limits(limits=1):
            cache = ResponseCache(settings.cache_entries, settings.cache_bytes)
            yield {"model": model, "settings": settings, "limiter": CapacityLimiter(settings.scoring_threads), "cache": cache}

    return Starlette(routes=ROUTES, exception_handlers=HANDLERS, lifespan=lifespan)  # type: ignore[arg-type]
