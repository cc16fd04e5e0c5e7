"""`make profile-http`: where the service's CPU goes, sampled by py-spy (the bench extra).

    python scripts/profile_http.py [--seconds 4] [--out reports/profile-http.txt]

First the cold start: py-spy starts `overclaim serve` and samples it until its first scored
request, broken down by what the process was doing (importing which package, loading the
model, the rest). Then under load: `overclaim serve --workers 1` (with its default scoring
processes) driven by wrk at concurrency 32 (the same article, answered from the response cache;
then a new article every request) while py-spy samples the serving process and its scoring
processes. py-spy samples only threads that are running, so a share of samples is a share of
CPU time; time spent in C (uvloop, httptools, the socket calls, orjson, numpy) counts to the
innermost Python frame that called it. Writes a breakdown by package and the top functions.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

from benchkit import wrk
from benchkit.context import article, free_port
from benchkit.http import wait_workers
from benchkit.serving import wait_first_score
from load import RATE_LIMITS_OFF, local_server
from server.settings import PROJECT_ROOT

RATE = 200  # samples per second
PY_SPY = str(Path(sys.executable).parent / "py-spy")
CONCURRENCY = 32
# With --subprocesses each stack starts with its process and that process's ancestors, innermost last:
# `process PID:"command line";` (a command line may hold ";" and newlines, never a double quote; the
# last one has no ";" when the sample holds no Python frame).
PROCESS = re.compile(r'process (\d+):"[^"]*";?')
RECORD_END = re.compile(r" (\d+)\n")
NO_PYTHON_FRAME = "(no Python frame: the process is starting or in native code)"
FRAME_FILE = re.compile(r"\(([^()]*?):\d+\)$")
# Innermost frame's file -> what the time is spent on (first match wins; a file's first path part otherwise).
PACKAGES = [
    ("classifier/", "classifier (scoring)"),
    ("server/", "overclaim server (server/)"),
    ("uvicorn/", "uvicorn (HTTP protocol; httptools and uvloop in C)"),
    ("starlette/", "starlette (routing, requests, responses)"),
    ("asyncio/", "asyncio and the event loop"),
    ("anyio/", "anyio"),
    ("concurrent/", "process pool (hand-off to scoring processes)"),
    ("multiprocessing/", "process pool (hand-off to scoring processes)"),
    ("threading.py", "process pool (hand-off to scoring processes)"),
    ("prometheus_client/", "metrics (prometheus_client)"),
    ("numpy/", "numpy / scipy / scikit-learn"),
    ("scipy/", "numpy / scipy / scikit-learn"),
    ("sklearn/", "numpy / scipy / scikit-learn"),
]


@dataclass
class Profile:
    """Samples of one process role: by package of the innermost frame, and by innermost function."""

    samples: int = 0
    packages: Counter[str] = field(default_factory=Counter)
    functions: Counter[str] = field(default_factory=Counter)

    def add(self, group: str, frames: list[str], count: int) -> None:
        self.samples += count
        self.packages[group] += count
        self.functions[frames[-1]] += count


def package(frame: str) -> str:
    match = FRAME_FILE.search(frame)
    path = match.group(1) if match else frame
    for prefix, name in PACKAGES:
        if path.startswith(prefix):
            return name
    return f"other ({path.split('/')[0]})"


def records(raw: str) -> list[tuple[int | None, list[str], int]]:
    """py-spy's raw (collapsed) output as (innermost process id, frames outermost first, samples)."""
    found, start = [], 0
    for end in RECORD_END.finditer(raw if raw.endswith("\n") else raw + "\n"):
        record, start = raw[start:end.start()], end.end()
        pids = [int(pid) for pid in PROCESS.findall(record)]
        frames = [f for f in PROCESS.sub("", record).split(";") if f] or [NO_PYTHON_FRAME]
        found.append((pids[-1] if pids else None, frames, int(end.group(1))))
    return found


def summarize(raw: str, serving_pid: int) -> dict[str, Profile]:
    """py-spy's raw stacks, split into the serving process and the scoring processes."""
    roles = {"serving process": Profile(), "scoring processes": Profile()}
    for pid, frames, count in records(raw):
        role = roles["serving process" if pid is None or pid == serving_pid else "scoring processes"]
        role.add(package(frames[-1]), frames, count)
    return roles


def report(title: str, roles: dict[str, Profile], grouped_by: str = "the innermost frame's package", top: int = 12) -> str:
    lines = [f"## {title}", ""]
    total = sum(p.samples for p in roles.values()) or 1
    for name, p in roles.items():
        if not p.samples:
            continue
        lines.append(f"{name}: {p.samples} samples ({p.samples / total:.0%} of all), by {grouped_by}:")
        lines += [f"  {n / p.samples:6.1%}  {pkg}" for pkg, n in p.packages.most_common()]
        lines.append(f"  top {top} functions (innermost frame):")
        lines += [f"  {n / p.samples:6.1%}  {fn}" for fn, n in p.functions.most_common(top)]
        lines.append("")
    return "\n".join(lines)


def startup_phase(frames: list[str]) -> str:
    """What a sample of the starting service was doing: importing which third-party package (the
    outermost module body outside the project), loading the model, opening the database, or the rest."""
    for frame in frames:
        if frame.startswith("<module> ("):
            path = FRAME_FILE.search(frame)
            top = path.group(1).split("/")[0] if path else ""
            if top and top not in ("classifier", "server", "cli") and not top.startswith("<"):
                return f"importing {top.removesuffix('.py')}"
    if any(f.startswith(("load_model ", "ModelHolder.open ")) for f in frames):
        return "loading the model (hash check, unpickling, warm-up)"
    if any(f.startswith("open_database ") for f in frames):
        return "opening the database"
    if any(f.startswith("_find_and_load ") for f in frames):
        return "importing the project's own modules"
    return "the rest (uvicorn start, first request, the scoring processes' start-up)"


def cold_start(text: str, data_dir: str) -> tuple[float, Profile]:
    """Seconds from start to the first scored request, and py-spy's samples of the serving process until then."""
    port = free_port()
    env = {**os.environ, "OVERCLAIM_LOG_LEVEL": "warning", "OVERCLAIM_DATA_DIR": data_dir, **RATE_LIMITS_OFF}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp, "raw.txt")
        started = time.perf_counter()
        spy = psutil.Popen([PY_SPY, "record", "--rate", str(RATE), "--format", "raw",
                            "--output", str(out), "--", sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
                           cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_first_score(f"http://127.0.0.1:{port}", text)
        seconds = time.perf_counter() - started
        for server in spy.children():
            server.terminate()
        spy.wait(timeout=30)
        profile = Profile()
        for _, frames, count in records(out.read_text()):
            profile.add(startup_phase(frames), frames, count)
    return seconds, profile


def sampled(pid: int, seconds: int, load: list[str]) -> tuple[str, str]:
    """py-spy's raw stacks of `pid` and its children while `load` (a wrk command) runs, and wrk's output."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp, "raw.txt")
        spy = subprocess.Popen([PY_SPY, "record", "--pid", str(pid), "--subprocesses",
                                "--duration", str(seconds + 1), "--rate", str(RATE), "--format", "raw", "--output", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)  # attached before the load starts
        done = subprocess.run(load, capture_output=True, text=True, timeout=seconds + 30)
        spy.wait(timeout=seconds + 30)
        return out.read_text(), done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "reports" / "profile-http.txt")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: make bench-deps")
    text = article(1500)
    sections = [f"py-spy, {RATE} samples/s: `overclaim serve` from its start to its first scored request, then "
                f"`overclaim serve --workers 1` while wrk drives it at concurrency {CONCURRENCY} for {args.seconds} s per "
                "scenario; 1,500-word article. py-spy pauses the process for each sample, so the times and rates below "
                "are slower than `make bench`'s.", ""]
    with tempfile.TemporaryDirectory() as tmp:
        seconds, profile = cold_start(text, tmp)
    sections.append(report(f"cold start: first scored request after {seconds:.2f} s under the sampler",
                           {"serving process": profile}, grouped_by="what it was doing"))
    with tempfile.TemporaryDirectory() as tmp, local_server(False, 1, {"OVERCLAIM_DATA_DIR": tmp}) as url:
        wait_workers(url, 1)
        pid = int(httpx.get(f"{url}/readyz").json()["pid"])
        body = Path(tmp, "body.json")
        body.write_bytes(json.dumps({"text": text}).encode("utf-8"))
        prefix, suffix = wrk.split_body(text)
        Path(tmp, "prefix.json").write_bytes(prefix)
        Path(tmp, "suffix.json").write_bytes(suffix)
        scripts = {"same article (cache hits)": wrk.post_script(body),
                   "new article every request": wrk.new_article_script(Path(tmp, "prefix.json"), Path(tmp, "suffix.json"))}
        for title, lua in scripts.items():
            script = Path(tmp, "load.lua")
            script.write_text(lua)
            wrk.run_wrk(f"{url}/v1/score", script, 8, 1, args=("warm",))  # warm-up: the article cached, every process scored
            raw, output = sampled(pid, args.seconds, wrk.command(f"{url}/v1/score", script, CONCURRENCY, args.seconds, ("profile",)))
            run = wrk.parse(output)
            sections.append(report(f"{title}: {run.rate:.0f} req/s under the sampler, p50 {run.p50:.1f} ms", summarize(raw, pid)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(sections))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
