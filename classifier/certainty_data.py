"""Graded-certainty records: sentences reporting a finding, rated 1 (openly uncertain) to 6 (plain fact).

They live in `training_data/certainty/` and teach the certainty scale
(classifier/certainty.py), not the overclaim heads. The record format and
the rating scale are in training_data/README.md.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from classifier.dataset import Problem

LEVELS = range(1, 7)
KINDS: tuple[str, ...] = ("news", "abstract", "results", "discussion", "press_release", "magazine", "textbook", "blog")
REQUIRED = ("doc", "text", "certainty", "kind", "source")


@dataclass(frozen=True, slots=True)
class CertaintyRecord:
    doc: str
    text: str
    certainty: int
    kind: str
    source: str
    topic: str | None = None


def problems_in_certainty(obj: Any) -> Iterator[tuple[str, str]]:
    """Yield (field, message) for everything wrong with one parsed certainty line."""
    if not isinstance(obj, dict):
        yield "-", "a line must be a JSON object"
        return
    for name in REQUIRED:
        if name not in obj:
            yield name, "is missing"
    for name in ("doc", "text", "source", "topic"):
        value = obj.get(name)
        if name in obj and (not isinstance(value, str) or not value.strip()):
            yield name, "must be a non-empty string"
    text = obj.get("text")
    if isinstance(text, str) and text != text.strip():
        yield "text", "starts or ends with white space"
    if "certainty" in obj and not (type(obj["certainty"]) is int and obj["certainty"] in LEVELS):
        yield "certainty", f"{obj['certainty']!r} must be an integer from 1 (openly uncertain) to 6 (plain fact)"
    if "kind" in obj and obj["kind"] not in KINDS:
        yield "kind", f"{obj['kind']!r} is not one of {', '.join(KINDS)}"


def _record(obj: dict[str, Any]) -> CertaintyRecord:
    return CertaintyRecord(obj["doc"], obj["text"], obj["certainty"], obj["kind"], obj["source"], obj.get("topic"))


def check_certainty_file(path: Path, require_doc_from_name: bool = False) -> tuple[list[CertaintyRecord], list[Problem]]:
    """Parse one certainty JSONL file; return its valid records and every problem found."""
    records: list[CertaintyRecord] = []
    problems: list[Problem] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(str(path), 0, "-", f"cannot read: {exc}")]
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(str(path), number, "-", f"invalid JSON: {exc.msg} at column {exc.colno}"))
            continue
        found = [Problem(str(path), number, f, m) for f, m in problems_in_certainty(obj)]
        if not found and require_doc_from_name and obj["doc"] != path.stem:
            found.append(Problem(str(path), number, "doc", f"{obj['doc']!r} differs from the file name {path.stem!r}"))
        if not found and obj["text"] in seen:
            found.append(Problem(str(path), number, "text", f"repeats line {seen[obj['text']]}"))
        problems.extend(found)
        if not found:
            seen[obj["text"]] = number
            records.append(_record(obj))
    if not records and not problems:
        problems.append(Problem(str(path), 0, "-", "file has no records"))
    return records, problems


def load_certainty(paths: Iterable[Path]) -> list[CertaintyRecord]:
    """Load certainty records, raising ValueError listing every problem if any file is invalid."""
    records: list[CertaintyRecord] = []
    problems: list[Problem] = []
    for path in paths:
        found, bad = check_certainty_file(path)
        records.extend(found)
        problems.extend(bad)
    if problems:
        listing = "\n".join(str(p) for p in problems[:50])
        raise ValueError(f"{len(problems)} problem(s) in the certainty data:\n{listing}")
    return records
