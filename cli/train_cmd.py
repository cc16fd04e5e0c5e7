"""`overclaim train`: grouped cross-validation, gate, fit, save a new version, activate it if no worse."""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from classifier.certainty_data import load_certainty
from classifier.dataset import data_files, jsonl_files, load_records
from classifier.gate import failures
from classifier.promotion import F1_TOLERANCE, refusals
from classifier.registry import activate, active_version, save_version
from classifier.store import ModelError, read_card
from classifier.layout import version_dir
from classifier.train import MIN_PRECISION, data_digest, train_with_evidence
from classifier.train_report import write_report
from cli.paths import CERTAINTY_DIR, TRAINING_DIR, model_dir


def add(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=TRAINING_DIR, help="training JSONL file or directory (default: %(default)s)")
    p.add_argument("--certainty-data", type=Path, default=CERTAINTY_DIR, help="graded-certainty JSONL file or directory for the certainty scale; skipped when absent (default: %(default)s)")
    p.add_argument("--model-dir", type=Path, default=None, help="the model registry (default: OVERCLAIM_MODEL_DIR or ./models)")
    p.add_argument("--min-precision", type=float, default=MIN_PRECISION, help="cross-validated precision the threshold must reach (default: %(default)s)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--force", action="store_true", help=f"activate even if the gate fails or F1 is over {F1_TOLERANCE} below the active model's")
    group.add_argument("--no-activate", action="store_true", help="save the new version without activating it")
    p.set_defaults(run=run)


def _active_card(root: Path) -> dict[str, Any] | None:
    version = active_version(root) if root.is_dir() else None
    if version is None:
        return None
    try:
        return read_card(version_dir(root, version))
    except ModelError as exc:
        print(f"the active model {version} cannot be read ({exc}); not comparing against it")
        return None


def run(args: argparse.Namespace) -> int:
    root = args.model_dir or model_dir()
    records = load_records(data_files(args.data))
    print(f"training on {len(records)} sentences from {len({r.doc for r in records})} articles in {args.data}")
    graded = jsonl_files(args.certainty_data) if args.certainty_data.exists() else []
    certainty = load_certainty(graded)
    if certainty:
        print(f"certainty scale: {len(certainty)} graded sentences from {len({r.doc for r in certainty})} documents in {args.certainty_data}")
    model, evidence = train_with_evidence(records, args.data, min_precision=args.min_precision, certainty=certainty)
    if certainty:
        model.card["certainty_scale"]["training_data"] = data_digest(args.certainty_data, graded)
        print(json.dumps(model.card["certainty_scale"]["cross_validation"], indent=2))
    print(json.dumps(model.card["metrics"]["cross_validation"]["sentences"], indent=2))
    failed = failures(model)
    for line in failed:
        print(f"gate: {line}")
    folder = save_version(model, root)
    report = write_report(folder / "report", model, evidence, failed)
    print(f"saved version {folder.name} in {root}; report: {report[-1]}")
    return _promote(root, model.card, failed, args)


def _promote(root: Path, card: dict[str, Any], failed: list[str], args: argparse.Namespace) -> int:
    if args.no_activate:
        print(f"not activated (--no-activate): `overclaim models activate {card['version']}` when ready")
        return 0
    reasons = refusals(card, _active_card(root), failed)
    for reason in reasons:
        print(f"{'activating anyway (--force)' if args.force else 'not activated'}: {reason}")
    if reasons and not args.force:
        print(f"version {card['version']} stays on disk, inactive; `overclaim models compare` it, or retrain, or use --force")
        return 1
    activate(root, card["version"])
    print(f"active: {card['version']}")
    return 0
