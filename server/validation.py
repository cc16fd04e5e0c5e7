"""Turning a parsed JSON body into a valid scoring request, or a 4xx that says why."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from server.errors import ApiError

OFFSET_ENCODINGS = ("codepoint", "utf16")


@dataclass(frozen=True)
class ScoreOptions:
    threshold: float | None
    offset_encoding: str
    all_sentences: bool


@dataclass(frozen=True)
class ScoreRequest:
    text: str
    options: ScoreOptions


@dataclass(frozen=True)
class UrlScoreRequest:
    url: str
    options: ScoreOptions


def invalid(code: str, message: str) -> ApiError:
    return ApiError(422, code, message)


def _threshold(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not 0 <= value <= 1:
        raise invalid("invalid_threshold", "`threshold` must be a number from 0 to 1")
    return float(value)


def options(body: dict[str, Any]) -> ScoreOptions:
    encoding = body.get("offset_encoding", "codepoint")
    if encoding not in OFFSET_ENCODINGS:
        raise invalid("invalid_offset_encoding", '`offset_encoding` must be "codepoint" or "utf16"')
    all_sentences = body.get("all_sentences", False)
    if not isinstance(all_sentences, bool):
        raise invalid("invalid_all_sentences", "`all_sentences` must be true or false")
    return ScoreOptions(_threshold(body.get("threshold")), encoding, all_sentences)


# NUL is not text, and bidi overrides (LRO, RLO) make what a reader sees differ from the characters
# scored (the "Trojan Source" trick); both are refused. Embeddings and isolates stay: RTL text uses them.
FORBIDDEN_CHARS = re.compile("[\x00\u202d\u202e]")
FORBIDDEN_NAMES = {"\x00": "NUL", "\u202d": "a left-to-right override (U+202D)", "\u202e": "a right-to-left override (U+202E)"}


def _refuse_forbidden(value: str, field: str) -> None:
    # `in` scans at C speed (about 6x the regex on a 1,500-word article); the regex runs only to say where.
    if not any(char in value for char in FORBIDDEN_NAMES):
        return
    found = FORBIDDEN_CHARS.search(value)
    if found:
        name = FORBIDDEN_NAMES[found.group()]
        raise invalid("invalid_text", f"`{field}` contains {name} at character {found.start()}; remove it and send the text again")


def text_field(value: Any, max_chars: int, field: str = "text") -> str:
    if not isinstance(value, str):
        raise invalid("invalid_text", f"`{field}` must be a string")
    if not value.strip():
        raise invalid("empty_text", f"`{field}` is empty; send the article's text")
    if len(value) > max_chars:
        raise ApiError(413, "text_too_long", f"`{field}` has {len(value):,} characters, over the {max_chars:,} limit; split the article")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise invalid("invalid_text", f"`{field}` contains unpaired surrogates; send valid Unicode text") from None
    _refuse_forbidden(value, field)
    return value


def url_field(value: Any, max_chars: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise invalid("invalid_url", "`url` must be a non-empty string such as \"https://example.com/article\"")
    if len(value) > max_chars:
        raise invalid("url_too_long", f"`url` has {len(value):,} characters, over the {max_chars:,} limit")
    return value.strip()


def score_request(body: Any, max_chars: int, max_url_chars: int = 2048) -> ScoreRequest | UrlScoreRequest:
    if not isinstance(body, dict):
        raise invalid("invalid_request", 'the body must be a JSON object such as {"text": "..."}')
    has_text, has_url = body.get("text") is not None, body.get("url") is not None
    if has_text and has_url:
        raise invalid("text_and_url", "send exactly one of `text` and `url`, not both")
    if has_url:
        return UrlScoreRequest(url_field(body["url"], max_url_chars), options(body))
    if not has_text:
        raise invalid("missing_text", "send the article as `text`")
    return ScoreRequest(text_field(body["text"], max_chars), options(body))


@dataclass(frozen=True)
class BatchDocument:
    id: str
    text: str


@dataclass(frozen=True)
class BatchRequest:
    documents: tuple[BatchDocument, ...]
    options: ScoreOptions


def url_not_supported(field: str = "url") -> ApiError:
    return invalid("url_not_supported", f"`{field}`: a batch does not fetch URLs; send the page's `text`, or use `overclaim batch` for URLs")


def document_id(value: Any, field: str = "id") -> str:
    """Ids are non-empty strings (numbers are refused, so 1, 1.0 and "1" never collide)."""
    if not isinstance(value, str) or not value:
        raise invalid("invalid_id", f"`{field}` must be a non-empty string")
    return value


def batch_document(item: Any, index: int, max_chars: int) -> BatchDocument:
    where = f"documents[{index}]"
    if not isinstance(item, dict):
        raise invalid("invalid_document", f'`{where}` must be an object such as {{"id": "a1", "text": "..."}}')
    if item.get("url") is not None:
        raise url_not_supported(f"{where}.url")
    if "text" not in item:
        raise invalid("missing_text", f"`{where}.text` is missing; send the article as `text`")
    return BatchDocument(document_id(item.get("id"), f"{where}.id"), text_field(item["text"], max_chars, f"{where}.text"))


def _unique(documents: list[BatchDocument]) -> None:
    first: dict[str, int] = {}
    for index, doc in enumerate(documents):
        if doc.id in first:
            raise invalid("duplicate_id", f"`documents[{index}].id` {doc.id!r} repeats `documents[{first[doc.id]}].id`; ids must be unique")
        first[doc.id] = index


def batch_request(body: Any, max_documents: int, max_chars: int) -> BatchRequest:
    """A valid batch, or the first invalid item's error naming its index."""
    if not isinstance(body, dict) or not isinstance(body.get("documents"), list):
        raise invalid("invalid_request", 'the body must be a JSON object such as {"documents": [{"id": "a1", "text": "..."}]}')
    items = body["documents"]
    if not items:
        raise invalid("empty_batch", "`documents` is empty; send at least one document")
    if len(items) > max_documents:
        raise ApiError(413, "too_many_documents", f"`documents` has {len(items):,} items, over the {max_documents:,} limit; split the batch")
    chosen = options(body)
    documents = [batch_document(item, i, max_chars) for i, item in enumerate(items)]
    _unique(documents)
    return BatchRequest(tuple(documents), chosen)
