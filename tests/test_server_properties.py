"""Property tests through HTTP: for any Unicode text, offsets hold in both encodings and scoring never fails.

tests/test_scoring.py checks the library on st.text(); here the same invariant crosses the JSON edge,
with the characters that break offset code: astral emoji, combining marks, bidi controls, NUL.
"""
from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from server.validation import FORBIDDEN_CHARS

OVERCLAIM = " Numerous studies have shown that this tea cures anxiety."
TRICKY = [
    "\U0001F600", "\U0001F469\u200D\U0001F52C", "\U0001F1FA\U0001F1F8", "\U0001D400",  # emoji, ZWJ, flag, math bold
    "e\u0301", "\u0301", "\u0308\u0308", "\u200F", "\u202E", "\u2066", "\u200B", "\x00",  # marks, bidi, ZW space, NUL
    "\u05E9\u05DC\u05D5\u05DD", "\u0645\u0631\u062D\u0628\u0627", ".", "? ", "\n\n", "Dr. ", "\u3002",
]
pieces = st.one_of(st.sampled_from(TRICKY), st.text(st.characters(exclude_categories=["Cs"]), max_size=6))
any_text = st.tuples(st.lists(pieces, max_size=40).map("".join), st.sampled_from(["", OVERCLAIM])).map("".join)


def utf16_slice(text: str, start: int, end: int) -> str:
    """text[start:end] with UTF-16 code-unit offsets; raises if an offset splits a surrogate pair."""
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le", errors="strict")


def spans(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [*body["matches"], *(cue for m in body["matches"] for cue in m["cues"])]


def check_offsets(text: str, body: dict[str, Any]) -> None:
    cut = utf16_slice if body["offset_encoding"] == "utf16" else (lambda t, s, e: t[s:e])
    for span in spans(body):
        assert cut(text, span["start"], span["end"]) == span["text"]
    previous_end = 0
    for sentence in body["sentences"]:
        assert previous_end <= sentence["start"] < sentence["end"]
        assert cut(text, sentence["start"], sentence["end"]).strip()
        previous_end = sentence["end"]


@settings(max_examples=120, deadline=None)
@given(any_text, st.sampled_from(["codepoint", "utf16"]))
def test_offsets_hold_through_http_in_both_encodings(client: TestClient, text: str, encoding: str) -> None:
    request = {"text": text, "offset_encoding": encoding, "all_sentences": True, "threshold": 0.0}
    response = client.post("/v1/score", json=request)
    if not text.strip():
        assert response.status_code == 422 and response.json()["error"]["code"] == "empty_text"
        return
    if FORBIDDEN_CHARS.search(text):
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_text"
        return
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["offset_encoding"] == encoding
    check_offsets(text, body)
    assert body["document"]["sentences"] == len(body["sentences"])
