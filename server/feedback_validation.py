"""Feedback and review bodies to typed records, or a 4xx that says what to fix. No database here."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from classifier.api import CATEGORIES
from server.errors import ApiError
from server.validation import invalid, text_field

VERDICTS = ("overclaim", "ok")
MAX_URL_CHARS = 2048
MAX_MODEL_VERSION_CHARS = 100
MAX_IDEMPOTENCY_KEY_CHARS = 200


@dataclass(frozen=True)
class Submission:
    text: str
    verdict: str
    categories: tuple[str, ...]
    url: str | None
    model_version: str | None
    comment: str | None

    def sha256(self) -> str:
        """A digest of the submission, to tell a retry from a different body under the same key."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CueLabel:
    start: int
    end: int
    category: str


@dataclass(frozen=True)
class Review:
    label: str
    categories: tuple[str, ...]
    cues: tuple[CueLabel, ...]


def _object(body: Any, example: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise invalid("invalid_request", f"the body must be a JSON object such as {example}")
    return body


def _choice(body: dict[str, Any], field: str, allowed: tuple[str, ...]) -> str:
    value = body.get(field)
    if value not in allowed:
        raise invalid(f"invalid_{field}", f"`{field}` must be one of {', '.join(allowed)}")
    return str(value)


def categories_field(value: Any, field: str = "categories") -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise invalid("invalid_categories", f"`{field}` must be a list of category names")
    unknown = [c for c in value if c not in CATEGORIES]
    if unknown:
        raise invalid("unknown_category", f"unknown categories {unknown}; use {', '.join(CATEGORIES)}")
    if len(set(value)) != len(value):
        raise invalid("invalid_categories", f"`{field}` names a category twice")
    return tuple(value)


def _optional_text(body: dict[str, Any], field: str, limit: int, code: str) -> str | None:
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid(f"invalid_{field}", f"`{field}` must be a string")
    if len(value) > limit:
        raise invalid(code, f"`{field}` has {len(value):,} characters, over the {limit:,} limit")
    return value


def _url(body: dict[str, Any]) -> str | None:
    url = _optional_text(body, "url", MAX_URL_CHARS, "invalid_url")
    if url is not None and not _is_web_address(url):
        raise invalid("invalid_url", "`url` must be an http or https address of the page the sentence came from")
    return url


def _is_web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # an unbalanced [ or ] in the host: urlsplit refuses it
        return False


def submission(body: Any, max_text_chars: int, max_comment_chars: int) -> Submission:
    body = _object(body, '{"text": "...", "verdict": "ok"}')
    if body.get("text") is None:
        raise invalid("missing_text", "send the sentence the feedback is about as `text`")
    return Submission(
        text=text_field(body["text"], max_text_chars).strip(),
        verdict=_choice(body, "verdict", VERDICTS),
        categories=categories_field(body.get("categories")),
        url=_url(body),
        model_version=_optional_text(body, "model_version", MAX_MODEL_VERSION_CHARS, "invalid_model_version"),
        comment=_optional_text(body, "comment", max_comment_chars, "comment_too_long"),
    )


def idempotency_key(value: str | None) -> str | None:
    if value is None:
        return None
    if not 0 < len(value) <= MAX_IDEMPOTENCY_KEY_CHARS or not value.isascii() or not value.isprintable():
        raise invalid("invalid_idempotency_key", f"`Idempotency-Key` must be 1 to {MAX_IDEMPOTENCY_KEY_CHARS} printable ASCII characters")
    return value
