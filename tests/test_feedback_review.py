"""The review queue: paged listing for moderators, reviews by trainers with cues checked against the text."""
from __future__ import annotations

import sqlalchemy as sa

from server.db.schema import audit
from tests.db_fixtures import Api

TEXT = "Scientists agree this miracle tea cures anxiety 🍵 overnight."


def _send(api: Api, text: str = TEXT, verdict: str = "ok") -> int:
    return int(api.client.post("/v1/feedback", json={"text": text, "verdict": verdict}).json()["id"])


def _span(phrase: str, category: str, text: str = TEXT) -> dict:
    start = text.index(phrase)
    return {"start": start, "end": start + len(phrase), "category": category}


def test_pages_cover_the_queue_once_in_order(api: Api) -> None:
    ids = [_send(api, f"Sentence number {i}.") for i in range(7)]
    headers, seen, cursor = api.auth("moderator"), [], None
    for _ in range(10):
        params = {"status": "pending", "limit": "3", **({"cursor": cursor} if cursor else {})}
        page = api.client.get("/v1/feedback", params=params, headers=headers).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids
    assert page["items"][-1]["text"] == "Sentence number 6." and page["items"][-1]["status"] == "pending"


def test_new_items_after_a_page_are_not_skipped(api: Api) -> None:
    first = [_send(api, f"Early {i}.") for i in range(2)]
    headers = api.auth("moderator")
    page = api.client.get("/v1/feedback", params={"limit": "1"}, headers=headers).json()
    assert [i["id"] for i in page["items"]] == first[:1] and page["next_cursor"]
    late = _send(api, "Late.")
    rest = api.client.get("/v1/feedback", params={"limit": "5", "cursor": page["next_cursor"]}, headers=headers).json()
    assert [i["id"] for i in rest["items"]] == [first[1], late] and rest["next_cursor"] is None


def test_bad_listing_parameters_are_422(api: Api) -> None:
    headers = api.auth("moderator")
    for params, code in [({"status": "done"}, "invalid_status"), ({"limit": "0"}, "invalid_limit"),
                         ({"limit": "x"}, "invalid_limit"), ({"cursor": "!!"}, "invalid_cursor"), ({"cursor": "YWJj"}, "invalid_cursor")]:
        response = api.client.get("/v1/feedback", params=params, headers=headers)
        assert response.status_code == 422 and response.json()["error"]["code"] == code, params


def test_a_trainer_reviews_an_item_once(api: Api) -> None:
    feedback_id = _send(api)
    trainer = api.auth("trainer")
    cues = [_span("Scientists agree", "vague_authority"), _span("miracle", "hype"), _span("cures anxiety", "causal")]
    body = {"label": "overclaim", "categories": ["vague_authority", "hype", "causal"], "cues": cues}
    response = api.client.post(f"/v1/feedback/{feedback_id}/review", json=body, headers=trainer)
    assert response.status_code == 200
    review = response.json()["review"]
    assert [TEXT[c["start"] : c["end"]] for c in review["cues"]] == [c["text"] for c in review["cues"]] == ["Scientists agree", "miracle", "cures anxiety"]
    assert review["label"] == "overclaim" and review["reviewer"].startswith("key:")
    again = api.client.post(f"/v1/feedback/{feedback_id}/review", json={"label": "ok"}, headers=trainer)
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_reviewed"
    moderator = api.auth("moderator")
    assert api.client.get("/v1/feedback", headers=moderator).json()["items"] == []
    [done] = api.client.get("/v1/feedback", params={"status": "reviewed"}, headers=moderator).json()["items"]
    assert done["review"]["categories"] == body["categories"]
    with api.db.read() as conn:
        actions = [(r["action"], r["target"]) for r in conn.execute(sa.select(audit)).mappings()]
    assert ("feedback.review", f"feedback:{feedback_id}") in actions


def test_reviewing_an_unknown_item_is_404(api: Api) -> None:
    trainer = api.auth("trainer")
    for path in ("/v1/feedback/999999/review", "/v1/feedback/abc/review"):
        response = api.client.post(path, json={"label": "ok"}, headers=trainer)
        assert response.status_code == 404 and response.json()["error"]["code"] == "feedback_not_found"


def test_invalid_reviews_are_422_and_leave_the_item_pending(api: Api) -> None:
    feedback_id = _send(api)
    trainer = api.auth("trainer")
    cue = _span("miracle", "hype")
    bad = [
        ({"label": "maybe"}, "invalid_label"),
        ({"label": "ok", "categories": ["hype"]}, "invalid_review"),
        ({"label": "overclaim", "categories": ["hype"], "cues": []}, "invalid_review"),
        ({"label": "overclaim", "categories": ["hype"], "cues": [{**cue, "category": "causal"}]}, "invalid_cues"),
        ({"label": "overclaim", "categories": ["hype"], "cues": [{**cue, "end": len(TEXT) + 5}]}, "invalid_cues"),
        ({"label": "overclaim", "categories": ["hype"], "cues": [{**cue, "start": cue["start"] - 1}]}, "invalid_cues"),
        ({"label": "overclaim", "categories": ["hype"], "cues": [{**cue, "start": "3"}]}, "invalid_cues"),
        ({"label": "overclaim", "categories": ["hype"], "cues": [cue, cue]}, "invalid_cues"),
        ({"label": "overclaim", "categories": ["spin"], "cues": [cue]}, "unknown_category"),
    ]
    for body, code in bad:
        response = api.client.post(f"/v1/feedback/{feedback_id}/review", json=body, headers=trainer)
        assert response.status_code == 422 and response.json()["error"]["code"] == code, body
    [item] = api.client.get("/v1/feedback", headers=trainer).json()["items"]
    assert item["id"] == feedback_id and item["status"] == "pending"
