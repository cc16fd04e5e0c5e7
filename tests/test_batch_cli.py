"""`overclaim batch`: the HTTP result shape, resuming, bad lines, exit codes, 1 vs 2 workers, Dask."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from classifier.api import ModelError, read_card
from classifier.dataset import data_files, load_records
from classifier.layout import active_dir
from cli.batch_input import done_ids
from cli.batch_local import start_pool, warm_up
from cli.batch_order import chunked
from cli.batch_work import ModelRef, checked_model
from cli.main import main
from server.settings import PROJECT_ROOT

OVERCLAIM = "Scientists have discovered a miracle supplement that melts belly fat."
EMOJI = f"🧪👩‍🔬 Café ñ. {OVERCLAIM} Cafe\u0301 🧪 was nice. {OVERCLAIM}"


@pytest.fixture(scope="module")
def articles() -> list[dict[str, str]]:
    """Real articles: the sentences of each training file joined, in a fixed order."""
    docs: dict[str, list[str]] = {}
    for record in load_records(data_files(PROJECT_ROOT / "training_data" / "test")):
        docs.setdefault(record.doc, []).append(record.text)
    return [{"id": doc, "text": " ".join(texts)} for doc, texts in sorted(docs.items())]


def write_jsonl(path: Path, lines: list[Any]) -> Path:
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def by_id(path: Path) -> dict[str, dict[str, Any]]:
    rows = read_jsonl(path)
    keyed = {row["id"]: row for row in rows}
    assert len(keyed) == len(rows), "an id was written twice"
    return keyed


def batch(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    status = main(["batch", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(scope="module")
def clean(articles: list[dict[str, str]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The single-process output for all test articles: the reference the other runs must equal."""
    root = tmp_path_factory.mktemp("clean")
    out = root / "out.jsonl"
    assert main(["batch", str(write_jsonl(root / "in.jsonl", articles)), "-o", str(out), "--workers", "1"]) == 0
    return out


def test_lines_have_the_http_result_shape_plus_the_model(clean: Path, articles: list[dict[str, str]], client: TestClient) -> None:
    rows = read_jsonl(clean)
    assert [row["id"] for row in rows] == [a["id"] for a in articles]
    http = client.post("/v1/score/batch", json={"documents": articles}).json()
    assert [{k: v for k, v in row.items() if k != "model"} for row in rows] == http["results"]
    assert all(row["model"] == http["model"] for row in rows)
    assert all(row["document"]["sentences"] > 5 for row in rows) and any(row["matches"] for row in rows)


def test_options_and_utf16_offsets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "e", "text": EMOJI}])
    status, out, _ = batch(capsys, source, "-o", tmp_path / "out.jsonl", "--workers", "1", "--offset-encoding", "utf16", "--threshold", "0.3")
    [row] = read_jsonl(tmp_path / "out.jsonl")
    assert status == 0 and "1 scored" in out and "articles/s" in out
    assert row["offset_encoding"] == "utf16" and row["model"]["threshold"] == 0.3
    units = EMOJI.encode("utf-16-le")
    assert len(row["matches"]) == 2
    for match in row["matches"]:
        assert units[2 * match["start"] : 2 * match["end"]].decode("utf-16-le") == match["text"] == OVERCLAIM


def test_a_rerun_skips_ids_already_written(tmp_path: Path, capsys: pytest.CaptureFixture[str], articles: list[dict[str, str]], clean: Path) -> None:
    out = tmp_path / "out.jsonl"
    batch(capsys, write_jsonl(tmp_path / "first.jsonl", articles[:12]), "-o", out, "--workers", "1")
    status, summary, _ = batch(capsys, write_jsonl(tmp_path / "all.jsonl", articles), "-o", out, "--workers", "1")
    assert status == 0
    assert f"{len(articles) - 12} scored" in summary and "12 skipped" in summary
    assert by_id(out) == by_id(clean)
    assert [row["id"] for row in read_jsonl(out)] == [a["id"] for a in articles]


def test_a_crash_truncated_last_line_is_dropped_and_scored_again(tmp_path: Path, capsys: pytest.CaptureFixture[str], articles: list[dict[str, str]], clean: Path) -> None:
    out = tmp_path / "out.jsonl"
    full = clean.read_bytes()
    lines = full.splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:5]) + lines[5][: len(lines[5]) // 2])
    status, summary, err = batch(capsys, write_jsonl(tmp_path / "in.jsonl", articles), "-o", out, "--workers", "1")
    assert status == 0 and "partial last line" in err and "5 skipped" in summary
    assert out.read_bytes() == full


def test_a_killed_run_resumes_to_the_same_output(tmp_path: Path, articles: list[dict[str, str]], clean: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", articles)
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "cli.main", "batch", str(source), "-o", str(out), "--workers", "1", "--chunk-size", "1"]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while process.poll() is None and (not out.exists() or out.read_bytes().count(b"\n") < 3):
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    written = out.read_bytes().count(b"\n")
    assert subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True).returncode == 0
    assert by_id(out) == by_id(clean)
    assert written >= 3


def test_bad_lines_are_reported_by_number_and_the_run_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        {"id": "ok-1", "text": OVERCLAIM},
        '{"id": "broken", "text": ',
        {"id": "ok-2", "text": "A small trial found a modest effect."},
        {"text": OVERCLAIM},
        {"id": "no-text"},
        {"id": "ok-1", "text": "the same id again"},
        {"id": 7, "text": OVERCLAIM},
        "",
        {"id": "page", "url": "http://10.0.0.1/article"},
        ["not", "an", "object"],
        {"id": "empty", "text": "  "},
    ]
    out = tmp_path / "out.jsonl"
    status, summary, err = batch(capsys, write_jsonl(tmp_path / "in.jsonl", lines), "-o", out, "--workers", "1")
    assert status == 1
    for number, words in [(2, "not valid JSON"), (4, "`id`"), (5, "`text`"), (6, "repeats line 1"), (7, "`id`"), (10, "JSON object"), (11, "empty")]:
        assert any(line.startswith(f"line {number}: ") and words in line for line in err.splitlines()), (number, err)
    assert "line 8:" not in err and "line 9:" not in err
    assert "2 scored, 1 error records, 7 bad lines" in summary
    rows = by_id(out)
    assert list(rows) == ["ok-1", "ok-2", "page"]
    assert rows["page"]["error"]["code"] == "url_forbidden"
    assert rows["ok-1"]["document"]["label"] == "overclaiming"


def test_exit_status_two_when_the_run_cannot_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert batch(capsys, tmp_path / "missing.jsonl", "-o", tmp_path / "out.jsonl")[0] == 2
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": OVERCLAIM}])
    foreign = write_jsonl(tmp_path / "foreign.jsonl", ["not json", {"id": "b"}])
    status, _, err = batch(capsys, source, "-o", foreign)
    assert status == 2 and "line 1" in err
    assert batch(capsys, source, "-o", tmp_path / "out.jsonl", "--threshold", "2")[0] == 2


def test_one_and_two_workers_write_the_same_bytes_in_input_order(tmp_path: Path, capsys: pytest.CaptureFixture[str], articles: list[dict[str, str]], clean: Path) -> None:
    out = tmp_path / "out.jsonl"
    status, summary, _ = batch(capsys, write_jsonl(tmp_path / "in.jsonl", articles), "-o", out, "--workers", "2", "--chunk-size", "3")
    assert status == 0 and f"{len(articles)} scored" in summary
    assert out.read_bytes() == clean.read_bytes()
    assert [row["id"] for row in read_jsonl(out)] == [a["id"] for a in articles]


def test_a_dask_cluster_writes_the_same_bytes_in_input_order(tmp_path: Path, capsys: pytest.CaptureFixture[str], articles: list[dict[str, str]], clean: Path) -> None:
    from distributed import LocalCluster

    out = tmp_path / "out.jsonl"
    source = write_jsonl(tmp_path / "in.jsonl", articles)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1") as cluster:
        status, summary, _ = batch(capsys, source, "-o", out, "--scheduler", cluster.scheduler_address, "--chunk-size", "4")
    assert status == 0 and f"{len(articles)} scored" in summary
    assert out.read_bytes() == clean.read_bytes()


def test_the_progress_bar_shows_rate_and_eta_only_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str], articles: list[dict[str, str]]) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", articles[:4])
    _, _, err = batch(capsys, source, "-o", tmp_path / "a.jsonl", "--workers", "1", "--progress")
    assert "4/4" in err and "article/s" in err and "<" in err
    _, _, quiet = batch(capsys, source, "-o", tmp_path / "b.jsonl", "--workers", "1")
    assert quiet == ""


def test_workers_refuse_a_model_other_than_the_runs() -> None:
    with pytest.raises(ModelError, match="not the one this run started with"):
        checked_model(ModelRef(str(PROJECT_ROOT / "models"), "overclaim", "0" * 64))


def test_chunked_keeps_order_and_the_last_short_chunk() -> None:
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]


def test_every_pool_process_has_loaded_the_model_before_the_first_chunk() -> None:
    pool = start_pool(ModelRef(str(PROJECT_ROOT / "models"), "overclaim", read_card(PROJECT_ROOT / "models", "overclaim")["sha256"]), 2)
    try:
        assert len(warm_up(pool, 2)) == 2
    finally:
        pool.shutdown()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_corrupt_model_stops_the_run_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, workers: str) -> None:
    models = tmp_path / "models"
    shutil.copytree(PROJECT_ROOT / "models", models)
    with (active_dir(models) / "overclaim.joblib").open("ab") as handle:
        handle.write(b"\0")
    monkeypatch.setenv("OVERCLAIM_MODEL_DIR", str(models))
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": OVERCLAIM}])
    status, _, err = batch(capsys, source, "-o", tmp_path / "out.jsonl", "--workers", workers)
    assert status == 1 and "changed or corrupted" in err and "Traceback" not in err
    assert not (tmp_path / "out.jsonl").exists()


def test_a_partial_line_longer_than_a_read_block_is_cut(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    complete = json.dumps({"id": "a", "text": "x" * 70_000}) + "\n"
    out.write_text(complete + '{"id": "b", "matches": "' + "y" * 150_000, encoding="utf-8")
    assert done_ids(out) == ({"a"}, 150_000 + len('{"id": "b", "matches": "'))
    assert out.read_text(encoding="utf-8") == complete
    assert done_ids(out) == ({"a"}, 0)
