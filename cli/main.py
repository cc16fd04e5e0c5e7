"""Entry point of the `overclaim` console script."""
from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from classifier.store import ModelError
from cli import batch_cmd, data_cmd, evaluate_cmd, feedback_cmd, keys_cmd, models_cmd, score_cmd, serve_cmd, train_cmd


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="overclaim", description="Flag overclaiming in health and science writing.")
    sub = p.add_subparsers(dest="command", required=True)
    for module in (train_cmd, evaluate_cmd, score_cmd, batch_cmd, serve_cmd, data_cmd, keys_cmd, feedback_cmd, models_cmd):
        module.add(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (ModelError, ValueError, OSError, SQLAlchemyError) as exc:
        print(f"overclaim {args.command}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
