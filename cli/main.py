"""Entry point of the `overclaim` console script.

Only the module of the command being run is imported: `overclaim serve` starts
without importing what training, evaluation and batch scoring need, and
`overclaim --help` lists the commands from the table below alone.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from classifier.layout import ModelError

# name -> (module with `add(parser)` and the `run` functions it sets, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "train": ("cli.train_cmd", "cross-validate by article, fit, check the gate, save a new model version and activate it"),
    "evaluate": ("cli.evaluate_cmd", "score labeled articles (JSONL file or directory) and report P/R/F1"),
    "score": ("cli.score_cmd", "score an article file (or - for standard input)"),
    "batch": ("cli.batch_cmd", 'score a JSONL corpus of {"id", "text"} (or {"id", "url"}) records into a JSONL of results'),
    "serve": ("cli.serve_cmd", "run the HTTP service"),
    "data": ("cli.data_cmd", "work with labeled data"),
    "keys": ("cli.keys_cmd", "create, list and revoke API keys"),
    "feedback": ("cli.feedback_cmd", "work with readers' feedback"),
    "models": ("cli.models_cmd", "list, activate, compare and roll back model versions"),
}


def parser(argv: list[str]) -> argparse.ArgumentParser:
    """The parser for `argv`: the named command's arguments in full, every other command by name and help."""
    chosen = argv[0] if argv else None
    p = argparse.ArgumentParser(prog="overclaim", description="Flag overclaiming in health and science writing.")
    sub = p.add_subparsers(dest="command", required=True)
    for name, (module, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text)
        if name == chosen:
            importlib.import_module(module).add(command)
    return p


def _reported(exc: Exception) -> bool:
    """An error the user can act on, printed as one line. SQLAlchemy's errors count only once a
    command has imported it (none can be raised before)."""
    database = sys.modules.get("sqlalchemy.exc")
    kinds = (ModelError, ValueError, OSError) + ((database.SQLAlchemyError,) if database else ())
    return isinstance(exc, kinds)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser(argv).parse_args(argv)
    try:
        return int(args.run(args))
    except Exception as exc:
        if not _reported(exc):
            raise
        print(f"overclaim {args.command}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
