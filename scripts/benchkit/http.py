"""HTTP end to end against the real server (`overclaim serve`, 1 and 2 workers) at concurrency 1, 8 and 32.

New articles (the 1,500-word article with a unique final sentence, so the response
cache misses), one row of the same article repeated (cache hits), and the HTTP
floor (GET /healthz). Each cell is REPEATS bounded runs of SECONDS each; the
client is httpx's async client in this process, on the same 2 cores as the server, and
bounds the rates it sees; the same article and /healthz are measured again with wrk
(scripts/benchkit/wrk.py), whose figures are the server's.
"""
from __future__ import annotations

import asyncio
import itertools
import os
import tempfile
import time
from typing import Callable

import httpx

from load import local_server  # scripts/load.py: scripts/ is on sys.path when bench.py runs

from . import wrk
from .context import Context
from .summary import Run, Summary, summarize

WORKERS = (1, 2)
CONCURRENCY = (1, 8, 32)
REPEATS = 3
SECONDS = 1.5
FLOOR_SECONDS = 0.75
UNIQUE = itertools.count()

Request = Callable[[httpx.AsyncClient], "asyncio.Future[httpx.Response]"]


async def _client(http: httpx.AsyncClient, send: Request, stop: float, latencies: list[float], statuses: list[int]) -> None:
    while time.monotonic() < stop:
        started = time.perf_counter()
        try:
            statuses.append((await send(http)).status_code)
        except httpx.HTTPError:
            statuses.append(0)
            continue
        latencies.append((time.perf_counter() - started) * 1000)


async def _run(send: Request, concurrency: int, seconds: float) -> Run:
    latencies: list[float] = []
    statuses: list[int] = []
    # One client (one keep-alive connection) per simulated user: a shared pool costs the client more CPU at c=32.
    clients = [httpx.AsyncClient(timeout=30) for _ in range(concurrency)]
    started = time.monotonic()
    await asyncio.gather(*(_client(http, send, started + seconds, latencies, statuses) for http in clients))
    elapsed = time.monotonic() - started
    await asyncio.gather(*(http.aclose() for http in clients))
    return Run(len(statuses), sum(s != 200 for s in statuses), latencies, elapsed)


def cell(send: Request, concurrency: int, seconds: float = SECONDS) -> Summary:
    return summarize([asyncio.run(_run(send, concurrency, seconds)) for _ in range(REPEATS)])


def senders(url: str, text: str) -> dict[str, Request]:
    return {
        "new article": lambda http: http.post(f"{url}/v1/score", json={"text": f"{text} This is note {next(UNIQUE)}."}),
        "same article": lambda http: http.post(f"{url}/v1/score", json={"text": text}),
        "GET /healthz": lambda http: http.get(f"{url}/healthz"),
    }


def wait_workers(url: str, workers: int, timeout: float = 60) -> None:
    """Until `workers` distinct processes have answered /readyz with their scoring processes started
    (until then a worker scores in threads while those processes import and load the model, which
    would be measured as the service's speed)."""
    scoring: dict[int, str] = {}
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=5) as http:
        while time.monotonic() < deadline and (len(scoring) < workers or "starting" in scoring.values()):
            ready = http.get(f"{url}/readyz", headers={"connection": "close"}).json()
            scoring[ready["pid"]] = ready.get("scoring", "threads")
            time.sleep(0.02)


def _row(ctx: Context, workers: int, kind: str, concurrency: int, s: Summary) -> None:
    key = f"http_w{workers}_{kind.split()[0].strip('/')}_c{concurrency}"
    ctx.figures.update({f"{key}_rps": s.rate, f"{key}_p50_ms": s.p50, f"{key}_p99_ms": s.p99, f"{key}_errors": s.errors})
    print(f"{workers:>7} {kind:<13} {concurrency:>5} {s.rate:>8.0f} {s.rate_low:>6.0f}-{s.rate_high:<6.0f}"
          f"{s.p50:>8.2f} {s.p99:>8.2f} {s.errors:>6}")


def _server(ctx: Context, workers: int, data_dir: str) -> list[str]:
    """The httpx rows, printed now; the wrk rows against the same server, returned to print after."""
    with local_server(keep_rate_limits=False, workers=workers, extra_env={"OVERCLAIM_DATA_DIR": data_dir}) as url:
        wait_workers(url, workers)
        send = senders(url, ctx.texts[1500])
        cell(send["new article"], 8, 0.5)  # warm every worker's first requests
        for concurrency in CONCURRENCY:
            _row(ctx, workers, "new article", concurrency, cell(send["new article"], concurrency))
        if workers == 2:
            _row(ctx, workers, "same article", 32, cell(send["same article"], 32))
        for concurrency in CONCURRENCY:
            _row(ctx, workers, "GET /healthz", concurrency, cell(send["GET /healthz"], concurrency, FLOOR_SECONDS))
        return wrk.rows(ctx, url, workers)


def run(ctx: Context) -> None:
    print(f"1,500-word article; {REPEATS} runs of {SECONDS} s per cell ({FLOOR_SECONDS} s for /healthz); "
          f"load average {os.getloadavg()[0]:.1f} at start; client in this process")
    print(f"{'workers':>7} {'request':<13} {'conc.':>5} {'req/s':>8} {'range':>13} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
    with tempfile.TemporaryDirectory() as data_dir:
        wrk_rows = [line for workers in WORKERS for line in _server(ctx, workers, data_dir)]
    wrk.header()
    if wrk_rows:
        print("\n".join(wrk_rows))
        ratios = wrk.floor_ratios(ctx.figures)
        if ratios:
            print(ratios)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
