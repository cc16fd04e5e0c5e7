"""Scoring in worker processes (OVERCLAIM_SCORING_PROCESSES > 0), so CPU-bound scoring never holds the
event loop's GIL. Each worker loads the model once, at start; results come back as the encoded JSON body.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from threadpoolctl import threadpool_limits

from classifier.api import OverclaimModel, load_checked, load_model, score_text
from server import serialize
from server.validation import ScoreOptions

log = logging.getLogger("overclaim.server")

# The model of *this worker process*, loaded by `_start_worker` and again when the service swaps
# versions (`_model_for`); the serving process never uses it.
_WORKER: dict[str, Any] = {}


def score_body(model: OverclaimModel, text: str, options: ScoreOptions, extra: dict[str, Any] | None = None) -> tuple[bytes, int]:
    """Score, serialize and encode (all the CPU work of a scoring request): the JSON body, with `extra`
    fields added, and the number of flagged sentences."""
    result = score_text(model, text, options.threshold, options.all_sentences)
    payload: dict[str, Any] = {"model": serialize.model_summary(model.card, options.threshold)}
    payload.update(serialize.scored(text, result, options.offset_encoding, model.lexicon.messages, options.all_sentences))
    payload.update(extra or {})
    return serialize.encode(payload), result.flagged


def _start_worker(model_dir: str, model_name: str) -> None:
    threadpool_limits(limits=1)
    _WORKER.update(root=Path(model_dir), name=model_name, model=load_model(Path(model_dir), model_name))


def _model_for(version: str) -> OverclaimModel:
    """The worker's model, switched to `version` (hash-checked, from the model directory) if it differs."""
    model: OverclaimModel = _WORKER["model"]
    if model.card["version"] != version:
        model = _WORKER["model"] = load_checked(_WORKER["root"], version, _WORKER["name"])
    return model


def _score_in_worker(version: str, text: str, options: ScoreOptions, extra: dict[str, Any] | None) -> tuple[bytes, int]:
    return score_body(_model_for(version), text, options, extra)


def _loaded() -> bool:
    return "model" in _WORKER


def start_pool(processes: int, model_dir: str, model_name: str) -> ProcessPoolExecutor:
    """Start every worker and wait until each has loaded the model. Workers are forked from a fork server
    that imports this module once (not from the serving process, which runs an event loop and threads),
    so each starts with the classifier and scikit-learn imported and only loads the model."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    pool = ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker, initargs=(model_dir, model_name))
    loaded = [pool.submit(_loaded) for _ in range(processes)]
    if not all(f.result() for f in loaded):  # waits for each: the pool is ready when this returns, even under -O
        pool.shutdown()
        raise RuntimeError("a scoring process started without its model")
    return pool


class PoolSlot:
    """The scoring processes, filled in the background once every one has loaded the model, so the service
    is ready as soon as its own model is; until then (or if they fail to start) requests score in threads."""

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.ready = threading.Event()

    def fill(self, processes: int, model_dir: str, model_name: str) -> None:
        try:
            self.pool = start_pool(processes, model_dir, model_name)
        except Exception:  # a worker that cannot load the model: keep scoring in threads, and say why
            log.exception("scoring processes did not start; scoring stays in threads")
        finally:
            self.ready.set()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def state(slot: PoolSlot | None) -> str:
    """Where this process scores now: "processes", "starting" (in threads until they have loaded the model)
    or "threads" (by setting, or because they could not start)."""
    if slot is None or (slot.ready.is_set() and slot.pool is None):
        return "threads"
    return "processes" if slot.ready.is_set() else "starting"


async def score_in_pool(
    pool: ProcessPoolExecutor, version: str, text: str, options: ScoreOptions, extra: dict[str, Any] | None = None
) -> tuple[bytes, int]:
    """Score in a worker with model `version`: the one the serving process holds for this request."""
    return await asyncio.get_running_loop().run_in_executor(pool, _score_in_worker, version, text, options, extra)
