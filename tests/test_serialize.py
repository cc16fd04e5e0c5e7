"""Offsets leave the service in the requested unit: UTF-16 code units counted exactly."""
from __future__ import annotations

import pytest

from server.serialize import offset_converter


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
