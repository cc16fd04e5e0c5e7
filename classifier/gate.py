"""The must-flag / must-pass table every model has to pass (classifier/data/gate.toml)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from classifier.model import OverclaimModel
from classifier.scoring import score_text

GATE_PATH = Path(__file__).parent / "data" / "gate.toml"


@dataclass(frozen=True)
class GateRow:
    text: str
    flag: bool
    categories: tuple[str, ...] = ()
    cue: str | None = None


def load_gate(path: Path = GATE_PATH) -> list[GateRow]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    rows = [GateRow(r["text"], True, tuple(r.get("categories", ())), r.get("cue")) for r in raw.get("flag", [])]
    return rows + [GateRow(r["text"], False) for r in raw.get("pass", [])]


def failure(model: OverclaimModel, row: GateRow) -> str | None:
    """Why the model fails this row, or None when it passes."""
    result = score_text(model, row.text)
    if not row.flag:
        return f"flagged a must-pass sentence: {row.text!r}" if result.matches else None
    if not result.matches:
        return f"did not flag: {row.text!r}"
    match = result.matches[0]
    missing = [c for c in row.categories if c not in match.categories]
    if missing:
        return f"flagged {row.text!r} without {missing} (got {list(match.categories)})"
    if row.cue:
        at = row.text.find(row.cue)
        if not any(c.start < at + len(row.cue) and at < c.end for c in match.cues):
            return f"flagged {row.text!r} but no cue overlaps {row.cue!r} (cues {[c.text for c in match.cues]})"
    return None


def failures(model: OverclaimModel, rows: list[GateRow] | None = None) -> list[str]:
    return [f for row in (rows or load_gate()) if (f := failure(model, row))]
