"""The model a service scores with, swapped whole while requests keep the one they started with.

Made in the lifespan and reached through `request.state.models`. A request
reads `holder.model` once, at its start, and scores with that object to its
end; a swap only rebinds the attribute, so requests in flight finish on the
old model while new ones get the new. With several worker processes each has
its own holder: `follow` re-reads the registry's ACTIVE file every
`model_poll_seconds`, so a reload or `overclaim models activate` that one
worker or the command line made reaches every worker within that time.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

import anyio
from anyio import to_thread

from classifier.api import ModelError, OverclaimModel, activate, active_version, load_model

log = logging.getLogger("overclaim.server")


class ModelHolder:
    def __init__(self, root: Path, name: str, model: OverclaimModel, on_swap: Callable[[str], None] | None = None) -> None:
        self.root = root
        self.name = name
        self.model = model
        self._on_swap = on_swap
        self._lock = anyio.Lock()
        self._refused: str | None = None

    @classmethod
    def open(cls, root: Path, name: str, on_swap: Callable[[str], None] | None = None) -> "ModelHolder":
        """The active model of `root`; `on_swap(version)` is called now and after every swap."""
        holder = cls(root, name, load_model(root, name), on_swap)
        if on_swap:
            on_swap(holder.version)
        return holder

    @property
    def version(self) -> str:
        return str(self.model.card["version"])

    def _swap(self, model: OverclaimModel) -> str:
        previous, self.model = self.version, model
        log.info("model %s replaces %s", model.card["version"], previous)
        if self._on_swap:
            self._on_swap(self.version)
        return previous

    async def reload(self, version: str | None = None) -> str:
        """Load ACTIVE's model (or activate `version` first) and swap it in; return the version replaced.

        A model that does not load (ModelError) is refused, and the old one keeps serving.
        """
        async with self._lock:
            if version is None:
                model = await to_thread.run_sync(load_model, self.root, self.name)
            else:
                model = await to_thread.run_sync(activate, self.root, version, self.name)
            self._refused = None
            return self._swap(model)

    async def sync(self) -> None:
        """Follow ACTIVE if another process changed it; a model that fails to load is logged once."""
        pointer = await to_thread.run_sync(active_version, self.root)
        if pointer is None or pointer in (self.version, self._refused):
            return
        try:
            await self.reload()
        except ModelError as exc:
            self._refused = pointer
            log.error("ACTIVE names %s, which does not load; still serving %s: %s", pointer, self.version, exc)

    async def follow(self, interval: float) -> None:
        while True:
            await anyio.sleep(interval)
            try:
                await self.sync()
            except (OSError, ModelError) as exc:
                log.error("cannot follow %s: %s", self.root, exc)
