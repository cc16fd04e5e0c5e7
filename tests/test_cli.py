"""The `overclaim` command line, run in-process."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import COMMANDS, main
from classifier.store import load_model
from tests.conftest import MODEL_DIR

TEXT = "Some studies suggest it may help.\n\nThis miracle tea cures anxiety overnight."


def test_score_json_follows_the_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT)
    assert main(["score", str(path), "--json", "--all-sentences"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["document"]["label"] == "overclaiming"
    [match] = body["matches"]
    assert TEXT[match["start"] : match["end"]] == match["text"]
    assert len(body["sentences"]) == 2


def test_score_highlights_in_the_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT)
    assert main(["score", str(path)]) == 0
    out = capsys.readouterr().out
    assert "[[This **miracle** tea" in out
    assert "1 of 2 sentences flagged; document overclaiming" in out


def test_score_reads_standard_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("A 2021 trial of 40 adults found a small effect."))
    assert main(["score", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["matches"] == []


def test_evaluate_prints_metrics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.jsonl"
    rows = [
        {"doc": "t", "text": "This miracle tea cures anxiety overnight.", "label": "overclaim", "categories": ["hype"], "cues": [[5, 12]], "source": "test"},
        {"doc": "t", "text": "A 2021 trial of 40 adults found a small effect.", "label": "ok", "categories": [], "cues": [], "source": "test"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    assert main(["evaluate", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["sentences"]["tp"] == 1 and report["sentences"]["fp"] == 0
    assert report["model"] == load_model(MODEL_DIR).card["version"]


def test_a_broken_model_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("OVERCLAIM_MODEL_DIR", str(tmp_path))
    path = tmp_path / "a.txt"
    path.write_text(TEXT)
    assert main(["score", str(path)]) == 1
    assert "overclaim train" in capsys.readouterr().err


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert all(name in out and help_text.split()[0] in out for name, (_, help_text) in COMMANDS.items())


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_has_its_own_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([name, "--help"])
    assert done.value.code == 0
    assert f"usage: overclaim {name}" in capsys.readouterr().out


def test_a_command_imports_only_its_own_module() -> None:
    """`overclaim serve` starts without importing batch scoring, training or evaluation (cold start)."""
    code = "import sys, cli.main; cli.main.parser(['serve', '--port', '1']); print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    commands = {module for module, _ in COMMANDS.values()}
    assert [m for m in loaded if m in commands] == ["cli.serve_cmd"]
    assert not {"sklearn", "tqdm", "cli.batch_local", "classifier.train"} & set(loaded)


def test_the_service_imports_the_page_extractor_only_for_its_first_page() -> None:
    """trafilatura (and lxml) are for URL scoring: importing the app must not load them (cold start)."""
    code = "import sys, server.app; print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())
    assert "server.fetch.extract" in loaded
    assert not {"trafilatura", "lxml"} & loaded


def test_an_unknown_command_names_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["bogus"])
    assert done.value.code == 2
    assert "choose from" in capsys.readouterr().err
