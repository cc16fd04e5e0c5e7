"""POST /v1/score through the real app: the contract's shape, offsets in both units, options."""
from __future__ import annotations

import hashlib

from starlette.testclient import TestClient

from classifier.api import CATEGORIES

OVERCLAIM = "Scientists have discovered a miracle supplement that melts belly fat."
CAREFUL = "A 2021 trial of 40 adults found a small reduction in reported stress."


def score(client: TestClient, **body: object) -> dict:
    response = client.post("/v1/score", json=body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def test_response_has_the_contract_shape(client: TestClient) -> None:
    text = f"{CAREFUL} {OVERCLAIM}"
    body = score(client, text=text)
    assert set(body) >= {"model", "offset_encoding", "text_sha256", "document", "matches"}
    assert set(body["model"]) >= {"name", "version", "threshold"}
    assert body["model"]["name"] == "overclaim"
    assert body["offset_encoding"] == "codepoint"
    assert body["text_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert body["document"]["label"] == "overclaiming"
    assert body["document"]["sentences"] == 2 and body["document"]["flagged"] == 1
    assert "sentences" not in body
    [match] = body["matches"]
    assert set(match) >= {"start", "end", "text", "score", "categories", "cues", "message", "suggestion"}
    assert match["text"] == OVERCLAIM == text[match["start"] : match["end"]]
    assert set(match["categories"]) <= set(CATEGORIES) and match["categories"]
    assert match["message"]
    for cue in match["cues"]:
        assert text[cue["start"] : cue["end"]] == cue["text"]
        assert match["start"] <= cue["start"] < cue["end"] <= match["end"]
        assert cue["category"] in match["categories"]


def test_careful_text_is_ok(client: TestClient) -> None:
    body = score(client, text=CAREFUL)
    assert body["matches"] == [] and body["document"]["label"] == "ok"


def test_matches_are_ordered_and_disjoint(client: TestClient) -> None:
    text = " ".join([OVERCLAIM, CAREFUL, "This revolutionary device is a game-changer for chronic back pain.", OVERCLAIM])
    matches = score(client, text=text)["matches"]
    assert len(matches) == 3
    for a, b in zip(matches, matches[1:]):
        assert a["end"] <= b["start"]


def test_utf16_offsets_index_javascript_strings(client: TestClient) -> None:
    text = f"🧪👩‍🔬 Café ñ. {OVERCLAIM}"
    cp = score(client, text=text)["matches"][0]
    u16 = score(client, text=text, offset_encoding="utf16")
    assert u16["offset_encoding"] == "utf16"
    match = u16["matches"][0]
    encoded = text.encode("utf-16-le")
    assert encoded[2 * match["start"] : 2 * match["end"]].decode("utf-16-le") == match["text"] == cp["text"]
    assert match["start"] > cp["start"]  # the emoji take two UTF-16 units each
    for cue in match["cues"]:
        assert encoded[2 * cue["start"] : 2 * cue["end"]].decode("utf-16-le") == cue["text"]


def test_all_sentences_covers_every_sentence(client: TestClient) -> None:
    text = f"Heading\n\n{CAREFUL} {OVERCLAIM}"
    body = score(client, text=text, all_sentences=True)
    sentences = body["sentences"]
    assert [text[s["start"] : s["end"]] for s in sentences] == ["Heading", CAREFUL, OVERCLAIM]
    assert all(0.0 <= s["score"] <= 1.0 for s in sentences)
    assert len(sentences) == body["document"]["sentences"]
    assert all(1.0 <= s["certainty"] <= 6.0 for s in sentences)


def test_all_sentences_says_how_certain_each_sentence_puts_its_finding(client: TestClient) -> None:
    plain, hedged = "Daily walking lowers resting blood pressure.", "It remains unclear whether daily walking changes blood pressure at all."
    levels = [s["certainty"] for s in score(client, text=f"{plain} {hedged}", all_sentences=True)["sentences"]]
    assert levels[0] > levels[1]
    assert "sentences" not in score(client, text=plain)


def test_threshold_changes_what_is_flagged(client: TestClient) -> None:
    text = f"{CAREFUL} {OVERCLAIM}"
    assert score(client, text=text, threshold=1.0)["matches"] == []
    strict = score(client, text=text, threshold=1.0)
    assert strict["model"]["threshold"] == 1.0 and strict["document"]["label"] == "ok"
    lenient = score(client, text=text, threshold=0.0)
    assert lenient["document"]["flagged"] >= 1


def test_url_with_another_scheme_is_refused(client: TestClient) -> None:
    response = client.post("/v1/score", json={"url": "file:///etc/passwd"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "url_scheme_not_allowed"


def test_model_card_endpoint(client: TestClient, model) -> None:  # type: ignore[no-untyped-def]
    card = client.get("/v1/model").json()
    for field in ("name", "version", "trained_at", "threshold", "categories", "training_data", "sklearn_version", "metrics"):
        assert field in card, field
    assert card["version"] == model.card["version"]
    assert card["categories"] == list(CATEGORIES)
    assert card["training_data"]["sha256"]
    assert card["metrics"]["cross_validation"]["grouped_by"] == "doc"


def test_health_and_readiness(client: TestClient, model) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["model"] == model.card["version"]
