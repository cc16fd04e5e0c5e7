"""A real `overclaim serve` on a free loopback port, for tests that need the real server."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
import time
from typing import Iterator, Mapping

import httpx
import pytest

from server.settings import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> set[int]:
    """The pids of a process's direct children (Linux /proc)."""
    return {int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()}


def _wait_ready(url: str, proc: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited with status {proc.returncode} before it was ready")
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail(f"the server did not become ready within {seconds:.0f} s")


@contextlib.contextmanager
def live_process(env: Mapping[str, str] | None = None, *args: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`overclaim serve ARGS` on a free loopback port, its data in a fresh temp dir and rate limits off
    (tests are one client making many requests); yields its base URL and process, stops it after."""
    port = free_port()
    data_dir = tempfile.TemporaryDirectory(prefix="overclaim-data-")
    cmd = [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port", str(port), *args]
    defaults = {"OVERCLAIM_LOG_LEVEL": "warning", "OVERCLAIM_DATA_DIR": data_dir.name, "OVERCLAIM_RATE_LIMIT_ANON_RATE": "0"}
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env={**os.environ, **defaults, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, proc, 60)
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        data_dir.cleanup()


@contextlib.contextmanager
def live_server(env: Mapping[str, str] | None = None, *args: str) -> Iterator[str]:
    """Like `live_process`, yielding only the base URL."""
    with live_process(env, *args) as (url, _):
        yield url
