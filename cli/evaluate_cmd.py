"""`overclaim evaluate FILE`: sentence, category and cue scores against labeled articles."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from classifier.dataset import data_files, load_records
from classifier.evaluate import certainty_agreement, evaluate
from classifier.store import load_model
from cli.paths import model_dir


def add(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", type=Path, nargs="?", help="labeled JSONL file or directory in the training format")
    p.add_argument("--certainty", type=Path, help="also report agreement with a graded-certainty JSONL (finding, sentence-level-certainty)")
    p.add_argument("--threshold", type=float, default=None, help="override the model's threshold")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.path is None and args.certainty is None:
        print("name a labeled file or directory, or --certainty FILE")
        return 2
    model = load_model(model_dir())
    report: dict[str, object] = {"model": model.card["version"]}
    if args.path is not None:
        records = load_records(data_files(args.path))
        report["articles"] = len({r.doc for r in records})
        report.update(evaluate(model, records, args.threshold))
    if args.certainty is not None:
        rows = [json.loads(line) for line in args.certainty.read_text(encoding="utf-8").splitlines() if line.strip()]
        report["certainty"] = certainty_agreement(model, rows)
    print(json.dumps(report, indent=2))
    return 0
