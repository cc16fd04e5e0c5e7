"""`make load`: drive a real Overclaim server with concurrent clients and report throughput, latency and /healthz.

Loopback only, bounded in time and requests. Without --url it starts `overclaim serve` on a free
loopback port with rate limiting off (--keep-rate-limits keeps the defaults); with --url it drives
a server already running on loopback and refuses any other host.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import os
import random
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import urlsplit

import httpx

from benchkit.context import article, free_port  # scripts/ is on sys.path when this file runs
from server.settings import PROJECT_ROOT

SHORT_WORDS = (20, 60, 150)
RATE_LIMITS_OFF = {"OVERCLAIM_RATE_LIMIT_ANON_RATE": "0", "OVERCLAIM_RATE_LIMIT_KEY_RATE": "0"}


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"short": [], "long": []})
    statuses: Counter[str] = field(default_factory=Counter)
    health: list[float] = field(default_factory=list)
    health_errors: int = 0


def loopback_url(url: str) -> str:
    """The URL of a running server, refused unless its host is loopback; waits until it is ready."""
    host = urlsplit(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SystemExit(f"refusing {url}: load goes to loopback hosts only")
    wait_ready(url.rstrip("/"))
    return url.rstrip("/")


@contextlib.contextmanager
def local_server(keep_rate_limits: bool, workers: int = 1, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "OVERCLAIM_LOG_LEVEL": "warning", **({} if keep_rate_limits else RATE_LIMITS_OFF), **(extra_env or {})}
    cmd = [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def wait_ready(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"{url} did not become ready in {timeout:.0f} s")


def texts(max_chars: int) -> dict[str, list[str]]:
    """Short articles of a few sizes, and texts just under the server's max_text_chars."""
    long_source = article(max_chars // 4, seed=11)
    longs = [long_source[i * 97 : i * 97 + max_chars - 100] for i in range(3)]
    return {"short": [article(words, seed=s) for s, words in enumerate(SHORT_WORDS)], "long": longs}


async def client_loop(http: httpx.AsyncClient, url: str, pool: dict[str, list[str]], args: argparse.Namespace,
                      results: Results, budget: list[int], stop: float) -> None:
    rng = random.Random(id(results) ^ len(budget))
    while time.monotonic() < stop and budget[0] > 0:
        budget[0] -= 1
        kind = "long" if rng.random() < args.long_share else "short"
        text = f"Request {budget[0]}. {rng.choice(pool[kind])}"  # unique, so the response cache never answers
        started = time.perf_counter()
        try:
            response = await http.post(f"{url}/v1/score", json={"text": text})
            results.statuses[str(response.status_code)] += 1
        except httpx.HTTPError as exc:
            results.statuses[type(exc).__name__] += 1
            continue
        results.latencies[kind].append((time.perf_counter() - started) * 1000)


async def health_loop(url: str, results: Results, stop: float, every: float = 0.05) -> None:
    async with httpx.AsyncClient(timeout=10) as http:
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                ok = (await http.get(f"{url}/healthz")).status_code == 200
            except httpx.HTTPError:
                ok = False
            results.health.append((time.perf_counter() - started) * 1000)
            results.health_errors += 0 if ok else 1
            await asyncio.sleep(every)


async def drive(url: str, args: argparse.Namespace) -> tuple[Results, float]:
    max_chars = httpx.get(f"{url}/openapi.json").json()["components"]["schemas"]["ScoreRequest"]["properties"]["text"]["maxLength"]
    pool, results, budget = texts(max_chars), Results(), [args.max_requests]
    limits = httpx.Limits(max_connections=args.concurrency)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        started = time.monotonic()
        stop = started + args.duration
        loops = [client_loop(http, url, pool, args, results, budget, stop) for _ in range(args.concurrency)]
        await asyncio.gather(health_loop(url, results, stop), *loops)
    return results, time.monotonic() - started


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def report(results: Results, elapsed: float, args: argparse.Namespace) -> bool:
    done = sum(len(v) for v in results.latencies.values())
    errors = {s: n for s, n in results.statuses.items() if s != "200"}
    everything = results.latencies["short"] + results.latencies["long"]
    print(f"load: {args.concurrency} clients, {elapsed:.1f} s, long share {args.long_share:.0%}, cpus {os.cpu_count()}")
    print(f"requests answered  {done}  ({done / elapsed:.1f} req/s)")
    for kind, values in (("all", everything), *results.latencies.items()):
        print(f"  {kind:<5} n={len(values):<5} p50 {pct(values, 0.5):8.1f} ms   p99 {pct(values, 0.99):8.1f} ms")
    print(f"errors by status   {errors or 'none'}")
    print(f"/healthz           n={len(results.health)} p50 {pct(results.health, 0.5):.1f} ms  "
          f"p99 {pct(results.health, 0.99):.1f} ms  max {max(results.health, default=float('nan')):.1f} ms  "
          f"failures {results.health_errors}")
    met = not errors and results.health_errors == 0 and pct(results.health, 0.99) < 100
    print("target (zero errors, /healthz p99 < 100 ms):", "met" if met else "NOT met")
    return met


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", help="a running server on loopback (default: start one)")
    p.add_argument("--duration", type=float, default=20.0, help="seconds of load (at most 120)")
    p.add_argument("--max-requests", type=int, default=5000, help="stop after this many scoring requests")
    p.add_argument("--concurrency", type=int, default=8, help="concurrent scoring clients")
    p.add_argument("--long-share", type=float, default=0.2, help="share of requests sending a maximum-length text")
    p.add_argument("--keep-rate-limits", action="store_true", help="start the server with its default rate limits")
    args = p.parse_args(argv)
    args.duration = min(args.duration, 120.0)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    with contextlib.ExitStack() as stack:
        url = loopback_url(args.url) if args.url else stack.enter_context(local_server(args.keep_rate_limits))
        results, elapsed = asyncio.run(drive(url, args))
    return 0 if report(results, elapsed, args) else 1


if __name__ == "__main__":
    sys.exit(main())
