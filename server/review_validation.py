"""A trainer's review: corrected label, categories and cues, checked as the training data is checked."""
from __future__ import annotations

from typing import Any

from server.feedback_validation import VERDICTS, CueLabel, Review, categories_field
from server.validation import invalid

EXAMPLE = '{"label": "overclaim", "categories": ["hype"], "cues": [{"start": 5, "end": 12, "category": "hype"}]}'


def _cue(value: Any, index: int, categories: tuple[str, ...]) -> CueLabel:
    if not isinstance(value, dict):
        raise invalid("invalid_cues", f"cue {index} must be an object like {{\"start\": 0, \"end\": 7, \"category\": \"hype\"}}")
    start, end, category = value.get("start"), value.get("end"), value.get("category")
    if type(start) is not int or type(end) is not int:
        raise invalid("invalid_cues", f"cue {index}: `start` and `end` must be integers (code point offsets into the text)")
    if category not in categories:
        raise invalid("invalid_cues", f"cue {index}: `category` must be one of the review's categories {list(categories)}")
    return CueLabel(start, end, str(category))


def review(body: Any) -> Review:
    """The review's shape; offsets are checked against the stored text by `check_cues`."""
    if not isinstance(body, dict):
        raise invalid("invalid_request", f"the body must be a JSON object such as {EXAMPLE}")
    label = body.get("label")
    if label not in VERDICTS:
        raise invalid("invalid_label", f"`label` must be one of {', '.join(VERDICTS)}")
    categories = categories_field(body.get("categories"))
    cues = body.get("cues") or []
    if not isinstance(cues, list):
        raise invalid("invalid_cues", "`cues` must be a list of {start, end, category} objects")
    if label == "overclaim" and not (categories and cues):
        raise invalid("invalid_review", "an overclaim needs at least one category and one cue")
    if label == "ok" and (categories or cues):
        raise invalid("invalid_review", "an ok sentence has no categories and no cues")
    return Review(str(label), categories, tuple(_cue(c, i, categories) for i, c in enumerate(cues)))


def check_cues(cues: tuple[CueLabel, ...], text: str) -> None:
    """Every cue is a non-empty phrase of `text`, without white space at its ends, and cues don't repeat."""
    for i, cue in enumerate(cues):
        if not 0 <= cue.start < cue.end <= len(text):
            raise invalid("invalid_cues", f"cue {i} [{cue.start}, {cue.end}) is outside the text (length {len(text)})")
        phrase = text[cue.start : cue.end]
        if phrase != phrase.strip():
            raise invalid("invalid_cues", f"cue {i} {phrase!r} starts or ends with white space")
    if len({(c.start, c.end) for c in cues}) != len(cues):
        raise invalid("invalid_cues", "two cues have the same offsets")
