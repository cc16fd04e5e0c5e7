"""`overclaim train` into the registry: a worse model is saved but not activated, with its report."""
from __future__ import annotations

import argparse
import contextlib
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from classifier.promotion import refusals
from classifier.registry import active_version, entries, load_checked, save_version
from cli.main import main
from cli.train_cmd import _promote
from server.settings import PROJECT_ROOT
from tests.conftest import MODEL_DIR

TRAIN = PROJECT_ROOT / "training_data" / "train"
CERTAINTY = PROJECT_ROOT / "training_data" / "certainty"
PNG = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Run:
    root: Path
    bundled: str
    version: str
    code: int
    out: str


@pytest.fixture(scope="module")
def worse(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Train once, on an eighth of the articles: a cheaply made worse model, next to the bundled one."""
    base = tmp_path_factory.mktemp("train")
    data = base / "data"
    data.mkdir()
    for path in sorted(TRAIN.glob("*.jsonl"))[::8]:
        shutil.copy(path, data)
    root = base / "models"
    bundled = (MODEL_DIR / "ACTIVE").read_text().strip()
    shutil.copytree(MODEL_DIR / bundled, root / bundled)
    (root / "ACTIVE").write_text(bundled + "\n")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["train", "--data", str(data), "--model-dir", str(root)])
    [version] = [e.version for e in entries(root) if e.version != bundled]
    return Run(root, bundled, version, code, out.getvalue())


def args(**flags: bool) -> argparse.Namespace:
    return argparse.Namespace(force=flags.get("force", False), no_activate=flags.get("no_activate", False))


def test_a_worse_model_is_kept_on_disk_but_not_activated(worse: Run) -> None:
    assert worse.code == 1
    assert active_version(worse.root) == worse.bundled
    assert "is more than 0.02 below the active model" in worse.out
    assert f"version {worse.version} stays on disk, inactive" in worse.out
    eighth = -(-len(list(TRAIN.glob("*.jsonl"))) // 8)
    assert load_checked(worse.root, worse.version).card["training_data"]["documents"] == eighth


def test_training_writes_a_report_beside_the_version(worse: Run) -> None:
    report = worse.root / worse.version / "report"
    for name in ("pr_curve.png", "confusion.png"):
        assert (report / name).read_bytes()[:8] == PNG and (report / name).stat().st_size > 10_000
    index = (report / "index.md").read_text()
    assert f"# Model {worse.version}" in index and "![precision–recall curve](pr_curve.png)" in index
    for category in ("vague_authority", "certainty", "causal", "hype", "generalization"):
        assert index.count(f"| {category} |") == 2, "one row in the category table, one in the cue table"
    assert "End to end (each fold's articles segmented and scored" in index
    whole = load_checked(worse.root, worse.version).card["metrics"]["cross_validation"]["end_to_end"]
    row = next(line for line in index.splitlines() if line.startswith("| causal | ") and "%" in line)
    assert f"{whole['categories']['causal']['recall']:.1%} | {whole['categories']['causal']['precision']:.1%}" in row


def test_training_fits_the_certainty_scale_from_the_project_graded_data(worse: Run) -> None:
    model = load_checked(worse.root, worse.version)
    scale = model.card["certainty_scale"]
    assert model.certainty_scale is not None and scale["training_data"]["files"] == len(list(CERTAINTY.glob("*.jsonl")))
    assert f"Spearman's rho {scale['cross_validation']['spearman_rho']:.3f}" in (worse.root / worse.version / "report" / "index.md").read_text()
    assert f"certainty scale: {scale['records']} graded sentences" in worse.out


def test_force_activates_a_refused_model_and_no_activate_never_does(worse: Run) -> None:
    card = load_checked(worse.root, worse.version).card
    assert _promote(worse.root, card, [], args(no_activate=True)) == 0
    assert active_version(worse.root) == worse.bundled
    assert _promote(worse.root, card, ["gate row"], args(force=True)) == 0
    assert active_version(worse.root) == worse.version
    assert main(["models", "--model-dir", str(worse.root), "rollback"]) == 0
    assert active_version(worse.root) == worse.bundled


def test_a_fresh_registry_activates_the_first_model_that_passes_the_gate(worse: Run, tmp_path: Path) -> None:
    """What `make setup` does on a clone without models/ACTIVE: train, and activate."""
    root = tmp_path / "absent" / "models"
    model = load_checked(worse.root, worse.version)
    save_version(model, root)
    card = load_checked(root, worse.version).card
    assert _promote(root, card, ["gate row"], args()) == 1 and active_version(root) is None
    assert _promote(root, card, [], args()) == 0 and active_version(root) == worse.version


def card(f1: float, version: str = "a") -> dict:
    return {"version": version, "metrics": {"cross_validation": {"sentences": {"f1": f1}}}}


@pytest.mark.parametrize(
    "new, active, gate, refused",
    [
        (0.80, 0.81, [], False),
        (0.80, 0.82, [], False),
        (0.80, 0.8201, [], True),
        (0.90, None, [], False),
        (0.90, 0.80, ["did not flag"], True),
    ],
)
def test_refusals(new: float, active: float | None, gate: list[str], refused: bool) -> None:
    assert bool(refusals(card(new), None if active is None else card(active, "b"), gate)) is refused
