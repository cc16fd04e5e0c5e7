"""HTTP rows measured with wrk (Debian's `wrk`, a compiled load client), so the figure is the server's.

The httpx rows are bounded by their Python client in the bench process (about 1,000 req/s even
against GET /healthz). wrk drives the same `overclaim serve` from C: one thread, CONCURRENCY
keep-alive connections, REPEATS bounded runs of SECONDS each, loopback only. A Lua script written
to a temporary file sends the 1,500-word article as POST /v1/score (the response cache answers
every request after the first on each worker) or GET /healthz (the HTTP floor), and prints one
parsable line. `make bench` installs wrk; without it the rows are skipped.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from .context import Context

CONCURRENCY = 32
REPEATS = 3
SECONDS = 2  # wrk takes whole seconds
HIT_CHECKS = 6

# The `done` hook prints: requests, duration (us), p50 and p99 (ms), then socket errors
# (connect, read, write, timeout) and responses with a status >= 400.
DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %.3f %.3f %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.connect, e.read, e.write, e.timeout, e.status))
end
"""


@dataclass(frozen=True)
class WrkRun:
    requests: int
    seconds: float
    p50: float
    p99: float
    socket_errors: int
    status_errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


def post_script(body_file: Path) -> str:
    """Lua that POSTs the JSON in `body_file` (read once per wrk thread) and prints the WRK line."""
    return (f'local f = assert(io.open([==[{body_file}]==], "rb"))\n'
            'wrk.method = "POST"\nwrk.body = f:read("*a")\nf:close()\n'
            'wrk.headers["Content-Type"] = "application/json"\n' + DONE)


def new_article_script(prefix_file: Path, suffix_file: Path) -> str:
    """Lua that POSTs a new article every request: the JSON read from the two files around a tag
    given after `--` (one per run) and a counter, so no response cache ever answers it."""
    return (f'local p = assert(io.open([==[{prefix_file}]==], "rb"))\nlocal prefix = p:read("*a")\np:close()\n'
            f'local s = assert(io.open([==[{suffix_file}]==], "rb"))\nlocal suffix = s:read("*a")\ns:close()\n'
            'local tag, n = "", 0\nlocal headers = {["Content-Type"] = "application/json"}\n'
            'init = function(args) tag = args[1] or "" end\n'
            'request = function()\n  n = n + 1\n  return wrk.format("POST", nil, headers, prefix .. tag .. "-" .. n .. suffix)\nend\n' + DONE)


def split_body(text: str, marker: str = "@@TAG@@") -> tuple[bytes, bytes]:
    """The JSON body of `text` plus a closing sentence, cut where that sentence's tag goes."""
    body = json.dumps({"text": f"{text} This is note {marker}."}).encode("utf-8")
    prefix, suffix = body.split(marker.encode("utf-8"))
    return prefix, suffix


def parse(output: str) -> WrkRun:
    """The WRK line of a run's output (ValueError without one: wrk failed)."""
    line = next((x for x in output.splitlines() if x.startswith("WRK ")), None)
    if line is None:
        raise ValueError(f"wrk printed no result: {output.strip()[-300:]}")
    n, micros, p50, p99, connect, read, write, timeout, status = line.split()[1:]
    return WrkRun(int(n), int(micros) / 1e6, float(p50), float(p99),
                  int(connect) + int(read) + int(write) + int(timeout), int(status))


def command(url: str, script: Path, concurrency: int = CONCURRENCY, seconds: int = SECONDS, args: tuple[str, ...] = ()) -> list[str]:
    """One wrk thread, `concurrency` connections for `seconds`, requests made by the Lua `script` (given `args`)."""
    return ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "5s", "-s", str(script), url, *(["--", *args] if args else [])]


def run_wrk(url: str, script: Path, concurrency: int = CONCURRENCY, seconds: int = SECONDS, args: tuple[str, ...] = ()) -> WrkRun:
    done = subprocess.run(command(url, script, concurrency, seconds, args), capture_output=True, text=True, timeout=seconds + 30)
    return parse(done.stdout + done.stderr)


def cache_hits(url: str, body: bytes, checks: int = HIT_CHECKS) -> int:
    """How many of `checks` fresh connections (spread over the workers) were answered from the cache."""
    headers = {"content-type": "application/json", "connection": "close"}
    with httpx.Client(timeout=10) as http:
        return sum(http.post(f"{url}/v1/score", content=body, headers=headers).headers.get("x-overclaim-cache") == "hit"
                   for _ in range(checks))


def _row(ctx: Context, workers: int, kind: str, runs: list[WrkRun], concurrency: int = CONCURRENCY) -> str:
    rates = sorted(r.rate for r in runs)
    median = runs[[r.rate for r in runs].index(rates[len(rates) // 2])]
    key = f"wrk_w{workers}_{kind.split()[0].strip('/')}_c{concurrency}"
    errors = sum(r.socket_errors + r.status_errors for r in runs)
    ctx.figures.update({f"{key}_rps": median.rate, f"{key}_p50_ms": median.p50, f"{key}_p99_ms": median.p99, f"{key}_errors": errors})
    return (f"{workers:>7} {kind:<13} {concurrency:>5} {median.rate:>8.0f} {rates[0]:>6.0f}-{rates[-1]:<6.0f}"
            f"{median.p50:>8.2f} {median.p99:>8.2f} {sum(r.status_errors for r in runs):>6} {sum(r.socket_errors for r in runs):>6}")


def header() -> None:
    """The wrk table's title, or why it is skipped."""
    if shutil.which("wrk") is None:
        print("\nwrk rows skipped: wrk is not installed (`make bench` installs Debian's wrk)")
        return
    print(f"\nwith wrk (compiled client, 1 thread, as many connections as the concurrency): {REPEATS} runs of {SECONDS} s per cell; "
          "p50/p99 of the median run; errors: status >= 400, socket")
    print(f"{'workers':>7} {'request':<13} {'conc.':>5} {'req/s':>8} {'range':>13} {'p50 ms':>8} {'p99 ms':>8} {'status':>6} {'socket':>6}")


def _new_article_rows(ctx: Context, url: str, workers: int, tmp: str) -> list[str]:
    """New articles (each request a body no cache has seen) at concurrency 1 and CONCURRENCY: the
    server's own latency and rate, without the httpx client's cost on the same cores."""
    prefix, suffix = split_body(ctx.texts[1500])
    prefix_file, suffix_file, script = Path(tmp, "prefix.json"), Path(tmp, "suffix.json"), Path(tmp, "new.lua")
    prefix_file.write_bytes(prefix)
    suffix_file.write_bytes(suffix)
    script.write_text(new_article_script(prefix_file, suffix_file))
    tags = (f"w{workers}c{c}r{r}" for c in (1, CONCURRENCY) for r in range(REPEATS))
    return [_row(ctx, workers, "new article", [run_wrk(f"{url}/v1/score", script, c, args=(next(tags),)) for _ in range(REPEATS)], c)
            for c in (1, CONCURRENCY)]


def rows(ctx: Context, url: str, workers: int) -> list[str]:
    """The new-article, same-article and /healthz rows against the running server at `url` (printed later, under header())."""
    if shutil.which("wrk") is None:
        return []
    body = json.dumps({"text": ctx.texts[1500]}).encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        body_file, post, floor = Path(tmp, "body.json"), Path(tmp, "post.lua"), Path(tmp, "floor.lua")
        body_file.write_bytes(body)
        post.write_text(post_script(body_file))
        floor.write_text(DONE)
        lines = _new_article_rows(ctx, url, workers, tmp)
        run_wrk(f"{url}/v1/score", post, 8, 1)  # every worker scores it once, then answers from its cache
        hits = cache_hits(url, body)
        lines += [_row(ctx, workers, "same article", [run_wrk(f"{url}/v1/score", post) for _ in range(REPEATS)]),
                  _row(ctx, workers, "GET /healthz", [run_wrk(f"{url}/healthz", floor) for _ in range(REPEATS)])]
    if hits < HIT_CHECKS:
        lines.append(f"        (only {hits} of {HIT_CHECKS} checks were cache hits before the same-article row)")
    return lines


def floor_ratios(figures: dict[str, float], workers: int = 2) -> str | None:
    """Scoring against the HTTP floor (GET /healthz), from the wrk rows just measured on `workers`."""
    key = f"wrk_w{workers}"
    need = [f"{key}_{kind}_c{CONCURRENCY}_rps" for kind in ("new", "same", "GET")]  # as _row names them
    if not all(k in figures for k in need):
        return None
    new, same, floor = (figures[k] for k in need)
    return (f"against the HTTP floor ({workers} workers, c={CONCURRENCY}): a new article {new:.0f}/s is {floor / new:.0f}x slower "
            f"than GET /healthz {floor:.0f}/s, a cache hit {same:.0f}/s {floor / same:.1f}x")
