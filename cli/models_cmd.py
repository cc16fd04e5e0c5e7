"""`overclaim models list | activate | compare | rollback`: the model registry from the command line."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from classifier import registry
from classifier.compare import card_rows, disagreements, labeled_rows
from classifier.dataset import data_files, load_records
from classifier.store import ModelError
from cli.paths import TEST_DIR, model_dir

ACTIVE_ALIAS = "active"


def add(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model-dir", type=Path, default=None, help="the model registry (default: OVERCLAIM_MODEL_DIR or ./models)")
    verbs = p.add_subparsers(dest="verb", required=True)
    verbs.add_parser("list", help="every version with its cross-validated figures; * marks the active one").set_defaults(run=run_list)
    a = verbs.add_parser("activate", help="check a version loads (hash, format) and make it the active one")
    a.add_argument("version")
    a.set_defaults(run=run_activate)
    verbs.add_parser("rollback", help="activate the version that was active before this one").set_defaults(run=run_rollback)
    c = verbs.add_parser("compare", help="two versions' figures side by side and the labeled sentences they disagree on")
    c.add_argument("a", help=f"a version, or {ACTIVE_ALIAS!r}")
    c.add_argument("b", help=f"a version, or {ACTIVE_ALIAS!r}")
    c.add_argument("--data", type=Path, default=TEST_DIR, help="labeled JSONL file or directory (default: %(default)s)")
    c.add_argument("--limit", type=int, default=20, help="show at most this many disagreements (default: %(default)s)")
    c.set_defaults(run=run_compare)


def _root(args: argparse.Namespace) -> Path:
    return args.model_dir or model_dir()


def _row(mark: str, version: str, card: dict[str, Any]) -> str:
    s = card["metrics"]["cross_validation"]["sentences"]
    return f"{mark} {version:<32} {card['trained_at']:<26} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f} {card['threshold']:>9.4f}"


def run_list(args: argparse.Namespace) -> int:
    root = _root(args)
    active = registry.active_version(root)
    print(f"  {'version':<32} {'trained_at':<26} {'cv P':>6} {'cv R':>6} {'cv F1':>6} {'threshold':>9}")
    for entry in registry.entries(root):
        mark = "*" if entry.version == active else " "
        print(_row(mark, entry.version, entry.card) if entry.card else f"{mark} {entry.version:<32} unreadable: {entry.problem}")
    if active is None:
        print(f"no active version in {root}: `overclaim models activate VERSION`")
    return 0


def run_activate(args: argparse.Namespace) -> int:
    model = registry.activate(_root(args), args.version)
    print(f"active: {model.card['version']} (running services pick it up within a second, or POST /v1/model/reload)")
    return 0


def run_rollback(args: argparse.Namespace) -> int:
    model = registry.rollback(_root(args))
    print(f"rolled back; active: {model.card['version']}")
    return 0


def _resolve(root: Path, version: str) -> str:
    if version != ACTIVE_ALIAS:
        return version
    active = registry.active_version(root)
    if active is None:
        raise ModelError(f"{root} has no active version")
    return active


def _table(rows: list[tuple[str, Any, Any]], a: str, b: str) -> None:
    print(f"{'':<26} {a:<32} {b:<32}")
    for name, va, vb in rows:
        print(f"{name:<26} {str(va):<32} {str(vb):<32}")


def run_compare(args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise ValueError("--limit must be 0 or more")
    root = _root(args)
    a, b = (registry.load_checked(root, _resolve(root, v)) for v in (args.a, args.b))
    records = load_records(data_files(args.data))
    _table(card_rows(a.card, b.card) + labeled_rows(a, b, records), a.card["version"], b.card["version"])
    found = disagreements(a, b, records)
    print(f"\n{len(found)} of {len(records)} labeled sentences in {args.data} flagged by one model only:")
    for d in found[: args.limit]:
        who = "A only" if d.flagged_a else "B only"
        print(f"  {who}  A {d.score_a:.3f}  B {d.score_b:.3f}  [{d.label}] {d.text[:160]}")
    if len(found) > args.limit:
        print(f"  … {len(found) - args.limit} more (--limit)")
    return 0
