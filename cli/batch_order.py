"""Chunks in flight on workers, answers released in input order, memory bounded by a window.

A chunk counts against the window from when it is started until its answer has
been released to the writer, so a slow chunk at the head holds back new work
instead of letting finished answers pile up behind it.
"""
from __future__ import annotations

from itertools import islice
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

T = TypeVar("T")
C = TypeVar("C")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def ordered(chunks: Iterable[C], window: int, start: Callable[[int, C], None], next_done: Callable[[], tuple[int, T]]) -> Iterator[T]:
    """Answers in chunk order; `start(index, chunk)` begins a chunk, `next_done()` blocks until one finishes.

    At most `window` chunks are started and not yet yielded at any time.
    """
    numbered = enumerate(chunks)
    waiting: dict[int, T] = {}
    released = started = 0
    while True:
        for index, chunk in islice(numbered, released + window - started):
            start(index, chunk)
            started += 1
        if released == started:
            return
        index, value = next_done()
        waiting[index] = value
        while released in waiting:
            yield waiting.pop(released)
            released += 1
