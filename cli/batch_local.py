"""Running batch chunks here or on a pool of local processes, keeping a bounded number in flight."""
from __future__ import annotations

import contextlib
import multiprocessing
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

from threadpoolctl import threadpool_limits

from cli import batch_work
from cli.batch_input import Job
from cli.batch_work import Answered, ModelRef
from server.validation import ScoreOptions

T = TypeVar("T")
Chunks = Iterator[Sequence[Job]]
Runner = Callable[[Chunks], Iterator[tuple[int, Answered]]]


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def in_order(done: Iterable[tuple[int, T]]) -> Iterator[T]:
    """Values tagged with their chunk's index, released in index order as soon as each is next."""
    waiting: dict[int, T] = {}
    following = 0
    for index, value in done:
        waiting[index] = value
        while following in waiting:
            yield waiting.pop(following)
            following += 1


@contextlib.contextmanager
def in_process(ref: ModelRef, options: ScoreOptions) -> Iterator[Runner]:
    model = batch_work.checked_model(ref)
    with threadpool_limits(limits=1):
        yield lambda chunks: ((i, batch_work.answer(model, chunk, options)) for i, chunk in enumerate(chunks))


def _pool_results(pool: ProcessPoolExecutor, chunks: Chunks, options: ScoreOptions, window: int) -> Iterator[tuple[int, Answered]]:
    numbered = enumerate(chunks)
    pending: dict[Future[Answered], int] = {}
    while True:
        for index, chunk in islice(numbered, window - len(pending)):
            pending[pool.submit(batch_work.answer_in_worker, chunk, options)] = index
        if not pending:
            return
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            yield pending.pop(future), future.result()


@contextlib.contextmanager
def process_pool(ref: ModelRef, options: ScoreOptions, workers: int) -> Iterator[Runner]:
    """`workers` processes that each load the model once (forkserver: no threads or locks inherited)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["cli.batch_work"])
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=batch_work.init_worker, initargs=(ref,))
    try:
        list(pool.map(batch_work.warm, range(workers)))
        yield lambda chunks: _pool_results(pool, chunks, options, window=4 * workers)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
