"""Graded-certainty records: sentences reporting a finding, rated 1 (openly uncertain) to 6 (plain fact).

They live in `training_data/certainty/` and teach the certainty scale
(classifier/certainty.py), not the overclaim heads. The record format and
the rating scale are in training_data/README.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from classifier.dataset import Problem, doc_from_name, load_checked, parsed_lines, problems_in_fields

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
    yield from problems_in_fields(obj, REQUIRED, ("doc", "text", "source", "topic"))
    if not isinstance(obj, dict):
        return
    if "certainty" in obj and not (type(obj["certainty"]) is int and obj["certainty"] in LEVELS):
        yield "certainty", f"{obj['certainty']!r} must be an integer from 1 (openly uncertain) to 6 (plain fact)"
    if "kind" in obj and obj["kind"] not in KINDS:
        yield "kind", f"{obj['kind']!r} is not one of {', '.join(KINDS)}"


def _record(obj: dict[str, Any]) -> CertaintyRecord:
    return CertaintyRecord(obj["doc"], obj["text"], obj["certainty"], obj["kind"], obj["source"], obj.get("topic"))


def check_certainty_file(path: Path, require_doc_from_name: bool = False) -> tuple[list[CertaintyRecord], list[Problem]]:
    """Parse one certainty JSONL file; return its valid records and every problem found."""
    records: list[CertaintyRecord] = []
    parsed, problems = parsed_lines(path)
    seen: dict[str, int] = {}
    for number, obj in parsed:
        found = [Problem(str(path), number, f, m) for f, m in problems_in_certainty(obj)]
        if not found and require_doc_from_name:
            found += doc_from_name(path, number, obj)
        if not found and obj["text"] in seen:
            found.append(Problem(str(path), number, "text", f"repeats line {seen[obj['text']]}"))
        problems.extend(found)
        if not found:
            seen[obj["text"]] = number
            records.append(_record(obj))
    return records, sorted(problems, key=lambda p: p.line)  # in file order


def load_certainty(paths: Iterable[Path]) -> list[CertaintyRecord]:
    """Load certainty records, raising ValueError listing every problem if any file is invalid."""
    return load_checked(paths, check_certainty_file, "certainty data")
