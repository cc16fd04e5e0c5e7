"""What every bench section shares: the model, the fixed corpus, timing helpers."""
from __future__ import annotations

import random
import socket
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from classifier.api import OverclaimModel, load_model
from classifier.dataset import data_files, load_records
from server.settings import PROJECT_ROOT

MODEL_DIR = PROJECT_ROOT / "models"
LENGTHS = (300, 1500, 5000)
REPEATS = 200


@dataclass(frozen=True)
class Timing:
    """Milliseconds: wall-clock median and interquartile range, the CPU-time median
    (the figure least disturbed by other work on a shared machine), and the
    fastest run (what the code costs when nothing else gets in its way)."""

    median: float
    iqr: float
    cpu: float
    best: float = float("nan")


@dataclass
class Context:
    model: OverclaimModel
    texts: dict[int, str]
    model_dir: Path = MODEL_DIR
    figures: dict[str, float] = field(default_factory=dict)


def article(words: int, seed: int = 7) -> str:
    """About `words` words of the training articles' own sentences, in an order fixed by `seed`."""
    records = load_records(data_files(PROJECT_ROOT / "training_data" / "train"))
    docs: dict[str, list[str]] = {}
    for r in records:
        docs.setdefault(r.doc, []).append(r.text)
    order = sorted(docs)
    random.Random(seed).shuffle(order)
    parts, count = [], 0
    for doc in order:
        for text in docs[doc]:
            parts.append(text)
            count += len(text.split())
            if count >= words:
                return " ".join(parts)
    return " ".join(parts)


def timed(fn: Callable[[], object], repeats: int = REPEATS) -> Timing:
    fn()
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.thread_time()
        fn()
        cpu.append((time.thread_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    q = statistics.quantiles(wall, n=4)
    return Timing(statistics.median(wall), q[2] - q[0], statistics.median(cpu), min(wall))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def context() -> Context:
    return Context(load_model(MODEL_DIR), {words: article(words) for words in LENGTHS})
