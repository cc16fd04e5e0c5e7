"""The two seed articles through the HTTP app: the project's first acceptance test."""
from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from tests.conftest import CAUTIOUS_SEED, OVERCLAIMING_SEED, seed

# The sentences the labeling guide names as overclaims in the overclaiming seed.
MUST_FLAG = [
    "numerous studies have shown that microdosing can help alleviate symptoms of depression",
    "One way microdosing helps with depression is by increasing neuroplasticity in the brain",
    "Another way microdosing helps with depression is by reducing activity in the default mode network",
    "Microdosing can also enhance creativity and boost overall well-being, leading to improvements in mental health",
    "It allows individuals to gain a fresh perspective",
]
# Its hedged sentences, which the guide says are ok.
MUST_PASS = [
    "some studies suggest that microdosing could help manage depression symptoms",
    "reducing DMN activity may ease depressive symptoms",
    "individuals may experience increased neural connectivity",
]


def score(client: TestClient, text: str) -> dict:
    response = client.post("/v1/score", json={"text": text, "offset_encoding": "utf16"})
    assert response.status_code == 200, response.text
    return response.json()


def test_cautious_seed_gets_no_flag(client: TestClient) -> None:
    body = score(client, seed(CAUTIOUS_SEED))
    assert body["matches"] == [], [m["text"] for m in body["matches"]]
    assert body["document"]["label"] == "ok"


@pytest.fixture(scope="module")
def overclaiming(client: TestClient) -> tuple[str, dict]:
    text = seed(OVERCLAIMING_SEED)
    return text, score(client, text)


def test_overclaiming_seed_is_overclaiming(overclaiming: tuple[str, dict]) -> None:
    assert overclaiming[1]["document"]["label"] == "overclaiming"


@pytest.mark.parametrize("phrase", MUST_FLAG)
def test_guide_sentences_are_flagged(overclaiming: tuple[str, dict], phrase: str) -> None:
    text, body = overclaiming
    flagged = [m["text"] for m in body["matches"]]
    assert any(phrase in m for m in flagged), f"not flagged: {phrase!r}; flagged: {flagged}"


@pytest.mark.parametrize("phrase", MUST_PASS)
def test_hedged_sentences_are_not_flagged(overclaiming: tuple[str, dict], phrase: str) -> None:
    text, body = overclaiming
    for match in body["matches"]:
        assert phrase.lower() not in match["text"].lower(), match["text"]


def test_seed_offsets_are_exact_in_utf16(overclaiming: tuple[str, dict]) -> None:
    text, body = overclaiming
    units = text.encode("utf-16-le")
    for match in body["matches"]:
        assert units[2 * match["start"] : 2 * match["end"]].decode("utf-16-le") == match["text"]
        assert match["cues"], match["text"]
        for cue in match["cues"]:
            assert units[2 * cue["start"] : 2 * cue["end"]].decode("utf-16-le") == cue["text"]
            assert re.search(r"\w", cue["text"])
