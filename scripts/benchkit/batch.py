"""`overclaim batch` articles/s with 1 and 2 local processes and on a Dask LocalCluster of 2 (scripts/bench_batch.py, smaller)."""
from __future__ import annotations

from bench_batch import corpus, measure_all  # scripts/bench_batch.py: scripts/ is on sys.path when bench.py runs

from .context import Context

COPIES = 1  # 283 articles, one rotation of each training article
REPEATS = 3


def run(ctx: Context) -> None:
    ctx.figures.update(measure_all(corpus(COPIES), REPEATS))
