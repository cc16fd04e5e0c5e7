"""server/validation.py's text checks, called directly: the refused character and where it is."""
from __future__ import annotations

import pytest

from server.errors import ApiError
from server.validation import text_field


@pytest.mark.parametrize("char", ["\x00", "\u202d", "\u202e"])
def test_the_first_forbidden_character_is_named_at_its_codepoint(char: str) -> None:
    text = "😀 Miracle tea cures anxiety. " * 50 + char + " more \u202e and \x00"
    with pytest.raises(ApiError) as raised:
        text_field(text, 200_000)
    assert raised.value.code == "invalid_text"
    assert f"at character {text.index(char)}" in raised.value.message


def test_bidi_embeddings_and_long_non_ascii_text_pass_unchanged() -> None:
    text = "\u202bembedded\u202c 😀 " * 1000
    assert text_field(text, 200_000) is text
