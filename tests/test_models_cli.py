"""`overclaim models list | activate | rollback | compare`, run in-process on a registry of real versions."""
from __future__ import annotations

from pathlib import Path

import pytest

from classifier.registry import active_version
from cli.main import main
from tests.registry_helpers import tamper, two_versions


@pytest.fixture()
def root(model, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    return two_versions(tmp_path, model, threshold=0.99, f1=0.5)


def models(root: Path, *argv: str) -> int:
    return main(["models", "--model-dir", str(root), *argv])


def test_list_marks_the_active_version_with_its_figures(root: Path, model, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    tamper(root / "v2")
    (root / "v3").mkdir()
    assert models(root, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    [v1] = [line for line in lines if " v1 " in line]
    assert v1.startswith("* ") and model.card["trained_at"] in v1
    assert f"{model.card['metrics']['cross_validation']['sentences']['f1']:.3f}" in v1
    [v2] = [line for line in lines if " v2 " in line]
    assert v2.startswith("  ") and "0.500" in v2 and "0.9900" in v2
    assert any(" v3 " in line and "unreadable" in line for line in lines)


def test_activate_and_rollback(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert models(root, "activate", "v2") == 0
    assert active_version(root) == "v2"
    assert models(root, "rollback") == 0
    assert active_version(root) == "v1"
    assert "active: v1" in capsys.readouterr().out
    assert models(root, "rollback") == 1
    assert "no earlier active version" in capsys.readouterr().err


@pytest.mark.parametrize("version, error", [("v9", "no model version 'v9'"), ("../v1", "must be letters"), ("v2", "SHA-256")])
def test_activate_refuses_unknown_escaping_and_tampered(root: Path, version: str, error: str, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(root / "v2")
    assert models(root, "activate", version) == 1
    assert error in capsys.readouterr().err
    assert active_version(root) == "v1"


def test_compare_shows_figures_side_by_side_and_bounded_disagreements(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert models(root, "compare", "active", "v2", "--limit", "3") == 0
    out = capsys.readouterr().out
    header, *rows = out.splitlines()
    assert "v1" in header and "v2" in header
    [threshold] = [r for r in rows if r.startswith("threshold ")]
    assert "0.99" in threshold.split()[2]
    [cv_f1] = [r for r in rows if r.startswith("cv f1 ")]
    assert cv_f1.split()[3] == "0.5"
    assert any(r.startswith("labeled f1 ") for r in rows)
    shown = [r for r in rows if r.startswith("  A only") or r.startswith("  B only")]
    assert len(shown) == 3 and all(r.startswith("  A only") for r in shown), "a 0.99 threshold flags less, never more"
    [summary] = [r for r in rows if "flagged by one model only" in r]
    total = int(summary.split()[0])
    assert total > 3 and f"… {total - 3} more (--limit)" in out
    a_score, b_score = float(shown[0].split()[3]), float(shown[0].split()[5])
    assert a_score == b_score and a_score < 0.99, "the same pipeline scores alike; only the threshold differs"


def test_compare_of_identical_models_finds_no_disagreement(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert models(root, "compare", "v1", "v1") == 0
    assert "\n0 of " in capsys.readouterr().out
