"""`overclaim data check`: validate training files (labeled sentences, and graded certainty under certainty/), one line per problem with file, line and field."""
from __future__ import annotations

import argparse
from pathlib import Path

from classifier.certainty_data import check_certainty_file
from classifier.dataset import check_file, is_graded, jsonl_files
from cli.paths import TRAINING_DIR


def add(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="action", required=True)
    check = actions.add_parser("check", help="validate every training file")
    check.add_argument("paths", type=Path, nargs="*", default=[TRAINING_DIR.parent], help="files or directories (default: training_data/)")
    check.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    records, problems, files = 0, 0, 0
    for root in args.paths:
        if not root.exists():
            print(f"{root}: no such file or directory")
            return 2
        for path in jsonl_files(root):
            check = check_certainty_file if is_graded(path) else check_file
            found, bad = check(path, require_doc_from_name=True)
            files += 1
            records += len(found)
            problems += len(bad)
            for problem in bad:
                print(problem)
    print(f"{files} files, {records} valid records, {problems} problem(s)")
    return 1 if problems else 0
