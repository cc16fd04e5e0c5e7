"""Scoring in worker processes (OVERCLAIM_SCORING_PROCESSES > 0), so CPU-bound scoring never holds the
event loop's GIL. Each worker loads the model once, at start; results come back as the encoded JSON body.
"""
from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from starlette.responses import JSONResponse
from threadpoolctl import threadpool_limits

from classifier.api import OverclaimModel, load_model, score_text
from server import serialize
from server.validation import ScoreOptions

# The model of *this worker process*, set once by `_start_worker`; the serving process never uses it.
_WORKER: dict[str, OverclaimModel] = {}


def score_body(model: OverclaimModel, text: str, options: ScoreOptions, extra: dict[str, Any] | None = None) -> tuple[bytes, int]:
    """Score, serialize and encode (all the CPU work of a scoring request): the JSON body, with `extra`
    fields added, and the number of flagged sentences."""
    result = score_text(model, text, options.threshold, options.all_sentences)
    payload: dict[str, Any] = {"model": serialize.model_summary(model.card, options.threshold)}
    payload.update(serialize.scored(text, result, options.offset_encoding, model.lexicon.messages, options.all_sentences))
    payload.update(extra or {})
    return JSONResponse(payload).body, result.flagged


def _start_worker(model_dir: str, model_name: str) -> None:
    threadpool_limits(limits=1)
    _WORKER["model"] = load_model(Path(model_dir), model_name)


def _score_in_worker(text: str, options: ScoreOptions, extra: dict[str, Any] | None) -> tuple[bytes, int]:
    return score_body(_WORKER["model"], text, options, extra)


def _loaded() -> bool:
    return "model" in _WORKER


def start_pool(processes: int, model_dir: str, model_name: str) -> ProcessPoolExecutor:
    """Start every worker and wait until each has loaded the model, so readiness means ready."""
    context = multiprocessing.get_context("spawn")  # no fork of a process running an event loop and threads
    pool = ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker, initargs=(model_dir, model_name))
    assert all(f.result() for f in [pool.submit(_loaded) for _ in range(processes)])
    return pool


async def score_in_pool(
    pool: ProcessPoolExecutor, text: str, options: ScoreOptions, extra: dict[str, Any] | None = None
) -> tuple[bytes, int]:
    return await asyncio.get_running_loop().run_in_executor(pool, _score_in_worker, text, options, extra)
