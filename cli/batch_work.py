"""What a batch worker does: load the model once, then turn chunks of jobs into JSON lines.

Workers return the finished JSON lines of each chunk as UTF-8 bytes, so the parent only
writes bytes: no result objects are pickled back and no JSON is built twice.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import anyio
from threadpoolctl import threadpool_limits

from classifier.api import ModelError, OverclaimModel, load_model
from cli.batch_input import Job
from server import serialize
from server.batch import score_document
from server.errors import ApiError
from server.fetch.resolve import system_resolver
from server.fetch.source import Source, fetch_source
from server.settings import Settings
from server.validation import BatchDocument, ScoreOptions, url_field

# The model of a pool worker process and the pool's start-up barrier, set once by
# its initializer (a process is one worker; the parent never touches this).
_WORKER: dict[str, OverclaimModel | ModelError | threading.Barrier] = {}
# How long a pool process waits for its siblings to start and load the model.
START_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class ModelRef:
    """Which model to load, and the SHA-256 every worker's copy must have."""

    directory: str
    name: str
    sha256: str


@dataclass(frozen=True)
class Answered:
    lines: bytes  # UTF-8 JSON lines, appended to the output as they are
    scored: int
    errors: int


def checked_model(ref: ModelRef) -> OverclaimModel:
    """The model from its directory (hash-checked by load_model), refused if it is not the one the run named."""
    model = load_model(Path(ref.directory), ref.name)
    if model.card["sha256"] != ref.sha256:
        raise ModelError(f"{ref.directory} holds model {model.card['version']}, not the one this run started with ({ref.sha256[:12]}…)")
    return model


def fetched(url: str) -> Source:
    """The page at `url` through the service's fetcher, with this process's settings (OVERCLAIM_FETCH_*) and DNS."""
    settings = Settings.from_env()
    checked = url_field(url, settings.max_url_chars)
    return anyio.run(fetch_source, checked, settings, system_resolver, anyio.CapacityLimiter(1))


def _scored(model: OverclaimModel, doc: BatchDocument, options: ScoreOptions) -> dict[str, Any]:
    item = score_document(model, doc, options)
    item["model"] = serialize.model_summary(model.card, options.threshold)
    return item


def _answer(model: OverclaimModel, job: Job, options: ScoreOptions) -> dict[str, Any]:
    """A text is scored; a URL is fetched first (its failure becomes an error record), its `source` added."""
    if job.text is not None:
        return _scored(model, BatchDocument(job.id, job.text), options)
    try:
        source = fetched(job.url or "")
    except ApiError as exc:
        return {"id": job.id, "error": {"code": exc.code, "message": exc.message}}
    return {**_scored(model, BatchDocument(job.id, source.text), options), "source": source.as_json()}


def answer(model: OverclaimModel, jobs: Sequence[Job], options: ScoreOptions) -> Answered:
    items = [_answer(model, job, options) for job in jobs]
    errors = sum(1 for item in items if "error" in item)
    return Answered(b"".join(serialize.encode(item) + b"\n" for item in items), len(items) - errors, errors)


def one_thread_each() -> None:
    """Native (BLAS/OpenMP) pools of one thread: with a process per core, more only spin against each other."""
    threadpool_limits(limits=1)


def init_worker(ref: ModelRef, barrier: threading.Barrier) -> None:
    """A pool process's initializer: load the model, or keep why not for the first task to raise."""
    one_thread_each()
    _WORKER["barrier"] = barrier
    try:
        _WORKER["model"] = checked_model(ref)
    except ModelError as exc:
        _WORKER["error"] = exc


def _worker_model() -> OverclaimModel:
    model = _WORKER.get("model")
    if not isinstance(model, OverclaimModel):
        raise ModelError(str(_WORKER.get("error", "this worker process has no model")))
    return model


def answer_in_worker(jobs: Sequence[Job], options: ScoreOptions) -> Answered:
    return answer(_worker_model(), jobs, options)


def warm(workers: int) -> int:
    """The pool's first task, one per process: returns once all `workers` processes hold it, so all have loaded the model.

    Without the wait, one quick process could take every warm task while another
    is still loading, and that load would be counted as scoring time.
    """
    barrier = _WORKER.get("barrier")
    if not isinstance(barrier, threading.Barrier) or barrier.parties != workers:
        raise ModelError("warm() runs only as the first task of a pool started by process_pool")
    try:
        barrier.wait(START_TIMEOUT_S)
    except threading.BrokenBarrierError:
        raise ModelError(f"the {workers} worker processes did not all start within {START_TIMEOUT_S:.0f} s") from None
    _worker_model()
    return os.getpid()
