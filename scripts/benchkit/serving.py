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
from server.settings import PROJECT_ROOT

from .context import Context, free_port
from .http import wait_workers

HTTP_REQUESTS = 100
LOADS = 5
# One load in a fresh process, after the imports: what starting a worker costs. A second load in
# the same process is faster (compiled patterns and other caches are warm), and is not what matters.
FIRST_LOAD = ("import sys, time; from pathlib import Path; from classifier.api import load_model; "
              "t = time.perf_counter(); load_model(Path(sys.argv[1])); print(time.perf_counter() - t)")


def first_load_s(model_dir: Path) -> float:
    """Median over LOADS fresh processes of the time `load_model` takes (hash check, unpickling, warm-up)."""
    runs = [float(subprocess.run([sys.executable, "-c", FIRST_LOAD, str(model_dir)], capture_output=True, text=True,
                                 check=True, cwd=PROJECT_ROOT).stdout) for _ in range(LOADS)]
    return statistics.median(runs)


def wait_first_score(url: str, text: str) -> None:
    """Until the service at `url` answers a scoring request (it may not be listening yet)."""
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
        wait_first_score(url, text)
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
    load_s = first_load_s(ctx.model_dir)
    size_mb = (active_dir(ctx.model_dir) / "overclaim.joblib").stat().st_size / 1e6
    serving = serving_process(ctx.texts[1500])
    ctx.figures.update({**serving, "model_load_s": load_s})
    print(f"model file {size_mb:.2f} MB; model load {load_s:.3f} s (median of {LOADS} first loads, each in a fresh process)")
    print(f"serving process: cold start to first scored request {serving['cold_start_s']:.2f} s, "
          f"peak resident memory {serving['rss_peak_mb']:.0f} MB, "
          f"HTTP p50 (1,500 words, sequential) {serving['http_p50_ms']:.2f} ms scored, "
          f"{serving['http_hit_p50_ms']:.2f} ms from the response cache")
