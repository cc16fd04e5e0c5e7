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
from server.validation import ScoreRequest

# The model of *this worker process*, set once by `_start_worker`; the serving process never uses it.
_WORKER: dict[str, OverclaimModel] = {}


def score_body(model: OverclaimModel, req: ScoreRequest) -> tuple[bytes, int]:
    """Score, serialize and encode: all the CPU work of a scoring request, as the JSON body and the flagged count."""
    result = score_text(model, req.text, req.options.threshold, req.options.all_sentences)
    payload: dict[str, Any] = {"model": serialize.model_summary(model.card, req.options.threshold)}
    payload.update(serialize.scored(req.text, result, req.options.offset_encoding, model.lexicon.messages, req.options.all_sentences))
    return JSONResponse(payload).body, result.flagged


def _start_worker(model_dir: str, model_name: str) -> None:
    threadpool_limits(limits=1)
    _WORKER["model"] = load_model(Path(model_dir), model_name)


def _score_in_worker(req: ScoreRequest) -> tuple[bytes, int]:
    return score_body(_WORKER["model"], req)


def _loaded() -> bool:
    return "model" in _WORKER


def start_pool(processes: int, model_dir: str, model_name: str) -> ProcessPoolExecutor:
    """Start every worker and wait until each has loaded the model, so readiness means ready."""
    context = multiprocessing.get_context("spawn")  # no fork of a process running an event loop and threads
    pool = ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker, initargs=(model_dir, model_name))
    assert all(f.result() for f in [pool.submit(_loaded) for _ in range(processes)])
    return pool


async def score_in_pool(pool: ProcessPoolExecutor, req: ScoreRequest) -> tuple[bytes, int]:
    return await asyncio.get_running_loop().run_in_executor(pool, _score_in_worker, req)
