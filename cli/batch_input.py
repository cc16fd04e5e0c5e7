"""Reading `overclaim batch` input (JSONL of {"id", "text"} or {"id", "url"}) and the ids an earlier run already wrote."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from server import validation
from server.errors import ApiError


@dataclass(frozen=True)
class Job:
    """One record to answer: a text to score, or a URL to fetch and score."""

    id: str
    text: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Bad:
    """An input line that cannot be answered, with why; reported on stderr, never written to the output."""

    line: int
    message: str


class OutputError(ValueError):
    """The output file cannot be resumed safely."""


def _job(record: Any, max_chars: int) -> Job:
    if not isinstance(record, dict):
        raise ApiError(422, "invalid_record", 'a line must be a JSON object such as {"id": "a1", "text": "..."}')
    doc_id = validation.document_id(record.get("id"))
    if record.get("text") is None and isinstance(record.get("url"), str):
        return Job(doc_id, url=record["url"])
    if "text" not in record:
        raise ApiError(422, "missing_text", "`text` is missing")
    return Job(doc_id, validation.text_field(record["text"], max_chars))


def _parse(raw: bytes, max_chars: int) -> Job:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ApiError(400, "malformed_json", "not UTF-8") from None
    except ValueError as exc:
        raise ApiError(400, "malformed_json", f"not valid JSON ({exc})") from None
    return _job(record, max_chars)


def read_jobs(path: Path, max_chars: int) -> Iterator[Job | Bad]:
    """Every non-blank line as a Job, or as Bad with its 1-based line number (duplicates included)."""
    first_line: dict[str, int] = {}
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                job = _parse(raw, max_chars)
            except ApiError as exc:
                yield Bad(number, exc.message)
                continue
            if job.id in first_line:
                yield Bad(number, f"id {job.id!r} repeats line {first_line[job.id]}")
                continue
            first_line[job.id] = number
            yield job


def count_lines(path: Path) -> int:
    with path.open("rb") as lines:
        return sum(1 for raw in lines if raw.strip())


def _last_line_start(handle: BinaryIO, end: int) -> int:
    """Offset just past the last newline before `end` (0 if none), reading backwards in blocks."""
    position = end
    while position > 0:
        step = min(1 << 16, position)
        handle.seek(position - step)
        newline = handle.read(step).rfind(b"\n")
        if newline >= 0:
            return position - step + newline + 1
        position -= step
    return 0


def _drop_partial_tail(path: Path) -> int:
    """Cut an unterminated last line (a run stopped mid-write); return the bytes dropped."""
    with path.open("rb+") as handle:
        end = handle.seek(0, os.SEEK_END)
        keep = _last_line_start(handle, end)
        if keep < end:
            handle.truncate(keep)
        return end - keep


def done_ids(path: Path) -> tuple[set[str], int]:
    """Ids already answered in `path` and the bytes of a partial last line removed from it."""
    if not path.exists():
        return set(), 0
    dropped = _drop_partial_tail(path)
    ids: set[str] = set()
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            try:
                ids.add(json.loads(raw)["id"])
            except (ValueError, KeyError, TypeError):
                raise OutputError(f"{path} line {number} is not an answer this command wrote; use another -o file") from None
    return ids, dropped
