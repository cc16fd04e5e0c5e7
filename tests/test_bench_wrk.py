"""The bench's wrk rows: parsing wrk's result line, the Lua it runs, and the cache target judged on wrk's figure."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from server.settings import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

from benchkit.targets import verdicts  # noqa: E402
from benchkit.wrk import parse, post_script  # noqa: E402


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


def test_without_wrk_the_cache_target_is_not_measured() -> None:
    line = next(v for v in verdicts({"http_w2_same_c32_rps": 20000.0}) if "15,000" in v)
    assert line.endswith("not measured")
