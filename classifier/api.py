"""The classifier's public API: what the server and the command line may use."""
from __future__ import annotations

from classifier.layout import InvalidVersion
from classifier.model import OverclaimModel
from classifier.registry import UnknownVersion, activate, active_version, load_checked
from classifier.scoring import score_text
from classifier.segment import segment
from classifier.store import ModelError, load_model, read_card
from classifier.types import CATEGORIES, Cue, DocumentResult, Match, ScoredSentence, Sentence

__all__ = [
    "CATEGORIES",
    "Cue",
    "InvalidVersion",
    "DocumentResult",
    "Match",
    "ModelError",
    "OverclaimModel",
    "ScoredSentence",
    "Sentence",
    "UnknownVersion",
    "activate",
    "active_version",
    "load_checked",
    "load_model",
    "read_card",
    "score_text",
    "segment",
]
