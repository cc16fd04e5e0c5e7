"""The bench's wrk rows: parsing wrk's result line, the Lua it runs, and the cache target judged on wrk's figure."""
from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from server.settings import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

from benchkit.targets import verdicts  # noqa: E402
from benchkit.context import Context  # noqa: E402
from benchkit.wrk import WrkRun, _row, floor_ratios, new_article_script, parse, post_script, run_wrk, split_body  # noqa: E402


def test_the_result_line_gives_rate_latency_and_both_kinds_of_error() -> None:
    run = parse("Running 2s test @ http://127.0.0.1:1/v1/score\n  1 threads\nWRK 9000 2000000 3.250 41.500 1 2 3 4 5\n")
    assert run.rate == 4500.0
    assert (run.p50, run.p99) == (3.25, 41.5)
    assert (run.socket_errors, run.status_errors) == (1 + 2 + 3 + 4, 5)


def test_a_run_that_printed_no_result_is_an_error_naming_what_wrk_said() -> None:
    with pytest.raises(ValueError, match="Connection refused"):
        parse("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_the_post_script_reads_the_body_file_and_sends_json(tmp_path: Path) -> None:
    script = post_script(tmp_path / "body.json")
    assert f"[==[{tmp_path / 'body.json'}]==]" in script
    assert 'wrk.method = "POST"' in script and 'wrk.headers["Content-Type"] = "application/json"' in script
    assert "done = function(summary, latency, requests)" in script


@pytest.mark.parametrize(("rps", "errors", "word"), [(16000.0, 0.0, "met"), (16000.0, 3.0, "NOT met"), (900.0, 0.0, "NOT met")])
def test_the_cache_target_is_judged_on_the_wrk_figure_with_zero_errors(rps: float, errors: float, word: str) -> None:
    figures = {"http_w2_same_c32_rps": 20000.0, "wrk_w2_same_c32_rps": rps, "wrk_w2_same_c32_errors": errors}
    line = next(v for v in verdicts(figures) if "15,000" in v)
    assert f" {word} " in line and f"{rps:.0f} req/s" in line


@pytest.mark.parametrize(("p50", "rps", "p99", "met"), [(3.5, 800.0, 50.0, True), (6.0, 800.0, 50.0, False), (3.5, 650.0, 70.0, False)])
def test_the_http_targets_are_judged_on_wrk_beside_httpx(p50: float, rps: float, p99: float, met: bool) -> None:
    figures = {"http_w1_new_c1_p50_ms": 9.0, "wrk_w1_new_c1_p50_ms": p50,
               "wrk_w2_new_c32_rps": rps, "wrk_w2_new_c32_p99_ms": p99, "wrk_w2_new_c32_errors": 0.0}
    lines = verdicts(figures)
    assert " NOT met " in next(v for v in lines if "concurrency 1 " in v and "(wrk)" not in v)
    on_wrk = [v for v in lines if "(wrk)" in v and "cache" not in v]
    assert len(on_wrk) == 2
    assert (" NOT met " not in on_wrk[0]) == (p50 <= 4) and (" NOT met " not in on_wrk[1]) == (rps >= 700 and p99 <= 60)
    assert met == all(" NOT met " not in v for v in on_wrk)


def test_without_wrk_the_cache_target_is_not_measured() -> None:
    line = next(v for v in verdicts({"http_w2_same_c32_rps": 20000.0}) if "15,000" in v)
    assert line.endswith("not measured")


def test_a_split_body_rejoined_around_any_tag_is_the_article_with_its_note() -> None:
    text = 'Café "quoted" 😀\nline'
    prefix, suffix = split_body(text)
    assert json.loads(prefix + b"r1-7" + suffix) == {"text": f"{text} This is note r1-7."}


class _Recorder(BaseHTTPRequestHandler):
    bodies: list[bytes] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        self.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


def test_wrk_sends_a_new_article_every_request_and_every_run(tmp_path: Path) -> None:
    """The new-article rows are scored, never cache hits: wrk, run as the bench runs it, against a loopback recorder."""
    prefix, suffix = split_body("Studies prove it works.")
    (tmp_path / "p.json").write_bytes(prefix)
    (tmp_path / "s.json").write_bytes(suffix)
    script = tmp_path / "new.lua"
    script.write_text(new_article_script(tmp_path / "p.json", tmp_path / "s.json"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v1/score"
    try:
        runs = [run_wrk(url, script, concurrency=2, seconds=1, args=(tag,)) for tag in ("a", "b")]
    finally:
        server.shutdown()
        server.server_close()
    texts = [json.loads(b)["text"] for b in _Recorder.bodies]
    assert sum(r.requests for r in runs) <= len(texts) and all(r.requests > 0 and r.status_errors == 0 for r in runs)
    assert len(set(texts)) == len(texts)
    assert {t.rsplit(" ", 1)[1][0] for t in texts} == {"a", "b"}
    assert all(t.startswith("Studies prove it works. This is note ") for t in texts)



def test_floor_ratios_compare_scoring_and_cache_hits_with_healthz() -> None:
    ctx = Context(model=None, texts={})  # type: ignore[arg-type]  (the rows only record figures)
    for kind, requests in (("new article", 400), ("same article", 24000), ("GET /healthz", 36000)):
        _row(ctx, 2, kind, [WrkRun(requests, 2.0, 1.0, 2.0, 0, 0)])
    assert floor_ratios(ctx.figures) == ("against the HTTP floor (2 workers, c=32): a new article 200/s is 90x slower "
                                         "than GET /healthz 18000/s, a cache hit 12000/s 1.5x")
    assert floor_ratios({k: v for k, v in ctx.figures.items() if "same" not in k}) is None
