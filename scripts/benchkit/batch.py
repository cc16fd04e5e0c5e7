"""`overclaim batch` articles/s with 1 and 2 local processes and on a Dask LocalCluster of 2 (scripts/bench_batch.py, fewer rounds)."""
from __future__ import annotations

from bench_batch import corpus, measure_all  # scripts/bench_batch.py: scripts/ is on sys.path when bench.py runs

from .context import Context

COPIES = 4  # 1,836 articles: a 2-process run lasts several seconds
REPEATS = 3  # interleaved rounds (1 process, 2 processes, Dask)
STARTUP_REPEATS = 1  # one-article runs that measure start-up CPU


def run(ctx: Context) -> None:
    ctx.figures.update(measure_all(corpus(COPIES), REPEATS, STARTUP_REPEATS))
