"""Running batch chunks here or on a pool of local processes, answers in input order, a bounded number in flight."""
from __future__ import annotations

import contextlib
import multiprocessing
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Callable, Iterator, Sequence

from threadpoolctl import threadpool_limits

from cli import batch_work
from cli.batch_input import Job
from cli.batch_order import ordered
from cli.batch_work import Answered, ModelRef
from server.validation import ScoreOptions

Chunks = Iterator[Sequence[Job]]
Runner = Callable[[Chunks], Iterator[Answered]]


@contextlib.contextmanager
def in_process(ref: ModelRef, options: ScoreOptions) -> Iterator[Runner]:
    model = batch_work.checked_model(ref)
    with threadpool_limits(limits=1):
        yield lambda chunks: (batch_work.answer(model, chunk, options) for chunk in chunks)


def _pool_results(pool: ProcessPoolExecutor, chunks: Chunks, options: ScoreOptions, window: int) -> Iterator[Answered]:
    pending: dict[Future[Answered], int] = {}
    finished: list[tuple[int, Answered]] = []

    def start(index: int, chunk: Sequence[Job]) -> None:
        pending[pool.submit(batch_work.answer_in_worker, chunk, options)] = index

    def next_done() -> tuple[int, Answered]:
        if not finished:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            finished.extend((pending.pop(future), future.result()) for future in done)
        return finished.pop()

    return ordered(chunks, window, start, next_done)


def warm_up(pool: ProcessPoolExecutor, workers: int) -> set[int]:
    """Every process started with its model loaded (each warm task waits for the others): the pids."""
    return set(pool.map(batch_work.warm, [workers] * workers))


def start_pool(ref: ModelRef, workers: int) -> ProcessPoolExecutor:
    """`workers` processes that each load the model once (forkserver: no threads or locks inherited); warm_up before use."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["cli.batch_work"])
    barrier = context.Barrier(workers)
    return ProcessPoolExecutor(workers, mp_context=context, initializer=batch_work.init_worker, initargs=(ref, barrier))


@contextlib.contextmanager
def process_pool(ref: ModelRef, options: ScoreOptions, workers: int) -> Iterator[Runner]:
    """Chunks scored on `workers` local processes, all ready before the first chunk, four chunks in flight each."""
    pool = start_pool(ref, workers)
    try:
        warm_up(pool, workers)
        yield lambda chunks: _pool_results(pool, chunks, options, window=4 * workers)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
