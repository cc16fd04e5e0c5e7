"""`make bench`: how fast Overclaim scores, printed as a table (no timing is asserted anywhere).

In-process figures run on one core (BLAS threads pinned to 1). Articles are
built from the project's own training sentences, fixed by a seed.
"""
from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import json  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Callable  # noqa: E402

import httpx  # noqa: E402

from classifier.api import load_model, score_text, segment  # noqa: E402
from classifier.dataset import data_files, load_records  # noqa: E402
from classifier.layout import active_dir  # noqa: E402
from classifier.scoring import _match  # noqa: E402
from server import serialize  # noqa: E402
from server.settings import PROJECT_ROOT  # noqa: E402

MODEL_DIR = PROJECT_ROOT / "models"
REPEATS = 200


def article(words: int, seed: int = 7) -> str:
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


def timed(fn: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float]:
    """Median and interquartile range of fn's wall time, in ms."""
    fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    q = statistics.quantiles(samples, n=4)
    return statistics.median(samples), q[2] - q[0]


def stages(model, text: str) -> dict[str, tuple[float, float]]:  # type: ignore[no-untyped-def]
    """The steps of score_text, timed one by one on the same article."""
    sentences = segment(text)
    texts = [s.text for s in sentences]
    (_, words), (_, lexicon) = model.pipeline.named_steps["features"].transformer_list
    X = model.pipeline[:-1].transform(texts)
    probabilities, hits = model.predict_with_hits(texts)
    flagged = [(s, p, h) for s, p, h in zip(sentences, probabilities, hits) if p[0] >= model.threshold]
    result = score_text(model, text)
    return {
        "segmentation": timed(lambda: segment(text)),
        "word n-grams": timed(lambda: words.transform(texts)),
        "lexicon": timed(lambda: lexicon.transform_with_hits(texts)),
        "model": timed(lambda: model.pipeline[-1].positive_proba(X)),
        "cues": timed(lambda: [_match(model, s, p, h) for s, p, h in flagged]),
        "json": timed(lambda: json.dumps(serialize.scored(text, result, "utf16", model.lexicon.messages, False))),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serving_process(text: str) -> dict[str, float]:
    """Cold start to first scored request, and the serving process's resident memory."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        cwd=PROJECT_ROOT, env={**os.environ, "OVERCLAIM_LOG_LEVEL": "warning"},
    )
    try:
        while True:
            try:
                if httpx.post(f"{url}/v1/score", json={"text": text}, timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        cold = time.perf_counter() - started
        with httpx.Client() as client:
            latencies = []
            for _ in range(100):
                t = time.perf_counter()
                client.post(f"{url}/v1/score", json={"text": text}).raise_for_status()
                latencies.append((time.perf_counter() - t) * 1000)
        status = Path(f"/proc/{proc.pid}/status").read_text()
        peak_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
        return {"cold_start_s": cold, "rss_peak_mb": peak_kb / 1024, "http_p50_ms": statistics.median(latencies)}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    started = time.perf_counter()
    model = load_model(MODEL_DIR)
    load_s = min(timed(lambda: load_model(MODEL_DIR), repeats=5)[0] / 1000, time.perf_counter() - started)
    size_mb = (active_dir(MODEL_DIR) / "overclaim.joblib").stat().st_size / 1e6
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; model {model.card['version']}")
    print(f"\n{'article':>10} {'sentences':>9} {'median ms':>10} {'IQR ms':>7} {'articles/s (1 core)':>20}")
    texts = {words: article(words) for words in (300, 1500, 5000)}
    for words, text in texts.items():
        median, iqr = timed(lambda: score_text(model, text))
        print(f"{words:>5} words {len(segment(text)):>9} {median:>10.2f} {iqr:>7.2f} {1000 / median:>20.0f}")
    print("\nstages for the 1,500-word article (median ms, IQR):")
    parts = stages(model, texts[1500])
    total = sum(m for m, _ in parts.values())
    for name, (median, iqr) in parts.items():
        print(f"  {name:<13} {median:6.3f}  ±{iqr:5.3f}  {100 * median / total:4.0f}%")
    print(f"  (sum of stages {total:.2f} ms)")
    serving = serving_process(texts[1500])
    print(f"\nmodel file {size_mb:.2f} MB; model load {load_s:.3f} s")
    print(f"serving process: cold start to first scored request {serving['cold_start_s']:.2f} s, "
          f"peak resident memory {serving['rss_peak_mb']:.0f} MB, HTTP p50 (1,500 words, sequential) {serving['http_p50_ms']:.2f} ms")


if __name__ == "__main__":
    main()
