"""The model file and one serving process: size, load time, cold start, resident memory."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from load import RATE_LIMITS_OFF  # scripts/load.py: scripts/ is on sys.path when bench.py runs

from classifier.layout import active_dir
from classifier.api import load_model
from server.settings import PROJECT_ROOT

from .context import Context, free_port, timed
from .http import wait_workers

HTTP_REQUESTS = 100


def _wait_first_score(url: str, text: str) -> None:
    while True:
        try:
            if httpx.post(f"{url}/v1/score", json={"text": text}, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.05)


def _sequential_p50(url: str, text: str, repeat: bool) -> float:
    """Median latency of sequential requests: the same article (cache hits) or a new one each time."""
    latencies = []
    with httpx.Client() as client:
        for i in range(HTTP_REQUESTS):
            body = {"text": text if repeat else f"{text} ({i})"}
            t = time.perf_counter()
            client.post(f"{url}/v1/score", json=body).raise_for_status()
            latencies.append((time.perf_counter() - t) * 1000)
    return statistics.median(latencies)


def serving_process(text: str) -> dict[str, float]:
    """Cold start to first scored request, peak resident memory, sequential HTTP p50 (misses and cache hits)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    data_dir = tempfile.TemporaryDirectory()
    env = {**os.environ, "OVERCLAIM_LOG_LEVEL": "warning", "OVERCLAIM_DATA_DIR": data_dir.name, **RATE_LIMITS_OFF}
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=PROJECT_ROOT, env=env)
    try:
        _wait_first_score(url, text)
        cold = time.perf_counter() - started
        wait_workers(url, 1)  # the latencies below are the service's once its scoring processes run
        p50 = _sequential_p50(url, text, repeat=False)
        hit_p50 = _sequential_p50(url, text, repeat=True)
        status = Path(f"/proc/{proc.pid}/status").read_text()
        peak_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
        return {"cold_start_s": cold, "rss_peak_mb": peak_kb / 1024, "http_p50_ms": p50, "http_hit_p50_ms": hit_p50}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        data_dir.cleanup()


def run(ctx: Context) -> None:
    load_s = timed(lambda: load_model(ctx.model_dir), repeats=5).median / 1000
    size_mb = (active_dir(ctx.model_dir) / "overclaim.joblib").stat().st_size / 1e6
    serving = serving_process(ctx.texts[1500])
    ctx.figures.update({**serving, "model_load_s": load_s})
    print(f"model file {size_mb:.2f} MB; model load {load_s:.3f} s")
    print(f"serving process: cold start to first scored request {serving['cold_start_s']:.2f} s, "
          f"peak resident memory {serving['rss_peak_mb']:.0f} MB, "
          f"HTTP p50 (1,500 words, sequential) {serving['http_p50_ms']:.2f} ms scored, "
          f"{serving['http_hit_p50_ms']:.2f} ms from the response cache")
