"""Batch throughput: `overclaim batch` articles/s with 1 and 2 local processes and on a Dask LocalCluster.

The corpus is built from training_data/: each article's sentences joined, in
four rotations of their order (1,132 distinct articles, fixed). Each figure is
the median (and range) over repeated runs, as printed by the command itself
(scoring time, after workers have loaded the model); wall time includes
process start-up; art/CPU-s divides the articles by the CPU seconds of every
process involved (command, pool workers, Dask workers and scheduler), which a
shared machine's load does not lower: cores x art/CPU-s is what an idle
machine could reach. Usage: python scripts/bench_batch.py [--repeats N] [--copies K]
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from classifier.api import load_model, score_text
from classifier.dataset import data_files, load_records
from server.settings import PROJECT_ROOT

RATE = re.compile(r"in ([\d.]+) s: (\d+) articles/s")


def corpus(copies: int) -> list[dict[str, str]]:
    docs: dict[str, list[str]] = {}
    for record in load_records(data_files(PROJECT_ROOT / "training_data")):
        docs.setdefault(record.doc, []).append(record.text)
    return [
        {"id": f"{doc}#{k}", "text": " ".join(texts[k % len(texts):] + texts[: k % len(texts)])}
        for k in range(copies) for doc, texts in sorted(docs.items())
    ]


def _own_cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def _sample(tree: dict[int, float], root: psutil.Process) -> None:
    """Record the CPU seconds of `root` and its descendants so far (processes that just exited are kept as last seen)."""
    with contextlib.suppress(psutil.Error):
        for process in [root, *root.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                tree[process.pid] = _own_cpu(process)


def one_run(source: Path, out: Path, extra: list[str], cluster: list[psutil.Process]) -> tuple[float, float, float]:
    """Articles/s as the command reports it, wall seconds with start-up, and CPU seconds of every process involved."""
    out.unlink(missing_ok=True)
    outside = time.process_time() + sum(_own_cpu(p) for p in cluster)
    tree: dict[int, float] = {}
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as stdout:
        command = psutil.Popen([sys.executable, "-m", "cli.main", "batch", str(source), "-o", str(out), *extra],
                               cwd=PROJECT_ROOT, stdout=stdout, stderr=subprocess.DEVNULL, text=True)
        while command.poll() is None:
            _sample(tree, command)
            time.sleep(0.05)
        wall = time.perf_counter() - started
        stdout.seek(0)
        report = stdout.read()
    cpu = sum(tree.values()) + time.process_time() + sum(_own_cpu(p) for p in cluster) - outside
    return float(RATE.search(report).group(2)), wall, cpu  # type: ignore[union-attr]


def measure(label: str, source: Path, out: Path, extra: list[str], repeats: int, count: int, cluster: list[psutil.Process]) -> float:
    runs = [one_run(source, out, extra, cluster) for _ in range(repeats)]
    rates = [r for r, _, _ in runs]
    median = statistics.median(rates)
    per_cpu = statistics.median(count / cpu for _, _, cpu in runs)
    print(f"  {label:<34} {median:>8.0f} {min(rates):>6.0f}-{max(rates):<6.0f} {statistics.median(w for _, w, _ in runs):>7.1f} {per_cpu:>10.0f}")
    return median


def ceiling(articles: list[dict[str, str]]) -> float:
    """score_text alone in this process (no JSON, no I/O) per CPU-second: what one core can do at most.

    CPU time, not wall time, so that other work on a shared machine does not lower it.
    """
    model = load_model(PROJECT_ROOT / "models")
    started = time.process_time()
    for article in articles[:300]:
        score_text(model, article["text"])
    return 300 / (time.process_time() - started)


def measure_all(articles: list[dict[str, str]], repeats: int) -> dict[str, float]:
    """Print the batch table for `articles` (median of `repeats` runs per row) and return its figures."""
    from distributed import Client, LocalCluster

    words = statistics.median(len(a["text"].split()) for a in articles)
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        source.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"batch: {len(articles)} articles (median {words:.0f} words) from training_data/, {os.cpu_count()} cores "
              f"(load average {load} at start), median of {repeats} runs")
        print(f"  {'':<34} {'art/s':>8} {'range':>13} {'wall s':>7} {'art/CPU-s':>10}  (CPU-s include start-up)")
        top = ceiling(articles)
        print(f"  {'score_text only (1 process)':<34} {'':>8} {'':>13} {'':>7} {top:>10.0f}")
        n = len(articles)
        one = measure("overclaim batch --workers 1", source, out, ["--workers", "1"], repeats, n, [])
        two = measure("overclaim batch --workers 2", source, out, ["--workers", "2"], repeats, n, [])
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1") as cluster:
            with Client(cluster) as client:
                workers = [psutil.Process(pid) for pid in client.run(os.getpid).values()]
            dask = measure("--scheduler (LocalCluster 2x1)", source, out, ["--scheduler", cluster.scheduler_address], repeats, n, workers)
    print(f"  2 processes: {two:.0f} articles/s against the target 1,500 ({'met' if two >= 1500 else 'NOT met'}); "
          f"scaling 1->2: {two / one:.2f}x; 1 process reaches {one / top:.0%} of the score_text ceiling")
    print(f"  Dask / local (2 workers): {dask / two:.2f} ({'within' if dask >= 0.8 * two else 'NOT within'} 20%)")
    return {"batch_w1_aps": one, "batch_w2_aps": two, "batch_dask_aps": dask}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--copies", type=int, default=4)
    args = parser.parse_args()
    measure_all(corpus(args.copies), args.repeats)


if __name__ == "__main__":
    main()
