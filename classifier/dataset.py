"""Labeled records: loading and validation of the JSON Lines training format.

Stdlib only, so `python -m classifier.dataset FILE...` works before install.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

from classifier.types import CATEGORIES, LABELS

STYLES: tuple[str, ...] = (
    "cautious_explainer",
    "wellness_marketing",
    "news_report",
    "listicle",
    "qa",
    "testimonial",
    "press_release",
    "opinion",
)
REQUIRED = ("doc", "text", "label", "categories", "cues", "source")
GRADED_DIR = "certainty"


@dataclass(frozen=True, slots=True)
class Record:
    doc: str
    text: str
    label: str
    categories: tuple[str, ...]
    cues: tuple[tuple[int, int], ...]
    source: str
    topic: str | None = None
    style: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


def _problems_in_cues(cues: Any, text: str) -> Iterator[str]:
    if not isinstance(cues, list):
        yield "must be a list of [start, end] pairs"
        return
    for i, cue in enumerate(cues):
        if not (isinstance(cue, list) and len(cue) == 2 and all(type(v) is int for v in cue)):
            yield f"cue {i} must be [start, end] integers"
            continue
        start, end = cue
        if not 0 <= start < end <= len(text):
            yield f"cue {i} [{start}, {end}] is outside the text (length {len(text)})"
        elif text[start:end] != text[start:end].strip():
            yield f"cue {i} {text[start:end]!r} starts or ends with white space"


def _problems_in_labels(obj: dict[str, Any]) -> Iterator[tuple[str, str]]:
    label, cats, cues = obj.get("label"), obj.get("categories"), obj.get("cues")
    if label not in LABELS:
        yield "label", f"{label!r} is not one of {', '.join(LABELS)}"
    if not isinstance(cats, list) or not all(isinstance(c, str) for c in cats):
        yield "categories", "must be a list of strings"
        return
    unknown = [c for c in cats if c not in CATEGORIES]
    if unknown:
        yield "categories", f"unknown {unknown}; use {', '.join(CATEGORIES)}"
    if len(set(cats)) != len(cats):
        yield "categories", "repeats a category"
    if label == "overclaim" and not cats:
        yield "categories", "an overclaim needs at least one category"
    if label == "overclaim" and isinstance(cues, list) and not cues:
        yield "cues", "an overclaim needs at least one cue"
    if label == "ok" and cats:
        yield "categories", "an ok sentence has no categories"
    if label == "ok" and cues:
        yield "cues", "an ok sentence has no cues"


def problems_in_fields(obj: Any, required: Sequence[str], strings: Sequence[str]) -> Iterator[tuple[str, str]]:
    """What every kind of record checks: a JSON object, its required fields, non-empty strings, a trimmed text."""
    if not isinstance(obj, dict):
        yield "-", "a line must be a JSON object"
        return
    for name in required:
        if name not in obj:
            yield name, "is missing"
    for name in strings:
        value = obj.get(name)
        if name in obj and (not isinstance(value, str) or not value.strip()):
            yield name, "must be a non-empty string"
    text = obj.get("text")
    if isinstance(text, str) and text != text.strip():
        yield "text", "starts or ends with white space"


def problems_in_object(obj: Any) -> Iterator[tuple[str, str]]:
    """Yield (field, message) for everything wrong with one parsed line."""
    yield from problems_in_fields(obj, REQUIRED, ("doc", "text", "source"))
    if not isinstance(obj, dict):
        return
    text = obj.get("text")
    if "style" in obj and obj["style"] not in STYLES:
        yield "style", f"{obj['style']!r} is not one of {', '.join(STYLES)}"
    if "topic" in obj and (not isinstance(obj["topic"], str) or not obj["topic"].strip()):
        yield "topic", "must be a non-empty string"
    yield from _problems_in_labels(obj)
    if isinstance(text, str) and "cues" in obj:
        yield from (("cues", m) for m in _problems_in_cues(obj["cues"], text))


def to_record(obj: dict[str, Any]) -> Record:
    return Record(
        doc=obj["doc"],
        text=obj["text"],
        label=obj["label"],
        categories=tuple(obj["categories"]),
        cues=tuple((s, e) for s, e in obj["cues"]),
        source=obj["source"],
        topic=obj.get("topic"),
        style=obj.get("style"),
    )


def parsed_lines(path: Path) -> tuple[list[tuple[int, Any]], list[Problem]]:
    """(line number, parsed JSON) for each non-blank line of a JSON Lines file, and a
    problem for each line that is not JSON, or for a file that cannot be read or holds nothing."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(str(path), 0, "-", f"cannot read: {exc}")]
    parsed: list[tuple[int, Any]] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            parsed.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(Problem(str(path), number, "-", f"invalid JSON: {exc.msg} at column {exc.colno}"))
    if not parsed and not problems:
        problems.append(Problem(str(path), 0, "-", "file has no records"))
    return parsed, problems


def doc_from_name(path: Path, number: int, obj: dict[str, Any]) -> list[Problem]:
    """A problem when a record's `doc` is not its file's name."""
    if obj["doc"] == path.stem:
        return []
    return [Problem(str(path), number, "doc", f"{obj['doc']!r} differs from the file name {path.stem!r}")]


def check_file(path: Path, require_doc_from_name: bool = False) -> tuple[list[Record], list[Problem]]:
    """Parse one JSONL file; return its valid records and every problem found."""
    records: list[Record] = []
    parsed, problems = parsed_lines(path)
    seen_meta: dict[str, tuple[Any, Any]] = {}
    for number, obj in parsed:
        found = [Problem(str(path), number, f, m) for f, m in problems_in_object(obj)]
        if not found and require_doc_from_name:
            found += doc_from_name(path, number, obj)
        if not found:
            meta = (obj.get("topic"), obj.get("style"))
            if seen_meta.setdefault(obj["doc"], meta) != meta:
                found.append(Problem(str(path), number, "topic", "topic/style differ from earlier lines of this doc"))
        problems.extend(found)
        if not found:
            records.append(to_record(obj))
    return records, sorted(problems, key=lambda p: p.line)  # in file order


def jsonl_files(root: Path) -> list[Path]:
    """Every JSON Lines file under `root` (or `root` itself, a file)."""
    return sorted(root.rglob("*.jsonl")) if root.is_dir() else [root]


def is_graded(path: Path) -> bool:
    """Whether `path` holds graded-certainty records (classifier/certainty_data.py): they live in a `certainty/` folder."""
    return path.parent.name == GRADED_DIR


def data_files(root: Path) -> list[Path]:
    """The labeled-sentence files under `root`: every JSON Lines file but the graded-certainty ones."""
    return [p for p in jsonl_files(root) if not is_graded(p)] if root.is_dir() else [root]


R = TypeVar("R")


def load_checked(paths: Iterable[Path], check: Callable[[Path], tuple[list[R], list[Problem]]], what: str) -> list[R]:
    """Every record `check` accepts in `paths`, raising ValueError listing every problem if any file has one."""
    records: list[R] = []
    problems: list[Problem] = []
    for path in paths:
        found, bad = check(path)
        records.extend(found)
        problems.extend(bad)
    if problems:
        listing = "\n".join(str(p) for p in problems[:50])
        raise ValueError(f"{len(problems)} problem(s) in the {what}:\n{listing}")
    return records


def load_records(paths: Iterable[Path]) -> list[Record]:
    """Load records, raising ValueError listing every problem if any file is invalid."""
    return load_checked(paths, check_file, "training data")


def main(argv: list[str]) -> int:
    problems: list[Problem] = []
    count = 0
    for arg in argv or ["training_data"]:
        for path in data_files(Path(arg)):
            records, bad = check_file(path, require_doc_from_name=True)
            count += len(records)
            problems.extend(bad)
    for problem in problems:
        print(problem)
    print(f"{count} valid records, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
