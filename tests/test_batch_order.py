"""cli/batch_order.py: answers come out in input order, and a slow head chunk bounds the work in flight."""
from __future__ import annotations

import random
from typing import Iterator

import pytest

from cli.batch_order import ordered


class Workers:
    """Chunks started and finished in an order the test chooses; records how many were outstanding at most."""

    def __init__(self, finish: str) -> None:
        self.running: list[int] = []
        self.finish = finish
        self.released = 0
        self.started = 0
        self.most_outstanding = 0
        self.random = random.Random(7)

    def start(self, index: int, chunk: str) -> None:
        self.running.append(index)
        self.started += 1
        self.most_outstanding = max(self.most_outstanding, self.started - self.released)

    def next_done(self) -> tuple[int, str]:
        if self.finish == "head-last":
            pick = max(self.running)
        elif self.finish == "random":
            pick = self.random.choice(self.running)
        else:
            pick = min(self.running)
        self.running.remove(pick)
        return pick, f"answer {pick}"


@pytest.mark.parametrize("finish", ["in-order", "head-last", "random"])
@pytest.mark.parametrize("window", [1, 3, 8])
def test_answers_are_released_in_input_order_with_at_most_window_outstanding(finish: str, window: int) -> None:
    workers = Workers(finish)
    answers = []
    for answer in ordered((f"chunk {i}" for i in range(40)), window, workers.start, workers.next_done):
        answers.append(answer)
        workers.released += 1
    assert answers == [f"answer {i}" for i in range(40)]
    assert workers.most_outstanding == window


def test_no_chunks_no_answers() -> None:
    workers = Workers("in-order")
    assert list(ordered(iter([]), 4, workers.start, workers.next_done)) == []
    assert workers.started == 0


def test_chunks_are_read_lazily_as_the_window_allows() -> None:
    read: list[int] = []

    def chunks() -> Iterator[str]:
        for i in range(10):
            read.append(i)
            yield f"chunk {i}"

    workers = Workers("in-order")
    stream = ordered(chunks(), 2, workers.start, workers.next_done)
    assert next(stream) == "answer 0" and read == [0, 1]
