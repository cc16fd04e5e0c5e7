"""`overclaim feedback export --reviewed`: reviewed feedback as training JSONL."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.db_access import database, operator
from server.db import audit, feedback
from server.feedback_export import DEFAULT_DOC, jsonl


def add(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="write reviewed feedback in the training-data format")
    export.add_argument("--reviewed", action="store_true", required=True, help="export the reviewed items (the only kind with labels)")
    export.add_argument("-o", "--output", type=Path, help="JSONL file to write (default: standard output)")
    export.add_argument("--doc", help="the records' `doc` (default: the output file's stem, as `overclaim data check` expects)")
    export.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    doc = args.doc or (args.output.stem if args.output else DEFAULT_DOC)
    with database() as db:
        with db.read() as conn:
            lines = list(jsonl(feedback.reviewed(conn), doc))
        if args.output:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text("".join(lines), encoding="utf-8")
        else:
            sys.stdout.write("".join(lines))
        with db.write() as conn:
            audit.write(conn, operator(), "feedback.export", str(args.output or "stdout"), {"records": len(lines), "doc": doc})
    print(f"{len(lines)} reviewed record(s) exported", file=sys.stderr)
    return 0
