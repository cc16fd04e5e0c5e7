"""Reviewed feedback as training records (the labeling guide's JSONL format, as classifier/dataset.py checks it)."""
from __future__ import annotations

import json
from typing import Any, Iterable

DEFAULT_DOC = "feedback"


def training_record(row: Any, doc: str) -> dict[str, Any]:
    """One reviewed row as a training line; `doc` groups the lines of one export file."""
    return {
        "doc": doc,
        "text": row["text"],
        "label": row["label"],
        "categories": list(row["review_categories"] or []),
        "cues": [[cue["start"], cue["end"]] for cue in row["cues"] or []],
        "source": f"reader feedback {row['id']}, reviewed by {row['reviewer']}",
    }


def jsonl(rows: Iterable[Any], doc: str) -> Iterable[str]:
    for row in rows:
        yield json.dumps(training_record(row, doc), ensure_ascii=False) + "\n"
