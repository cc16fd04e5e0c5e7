"""The bench's pure helpers: a cell's summary over runs and issue 6's target verdicts (no timing asserted)."""
from __future__ import annotations

import math
import sys

import pytest

from server.settings import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

from benchkit.summary import Run, summarize  # noqa: E402
from benchkit.targets import verdicts  # noqa: E402


def test_summary_takes_the_median_rate_with_its_range_and_pools_latencies() -> None:
    runs = [Run(100, 0, [1.0] * 100, 2.0), Run(300, 2, [3.0] * 98 + [50.0, 60.0], 2.0), Run(200, 1, [2.0] * 100, 2.0)]
    s = summarize(runs)
    assert (s.rate, s.rate_low, s.rate_high) == (100.0, 50.0, 150.0)
    assert s.p50 == 2.0
    assert s.p99 == 3.0  # 300 pooled latencies: the two slow ones are under 1%
    assert s.errors == 3


def test_a_run_without_time_or_latencies_gives_zero_rate_and_nan_percentiles() -> None:
    s = summarize([Run(0, 0, [], 0.0)])
    assert s.rate == 0.0 and math.isnan(s.p50) and math.isnan(s.p99)


@pytest.mark.parametrize(("errors", "word"), [(0, "met"), (1, "NOT met")])
def test_the_throughput_target_needs_zero_errors(errors: int, word: str) -> None:
    figures = {"http_w2_new_c32_rps": 800.0, "http_w2_new_c32_p99_ms": 40.0, "http_w2_new_c32_errors": float(errors)}
    line = next(v for v in verdicts(figures) if "700 articles/s" in v)
    assert f" {word} " in line
    assert (" NOT met " in line) == (errors > 0)


def test_targets_whose_section_did_not_run_are_not_measured() -> None:
    lines = verdicts({"score_1500_ms": 5.8, "batch_w2_aps": 240.0, "batch_dask_ratio": 0.85})
    assert len(lines) == 13  # the two HTTP targets twice: httpx and wrk
    assert "NOT met" in lines[0] and "5.80 ms" in lines[0] and "<= 5 ms" in lines[0]
    assert "NOT met" in lines[1] and "<= 2 ms" in lines[1]
    assert "not measured" in lines[2]
    assert "met" in lines[-2] and "0.85 of local" in lines[-2] and "NOT" not in lines[-2]
    assert "embedding" in lines[-1] and "not measured" in lines[-1]


def test_the_in_process_rows_are_judged_on_the_median_with_the_best_run_beside_it() -> None:
    [five, two] = verdicts({"score_1500_ms": 5.8, "score_1500_best_ms": 4.6})[:2]
    assert "NOT met" in five and "5.80 ms median, best run 4.60 ms" in five
    assert "NOT met" in two
    assert " met " in verdicts({"score_1500_ms": 4.9, "score_1500_best_ms": 4.1})[0]


@pytest.mark.parametrize(("ratio", "ours", "theirs", "word"), [
    (150.0, 0.92, 0.79, "met"),
    (99.0, 0.92, 0.79, "NOT met"),  # not fast enough
    (150.0, 0.78, 0.79, "NOT met"),  # fast, but a worse F1
])
def test_the_embedding_target_needs_both_the_speed_ratio_and_the_f1(ratio: float, ours: float, theirs: float, word: str) -> None:
    figures = {"embed_ratio_wall": ratio, "embed_ratio_cpu": ratio + 1, "embed_overclaim_f1": ours, "embed_baseline_f1": theirs}
    line = verdicts(figures)[-1]
    assert f" {word} " in line and (" NOT met " in line) == (word == "NOT met")
    assert f"{ratio:.0f}x wall, {ratio + 1:.0f}x CPU; F1 {ours:.3f} vs {theirs:.3f}" in line
