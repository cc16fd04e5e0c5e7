"""POST /v1/score/batch through the real app: request order, limits, errors naming the index, offsets."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, Iterator

import pytest
from starlette.testclient import TestClient

from server.app import create_app
from server.batch import slices
from server.settings import Settings
from server.validation import BatchDocument

OVERCLAIM = "Scientists have discovered a miracle supplement that melts belly fat."
CAREFUL = "A 2021 trial of 40 adults found a small reduction in reported stress."
EMOJI = f"🧪👩‍🔬 Café ñ. {OVERCLAIM} Cafe\u0301 🧪 was nice. {OVERCLAIM}"


@pytest.fixture(scope="module")
def small(settings: Settings) -> Iterator[TestClient]:
    """Limits small enough to hit: 4 documents, 1,500-byte batches, 300-byte single bodies, 60-char slices."""
    tight = replace(settings, max_batch_documents=4, max_batch_bytes=1_500, max_body_bytes=300, max_text_chars=400, batch_slice_chars=60)
    with TestClient(create_app(tight), raise_server_exceptions=False) as test_client:
        yield test_client


def batch(client: TestClient, documents: list[Any], status: int = 200, **options: Any) -> dict[str, Any]:
    response = client.post("/v1/score/batch", json={"documents": documents, **options})
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def error(client: TestClient, documents: Any, status: int, **options: Any) -> dict[str, str]:
    body = batch(client, documents, status, **options)
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]


def test_results_come_in_request_order_with_the_score_shape(small: TestClient) -> None:
    texts = {"z": OVERCLAIM, "a": CAREFUL, "m": f"{CAREFUL} {OVERCLAIM}", "b": "Vitamin D cures depression."}
    body = batch(small, [{"id": k, "text": v} for k, v in texts.items()])
    assert body["model"]["name"] == "overclaim" and body["model"]["version"]
    assert [r["id"] for r in body["results"]] == list(texts)
    for result in body["results"]:
        single = small.post("/v1/score", json={"text": texts[result["id"]]}).json()
        assert {k: v for k, v in result.items() if k != "id"} == {k: v for k, v in single.items() if k != "model"}
    assert [r["document"]["label"] for r in body["results"]] == ["overclaiming", "ok", "overclaiming", "overclaiming"]


def test_options_apply_to_every_document(small: TestClient) -> None:
    docs = [{"id": "1", "text": OVERCLAIM}, {"id": "2", "text": f"{CAREFUL} {CAREFUL}"}]
    body = batch(small, docs, threshold=1.0, all_sentences=True)
    assert body["model"]["threshold"] == 1.0
    assert all(r["matches"] == [] for r in body["results"])
    assert [len(r["sentences"]) for r in body["results"]] == [1, 2]


@pytest.mark.parametrize("encoding", ["codepoint", "utf16"])
def test_offsets_in_both_encodings(small: TestClient, encoding: str) -> None:
    body = batch(small, [{"id": "e1", "text": CAREFUL}, {"id": "e2", "text": EMOJI}], offset_encoding=encoding)
    result = body["results"][1]
    assert result["offset_encoding"] == encoding and len(result["matches"]) == 2
    units = EMOJI.encode("utf-16-le") if encoding == "utf16" else EMOJI
    def cut(start: int, end: int) -> str:
        return units[2 * start : 2 * end].decode("utf-16-le") if encoding == "utf16" else units[start:end]
    for match in result["matches"]:
        assert cut(match["start"], match["end"]) == match["text"] == OVERCLAIM
        for cue in match["cues"]:
            assert cut(cue["start"], cue["end"]) == cue["text"]


def test_the_batch_has_its_own_body_limit(small: TestClient) -> None:
    docs = [{"id": str(i), "text": CAREFUL + " " + CAREFUL} for i in range(4)]
    assert len(str(docs)) > 300
    assert len(batch(small, docs)["results"]) == 4
    assert small.post("/v1/score", json={"text": " ".join([CAREFUL] * 5)}).status_code == 413
    too_big = [{"id": str(i), "text": "word " * 79} for i in range(4)]
    assert error(small, too_big, 413)["code"] == "body_too_large"


def test_too_many_documents(small: TestClient) -> None:
    err = error(small, [{"id": str(i), "text": CAREFUL} for i in range(5)], 413)
    assert err["code"] == "too_many_documents" and "5" in err["message"] and "4" in err["message"]


@pytest.mark.parametrize(
    ("item", "code", "field"),
    [
        ({"id": "x", "text": "   "}, "empty_text", "documents[2].text"),
        ({"id": "x"}, "missing_text", "documents[2].text"),
        ({"id": "x", "text": 5}, "invalid_text", "documents[2].text"),
        ({"text": CAREFUL}, "invalid_id", "documents[2].id"),
        ({"id": 7, "text": CAREFUL}, "invalid_id", "documents[2].id"),
        ({"id": "", "text": CAREFUL}, "invalid_id", "documents[2].id"),
        ({"id": "x", "url": "https://example.org/"}, "url_not_supported", "documents[2].url"),
        ("just text", "invalid_document", "documents[2]"),
    ],
)
def test_an_invalid_item_fails_the_batch_naming_its_index(small: TestClient, item: Any, code: str, field: str) -> None:
    docs = [{"id": "a", "text": CAREFUL}, {"id": "b", "text": OVERCLAIM}, item, {"id": "d", "text": CAREFUL}]
    err = error(small, docs, 422)
    assert err["code"] == code and f"`{field}`" in err["message"]


def test_a_text_over_the_limit_names_its_index(small: TestClient) -> None:
    err = error(small, [{"id": "a", "text": CAREFUL}, {"id": "b", "text": "x " * 201}], 413)
    assert err["code"] == "text_too_long" and "`documents[1].text`" in err["message"]


def test_duplicate_ids_name_both_indexes(small: TestClient) -> None:
    docs = [{"id": "a", "text": CAREFUL}, {"id": "b", "text": CAREFUL}, {"id": "a", "text": OVERCLAIM}]
    err = error(small, docs, 422)
    assert err["code"] == "duplicate_id" and "documents[2].id" in err["message"] and "documents[0].id" in err["message"]


@pytest.mark.parametrize(
    ("body", "code"),
    [({"documents": []}, "empty_batch"), ({"documents": "a1"}, "invalid_request"), ({"text": CAREFUL}, "invalid_request"),
     ({"documents": [{"id": "a", "text": CAREFUL}], "threshold": 2}, "invalid_threshold"),
     ({"documents": [{"id": "a", "text": CAREFUL}], "offset_encoding": "utf8"}, "invalid_offset_encoding")],
)
def test_a_malformed_batch_is_refused(small: TestClient, body: dict[str, Any], code: str) -> None:
    response = small.post("/v1/score/batch", json=body)
    assert response.status_code == 422 and response.json()["error"]["code"] == code


def test_the_default_limits_accept_a_thousand_documents(client: TestClient) -> None:
    docs = [{"id": f"d{i}", "text": CAREFUL if i % 2 else OVERCLAIM} for i in range(1_000)]
    body = batch(client, docs)
    assert [r["id"] for r in body["results"]] == [d["id"] for d in docs]
    assert error(client, [*docs, {"id": "one more", "text": CAREFUL}], 413)["code"] == "too_many_documents"


def test_slices_keep_order_and_reach_the_character_budget() -> None:
    docs = [BatchDocument(str(i), "x" * n) for i, n in enumerate([10, 50, 5, 100, 1, 1])]
    parts = list(slices(docs, 60))
    assert [d for part in parts for d in part] == docs
    assert [[d.id for d in part] for part in parts] == [["0", "1"], ["2", "3"], ["4", "5"]]


def test_a_single_request_is_answered_between_the_slices_of_a_large_batch(settings: Settings) -> None:
    """With one scoring thread, five /v1/score requests in a row, sent while a long batch is scoring, are answered before it ends."""
    one_thread = replace(settings, scoring_threads=1, batch_slice_chars=2_000)
    docs = [{"id": str(i), "text": " ".join([CAREFUL, OVERCLAIM] * 20)} for i in range(400)]
    with TestClient(create_app(one_thread), raise_server_exceptions=False) as test_client:
        limiter = test_client.app_state["limiter"]
        with ThreadPoolExecutor(1) as pool:
            big = pool.submit(test_client.post, "/v1/score/batch", json={"documents": docs})
            while not limiter.borrowed_tokens and not big.done():
                time.sleep(0.001)
            singles = [test_client.post("/v1/score", json={"text": OVERCLAIM}).status_code for _ in range(5)]
            batch_was_running = not big.done()
            assert big.result().status_code == 200
    assert singles == [200] * 5 and batch_was_running
