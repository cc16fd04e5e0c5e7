"""`overclaim train`: grouped cross-validation, gate, fit, save, print the card."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from classifier.dataset import data_files, load_records
from classifier.gate import failures
from classifier.store import save_model
from classifier.train import MIN_PRECISION, train
from cli.paths import TRAINING_DIR, model_dir


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="cross-validate by article, fit, check the gate, save the model")
    p.add_argument("--data", type=Path, default=TRAINING_DIR, help="training JSONL file or directory (default: %(default)s)")
    p.add_argument("--model-dir", type=Path, default=None, help="where to save (default: OVERCLAIM_MODEL_DIR or ./models)")
    p.add_argument("--min-precision", type=float, default=MIN_PRECISION, help="cross-validated precision the threshold must reach (default: %(default)s)")
    p.add_argument("--force", action="store_true", help="save even if the must-flag / must-pass gate fails")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    records = load_records(data_files(args.data))
    print(f"training on {len(records)} sentences from {len({r.doc for r in records})} articles in {args.data}")
    model = train(records, args.data, min_precision=args.min_precision)
    print(json.dumps(model.card["metrics"]["cross_validation"], indent=2))
    failed = failures(model)
    for line in failed:
        print(f"gate: {line}")
    if failed and not args.force:
        print(f"not saved: {len(failed)} gate row(s) failed (classifier/data/gate.toml); fix the data or use --force")
        return 1
    card = save_model(model, args.model_dir or model_dir())
    print(json.dumps({k: v for k, v in card.items() if k != "metrics"}, indent=2))
    return 0
