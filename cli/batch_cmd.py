"""`overclaim batch IN.jsonl -o OUT.jsonl`: score a corpus here, on local processes, or on a Dask cluster.

Output is one JSON object per line, appended in input order; ids already in
OUT are skipped, so an interrupted run resumes where it stopped. Exit status:
0 when every line was answered, 1 when a line was bad or got an error record,
2 when the run could not start.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from tqdm import tqdm

from classifier.api import read_card
from cli.arguments import positive
from cli.batch_input import Bad, Job, OutputError, count_lines, done_ids, read_jobs
from cli.batch_local import Runner, in_process, process_pool
from cli.batch_order import chunked
from cli.batch_work import ModelRef
from server import validation
from server.errors import ApiError
from server.settings import Settings


@dataclass
class Tally:
    scored: int = 0
    errors: int = 0
    bad: int = 0
    skipped: int = 0


def add(p: argparse.ArgumentParser) -> None:
    p.description = __doc__
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("input", type=Path, help="JSONL input, one {\"id\": \"…\", \"text\": \"…\"} or {\"id\": \"…\", \"url\": \"https://…\"} per line")
    p.add_argument("-o", "--output", type=Path, required=True, help="JSONL output; appended to, ids already in it are skipped")
    p.add_argument("--threshold", type=float, default=None, help="override the model's threshold (0-1)")
    p.add_argument("--offset-encoding", choices=validation.OFFSET_ENCODINGS, default="codepoint")
    p.add_argument("--all-sentences", action="store_true", help="include every sentence's score")
    p.add_argument("--workers", type=positive, default=os.cpu_count() or 1, help="local processes (default: %(default)s, the cores); 1 scores in this process")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on this Dask distributed scheduler instead (pip install 'overclaim[dask]')")
    p.add_argument("--chunk-size", type=positive, default=32, help="records per task sent to a worker (default: %(default)s)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None, help="progress bar on stderr (default: only when stderr is a terminal)")
    p.set_defaults(run=run)


def _runner(args: argparse.Namespace, ref: ModelRef, options: validation.ScoreOptions) -> contextlib.AbstractContextManager[Runner]:
    if args.scheduler:
        from cli.batch_dask import on_cluster

        return on_cluster(args.scheduler, ref, options)
    if args.workers > 1:
        return process_pool(ref, options, args.workers)
    return in_process(ref, options)


def _jobs(items: Iterable[Job | Bad], done: set[str], tally: Tally, bar: tqdm) -> Iterator[Job]:
    for item in items:
        if isinstance(item, Bad):
            tally.bad += 1
            bar.update(1)
            tqdm.write(f"line {item.line}: {item.message}", file=sys.stderr)
        elif item.id in done:
            tally.skipped += 1
        else:
            yield item


def _score(args: argparse.Namespace, runner: Runner, done: set[str], tally: Tally, bar: tqdm, max_chars: int) -> None:
    chunks = chunked(_jobs(read_jobs(args.input, max_chars), done, tally, bar), args.chunk_size)
    with args.output.open("ab") as out:
        for answered in runner(chunks):
            out.write(answered.lines)
            out.flush()
            tally.scored += answered.scored
            tally.errors += answered.errors
            bar.update(answered.scored + answered.errors)


def _summary(tally: Tally, seconds: float) -> str:
    answered = tally.scored + tally.errors
    rate = answered / seconds if seconds > 0 else 0.0
    return (f"{tally.scored} scored, {tally.errors} error records, {tally.bad} bad lines, "
            f"{tally.skipped} skipped (already in the output) in {seconds:.2f} s: {rate:.0f} articles/s")


class CannotStart(Exception):
    """The run cannot begin; exit status 2."""


def _check(args: argparse.Namespace) -> None:
    if not args.input.is_file():
        raise CannotStart(f"{args.input}: no such file")
    if args.scheduler and importlib.util.find_spec("distributed") is None:
        raise CannotStart("--scheduler needs Dask: pip install -c requirements.lock -e '.[dask]'")


def _prepare(args: argparse.Namespace) -> tuple[validation.ScoreOptions, set[str]]:
    """The options and the ids the output already holds (its partial last line cut), or CannotStart."""
    try:
        options = validation.options({"threshold": args.threshold, "offset_encoding": args.offset_encoding, "all_sentences": args.all_sentences})
    except ApiError as exc:
        raise CannotStart(exc.message) from None
    _check(args)
    try:
        done, dropped = done_ids(args.output)
    except OutputError as exc:
        raise CannotStart(str(exc)) from None
    if dropped:
        print(f"{args.output}: removed a partial last line ({dropped} bytes) left by an interrupted run; it is scored again", file=sys.stderr)
    return options, done


def _model_ref() -> ModelRef:
    settings = Settings.from_env()
    return ModelRef(settings.model_dir, settings.model_name, read_card(Path(settings.model_dir), settings.model_name)["sha256"])


def _run(args: argparse.Namespace, options: validation.ScoreOptions, done: set[str]) -> tuple[Tally, float]:
    tally = Tally()
    show = sys.stderr.isatty() if args.progress is None else args.progress
    with _runner(args, _model_ref(), options) as runner:
        start = time.perf_counter()
        total = max(count_lines(args.input) - len(done), 0)
        with tqdm(total=total, unit="article", disable=not show, file=sys.stderr, dynamic_ncols=True) as bar:
            _score(args, runner, done, tally, bar, Settings.from_env().max_text_chars)
        return tally, time.perf_counter() - start


def run(args: argparse.Namespace) -> int:
    try:
        tally, seconds = _run(args, *_prepare(args))
    except CannotStart as exc:
        print(f"overclaim batch: {exc}", file=sys.stderr)
        return 2
    except BrokenProcessPool:
        print("overclaim batch: a worker process died (could it load the model?); rerun with --workers 1 to see why", file=sys.stderr)
        return 1
    print(_summary(tally, seconds))
    return 1 if tally.bad or tally.errors else 0
