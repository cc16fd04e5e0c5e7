"""Offsets leave the service in the requested unit: UTF-16 code units counted exactly; bodies are compact UTF-8 JSON."""
from __future__ import annotations

import json

import numpy as np
import pytest

from server.serialize import encode, offset_converter


@pytest.mark.parametrize(
    "text",
    ["plain ascii", "café “quoted” — dash", "👩‍🔬 emoji 𝔘 math", "lone \ud800 surrogate", "mixed \udfff and 😀 end", ""],
)
def test_utf16_offsets_count_code_units(text: str) -> None:
    at = offset_converter(text, "utf16")
    for offset in range(len(text) + 1):
        assert at(offset) == len(text[:offset].encode("utf-16-le", "surrogatepass")) // 2


def test_codepoint_offsets_stay() -> None:
    at = offset_converter("👩‍🔬 x", "codepoint")
    assert [at(o) for o in range(5)] == [0, 1, 2, 3, 4]


TEXTS = ["plain", "café “quoted” — dash", "👩‍🔬 emoji 𝔘 math", "e\u0301 combining", "tab\tnew\nline \\ \"q\"", "\u2028\u2029 \x00\x1f", ""]


@pytest.mark.parametrize("text", TEXTS)
def test_encode_is_what_json_dumps_means(text: str) -> None:
    payload = {"text": text, "score": 0.1234, "tiny": 1e-07, "big": 1e16, "flags": [True, False, None], "n": 3, "nested": {"k": [text]}}
    body = encode(payload)
    assert json.loads(body.decode("utf-8")) == payload
    assert body.decode("utf-8") == json.dumps(payload, ensure_ascii=False, separators=(",", ":")).replace("e-07", "e-7")


def test_encode_keeps_characters_and_numpy_numbers() -> None:
    body = encode({"text": "😀 é", "score": np.float64(0.25), "count": np.int64(2)})
    assert "😀 é".encode("utf-8") in body
    assert json.loads(body) == {"text": "😀 é", "score": 0.25, "count": 2}


def test_encode_refuses_unpaired_surrogates() -> None:
    """Validation refuses them first (test_validation.py); the encoder would not send them either."""
    with pytest.raises(TypeError):
        encode({"text": "lone \ud800"})
