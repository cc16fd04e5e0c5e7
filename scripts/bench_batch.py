"""Batch throughput: `overclaim batch` articles/s with 1 and 2 local processes and on a Dask LocalCluster of 2.

Corpus: each training_data/ article's sentences joined, in `--copies` rotations
of their order (459 distinct articles per copy, fixed).

What is timed: every art/s figure is the rate the command prints, which counts
from the moment every worker holds the model (the local pool warmed up, the
Dask plugin registered on every worker) to the last line written: start-up is
left out on both paths alike. `wall s` is the whole command, start-up included.

Fair and stable: one input file for all; every run's output must be the same
bytes as the first run's (checked); runs are interleaved (1 process, 2
processes, Dask, then the next round) so a burst of other people's load on this
shared machine falls on all paths alike, and Dask / local is the median of the
per-round ratios. CPU ms/art is the CPU time of every process involved (the
command, pool workers, forkserver, Dask workers, nannies, this process, which
hosts the scheduler) per article, start-up left out by subtracting the CPU of a
one-article run: other load barely changes it, so it says what an idle machine
would show. Usage: python scripts/bench_batch.py [--repeats N] [--copies K]
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from classifier.api import load_model, score_text
from classifier.dataset import data_files, load_records
from server.settings import PROJECT_ROOT

RATE = re.compile(r"in ([\d.]+) s: (\d+) articles/s")
TARGET_RATIO = 0.8


@dataclass(frozen=True)
class Run:
    rate: float  # articles/s as the command prints it (workers ready to last line)
    wall: float  # seconds, start-up included
    cpu: float  # CPU seconds of every process involved
    digest: str  # SHA-256 of the output file


@dataclass(frozen=True)
class Config:
    label: str
    args: list[str]


def corpus(copies: int) -> list[dict[str, str]]:
    docs: dict[str, list[str]] = {}
    for record in load_records(data_files(PROJECT_ROOT / "training_data")):
        docs.setdefault(record.doc, []).append(record.text)
    return [
        {"id": f"{doc}#{k}", "text": " ".join(texts[k % len(texts):] + texts[: k % len(texts)])}
        for k in range(copies) for doc, texts in sorted(docs.items())
    ]


def _tree_cpu() -> dict[int, float]:
    """CPU seconds so far of all descendants (the command, its pool, the cluster) and of this process's
    other threads (the LocalCluster's scheduler), leaving out the main thread, which only samples."""
    me = psutil.Process()
    main = threading.main_thread().native_id
    seen = {me.pid: sum(t.user_time + t.system_time for t in me.threads() if t.id != main)}
    for process in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            seen[process.pid] = times.user + times.system
    return seen


def one_run(source: Path, out: Path, args: list[str]) -> Run:
    """One `overclaim batch` run, sampling CPU every 50 ms (a process that exits keeps its last sample)."""
    out.unlink(missing_ok=True)
    before = _tree_cpu()
    seen = dict(before)
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as stdout:
        command = subprocess.Popen([sys.executable, "-m", "cli.main", "batch", str(source), "-o", str(out), *args],
                                   cwd=PROJECT_ROOT, stdout=stdout, stderr=subprocess.DEVNULL, text=True)
        while command.poll() is None:
            seen.update(_tree_cpu())
            time.sleep(0.05)
        wall = time.perf_counter() - started
        seen.update(_tree_cpu())
        stdout.seek(0)
        report = stdout.read()
    match = RATE.search(report)
    if command.returncode != 0 or match is None:
        raise SystemExit(f"overclaim batch {' '.join(args)} failed (exit {command.returncode}): {report}")
    cpu = sum(value - before.get(pid, 0.0) for pid, value in seen.items())
    return Run(float(match.group(2)), wall, cpu, hashlib.sha256(out.read_bytes()).hexdigest())


def rounds(paths: list[Config], source: Path, out: Path, repeats: int) -> dict[str, list[Run]]:
    """`repeats` rounds, each running every path once, in reverse order every other round; prints one line per round."""
    runs: dict[str, list[Run]] = {p.label: [] for p in paths}
    for number in range(1, repeats + 1):
        load = os.getloadavg()[0]
        for path in paths if number % 2 else paths[::-1]:
            runs[path.label].append(one_run(source, out, path.args))
        rates = "  ".join(f"{p.label.split()[0]} {runs[p.label][-1].rate:.0f}" for p in paths)
        print(f"  round {number}: load {load:.1f}: {rates} art/s; Dask/local {runs[paths[-1].label][-1].rate / runs[paths[-2].label][-1].rate:.2f}",
              flush=True)
    return runs


def startup_cpu(paths: list[Config], tiny: Path, out: Path, repeats: int) -> dict[str, float]:
    """Median CPU seconds of a one-article run per path: start-up, to subtract from the full runs."""
    return {p.label: statistics.median(one_run(tiny, out, p.args).cpu for _ in range(repeats)) for p in paths}


def ceiling(articles: list[dict[str, str]]) -> float:
    """score_text alone in this process (no JSON, no I/O) per CPU-second: what one core can do at most."""
    model = load_model(PROJECT_ROOT / "models")
    started = time.process_time()
    for article in articles[:300]:
        score_text(model, article["text"])
    return min(300, len(articles)) / (time.process_time() - started)


def row(label: str, runs: list[Run], count: int, startup: float) -> float:
    rates = [r.rate for r in runs]
    median = statistics.median(rates)
    ms_per_article = 1000 * statistics.median(max(r.cpu - startup, 0.0) for r in runs) / count
    print(f"  {label:<32} {median:>7.0f} {min(rates):>6.0f}-{max(rates):<6.0f} {statistics.median(r.wall for r in runs):>7.1f} "
          f"{ms_per_article:>9.2f} {startup:>9.1f}")
    return median


def _write_inputs(articles: list[dict[str, str]], folder: Path) -> tuple[Path, Path]:
    source, tiny = folder / "in.jsonl", folder / "one.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    tiny.write_text(json.dumps(articles[0]) + "\n", encoding="utf-8")
    return source, tiny


def _cluster_paths(address: str) -> list[Config]:
    return [Config("1-process (--workers 1)", ["--workers", "1"]), Config("2-process (--workers 2)", ["--workers", "2"]),
            Config("Dask (LocalCluster 2x1)", ["--scheduler", address])]


def verdict(runs: dict[str, list[Run]], labels: list[str], startup: dict[str, float], count: int) -> float:
    """Print the Dask / local lines; return the median per-round ratio."""
    local, dask = labels[1], labels[2]
    ratios = [d.rate / l.rate for d, l in zip(runs[dask], runs[local])]
    ratio = statistics.median(ratios)
    cpu = {k: statistics.median(r.cpu - startup[k] for r in runs[k]) / count for k in (local, dask)}
    print(f"  Dask / local (2 workers), per round: {' '.join(f'{r:.2f}' for r in ratios)}; median {ratio:.2f}: "
          f"within 20% {'met' if ratio >= TARGET_RATIO else 'NOT met'}")
    print(f"  CPU per article, local / Dask: {cpu[local] / cpu[dask]:.2f} (the throughput ratio an idle machine would give)")
    return ratio


def measure_all(articles: list[dict[str, str]], repeats: int, startup_repeats: int = 2) -> dict[str, float]:
    """Print the batch table for `articles` (median of `repeats` interleaved rounds) and return its figures."""
    from distributed import LocalCluster

    words = statistics.median(len(a["text"].split()) for a in articles)
    n = len(articles)
    with tempfile.TemporaryDirectory() as tmp, \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1") as cluster:
        source, tiny = _write_inputs(articles, Path(tmp))
        out = Path(tmp) / "out.jsonl"
        paths = _cluster_paths(cluster.scheduler_address)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"batch: {n} articles (median {words:.0f} words) from training_data/, {os.cpu_count()} cores "
              f"(load average {load} at start), {repeats} interleaved rounds; art/s timed from workers ready to last line")
        runs = rounds(paths, source, out, repeats)
        startup = startup_cpu(paths, tiny, out, startup_repeats)
    labels = [p.label for p in paths]
    digests = {r.digest for rs in runs.values() for r in rs}
    print(f"  {'':<32} {'art/s':>7} {'range':>13} {'wall s':>7} {'CPU ms/art':>9} {'start CPU s':>9}")
    one, two, dask = (row(label, runs[label], n, startup[label]) for label in labels)
    print(f"  output: {'the same bytes in every run' if len(digests) == 1 else f'{len(digests)} DIFFERENT outputs'}; "
          f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} at end")
    top = ceiling(articles)
    print(f"  2 processes: {two:.0f} articles/s against the target 1,500 ({'met' if two >= 1500 else 'NOT met'}); scaling 1->2: {two / one:.2f}x; "
          f"score_text alone: {top:.0f} articles per CPU-second on one core")
    ratio = verdict(runs, labels, startup, n)
    return {"batch_w1_aps": one, "batch_w2_aps": two, "batch_dask_aps": dask, "batch_dask_ratio": ratio}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--copies", type=int, default=4)
    args = parser.parse_args()
    measure_all(corpus(args.copies), args.repeats)


if __name__ == "__main__":
    main()
