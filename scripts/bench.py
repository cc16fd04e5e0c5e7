"""`make bench`: how fast Overclaim scores, printed as a table (no timing is asserted anywhere).

    python scripts/bench.py [--only SECTION ...] [--profile FILE]

Each section is a module of scripts/benchkit/ with `run(ctx)`; add one to
SECTIONS to extend the table. In-process figures run on one core (BLAS
threads pinned to 1); articles of 300, 1,500 and 5,000 words are built from
the project's own training sentences, fixed by a seed. The machine may be
shared: each figure is a median, and CPU time is shown beside wall time.
"""
from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Callable  # noqa: E402

from benchkit import batch, embedding, http, inprocess, profiling, serving, targets  # noqa: E402
from benchkit.context import Context, context  # noqa: E402

SECTIONS: dict[str, tuple[str, Callable[[Context], None]]] = {
    "inprocess": ("In-process scoring (one core)", inprocess.run),
    "serving": ("Model and serving process", serving.run),
    "http": ("HTTP end to end (overclaim serve)", http.run),
    "batch": ("Batch scoring (overclaim batch)", batch.run),
    "embedding": ("Against a sentence-embedding classifier (scripts/bench_embedding.py in .venv-embed)", embedding.run),
    "targets": ("Issue 6 targets, from this run", targets.run),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=sorted(SECTIONS), help="run only these sections")
    parser.add_argument("--profile", type=Path, help="also profile scoring with pyinstrument and write it here")
    args = parser.parse_args()
    started = time.perf_counter()
    ctx = context()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, "
          f"Python {platform.python_version()} ({os.path.realpath(sys._base_executable)}); model {ctx.model.card['version']}")
    for name in args.only or SECTIONS:
        title, run = SECTIONS[name]
        print(f"\n## {title}\n")
        run(ctx)
    if args.profile:
        profiling.run(ctx, args.profile)
    print(f"\n(bench took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
