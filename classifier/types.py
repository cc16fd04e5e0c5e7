"""Shared records. No project imports here: every layer may import this module."""
from __future__ import annotations

from dataclasses import dataclass, field

CATEGORIES: tuple[str, ...] = (
    "vague_authority",
    "certainty",
    "causal",
    "hype",
    "generalization",
)
LABELS: tuple[str, ...] = ("overclaim", "ok", "borderline")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as [start, end) code-point offsets into the original text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int
    text: str
    category: str


@dataclass(frozen=True, slots=True)
class Match:
    """A flagged sentence with its cues, message and suggested rewrite."""

    start: int
    end: int
    text: str
    score: float
    categories: tuple[str, ...]
    cues: tuple[Cue, ...]
    message: str
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class ScoredSentence:
    start: int
    end: int
    score: float
    certainty: float | None = None  # the certainty scale's 1-6, when the model has one


@dataclass(frozen=True, slots=True)
class DocumentResult:
    score: float
    label: str
    sentences: int
    flagged: int
    matches: tuple[Match, ...] = field(default_factory=tuple)
    scored: tuple[ScoredSentence, ...] = field(default_factory=tuple)
