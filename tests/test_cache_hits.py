"""Cache hits through the real app: byte-identical requests skip parsing, yet every check before the cache still runs."""
from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from server.app import create_app
from server.cache import ALIAS_OVERHEAD, ENTRY_OVERHEAD, MAX_ALIASES, ResponseCache, cache_key, raw_key
from server.cache_hits import body_digest
from server.settings import Settings
from server.validation import ScoreOptions
from tests.registry_helpers import two_versions
from tests.test_model_reload import reload, serve
from tests.test_ratelimit import limited
from tests.test_server_errors import assert_error

JSON = {"content-type": "application/json"}
DEFAULT = ScoreOptions(None, "codepoint", False)


def raw_article() -> bytes:
    """A body no other test sends, so the shared app's cache has not seen it."""
    return json.dumps({"text": f"Experts agree this miracle tea cures anxiety. Note {uuid.uuid4()} 😀.", "all_sentences": True}).encode()


def post(client: TestClient, raw: bytes, headers: dict[str, str] = JSON):  # type: ignore[no-untyped-def]
    return client.post("/v1/score", content=raw, headers=headers)


def test_the_same_bytes_and_the_same_json_spelled_otherwise_get_the_first_answer(client: TestClient) -> None:
    raw = raw_article()
    first, again = post(client, raw), post(client, raw)
    respelled = post(client, json.dumps(json.loads(raw), indent=2, ensure_ascii=False, sort_keys=True).encode())
    assert [r.headers["x-overclaim-cache"] for r in (first, again, respelled)] == ["miss", "hit", "hit"]
    assert first.content == again.content == respelled.content
    assert again.headers["content-type"] == first.headers["content-type"] == "application/json"


def test_a_cached_body_sent_as_another_content_type_is_still_415(client: TestClient) -> None:
    raw = raw_article()
    assert post(client, raw).status_code == 200
    assert_error(post(client, raw, {"content-type": "text/plain"}), 415, "unsupported_media_type")


def test_a_hit_by_bytes_is_logged_with_the_model_that_answered(client: TestClient, model, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    raw = raw_article()
    post(client, raw)
    with caplog.at_level(logging.INFO, logger="overclaim.access"):
        assert post(client, raw).headers["x-overclaim-cache"] == "hit"
    (line,) = [json.loads(r.getMessage()) for r in caplog.records if r.name == "overclaim.access"]
    assert (line["route"], line["status"], line["model_version"]) == ("/v1/score", 200, model.card["version"])


def test_hits_spend_rate_limit_tokens_like_any_request() -> None:
    raw = raw_article()
    with limited() as client:  # an IP's burst of 2, then 429
        answers = [post(client, raw) for _ in range(3)]
    assert [r.status_code for r in answers] == [200, 200, 429]
    assert answers[1].headers["x-overclaim-cache"] == "hit"
    assert_error(answers[2], 429, "rate_limited")


def test_hits_with_an_api_key_spend_the_keys_bucket() -> None:
    raw = raw_article()
    with limited() as client:  # a key's burst of 3
        keyed = {**JSON, "authorization": "Bearer some-key"}
        assert [post(client, raw, keyed).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_hit_is_never_served_across_model_versions(model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = two_versions(tmp_path, model, threshold=0.3)
    raw = raw_article()
    with serve(root) as client:
        assert [post(client, raw).headers["x-overclaim-cache"] for _ in range(2)] == ["miss", "hit"]
        assert reload(client, root, {"version": "v2"}).status_code == 200
        after = post(client, raw)
        assert after.headers["x-overclaim-cache"] == "miss"
        assert after.json()["model"]["version"] == "v2"
        assert post(client, raw).headers["x-overclaim-cache"] == "hit"


def test_with_the_cache_disabled_nothing_is_served_from_it(settings: Settings) -> None:
    raw = raw_article()
    with TestClient(create_app(Settings.from_env({}, model_dir=settings.model_dir, cache_bytes=0))) as client:
        assert [post(client, raw).headers["x-overclaim-cache"] for _ in range(2)] == ["miss", "miss"]


def test_an_alias_finds_its_entry_only_under_its_model_version() -> None:
    cache = ResponseCache(10, 100_000)
    key = cache_key("v1", "text", DEFAULT)
    cache.put(key, b"{}")
    cache.alias(raw_key("v1", body_digest(b'{"text":"text"}')), key)
    assert cache.get_raw(raw_key("v1", body_digest(b'{"text":"text"}'))) == b"{}"
    assert cache.get_raw(raw_key("v2", body_digest(b'{"text":"text"}'))) is None
    assert cache.get_raw(raw_key("v1", body_digest(b'{"text": "text"}'))) is None
    assert (cache.stats.hits, cache.stats.misses) == (1, 0)


def test_aliases_go_with_their_entry_and_count_towards_the_byte_bound() -> None:
    cache = ResponseCache(2, 10_000)
    a, b, c = (cache_key("v1", t, DEFAULT) for t in "abc")
    cache.put(a, b"A")
    for i in range(MAX_ALIASES + 2):
        cache.alias(raw_key("v1", body_digest(str(i).encode())), a)
    assert cache.bytes == 1 + ENTRY_OVERHEAD + MAX_ALIASES * ALIAS_OVERHEAD
    assert cache.get_raw(raw_key("v1", body_digest(str(MAX_ALIASES).encode()))) is None  # past the cap: not kept
    cache.alias(raw_key("v1", body_digest(b"never cached")), b)  # an entry that is not there: ignored
    cache.put(b, b"B")
    cache.put(c, b"C")  # evicts a, the least recently used, with its aliases
    assert cache.get_raw(raw_key("v1", body_digest(b"0"))) is None
    assert cache.bytes == 2 * (1 + ENTRY_OVERHEAD) and len(cache) == 2


def test_aliases_alone_can_push_an_entry_out_under_a_tight_byte_bound() -> None:
    cache = ResponseCache(10, 2 * (ENTRY_OVERHEAD + 10) + ALIAS_OVERHEAD - 1)
    a, b = cache_key("v1", "a", DEFAULT), cache_key("v1", "b", DEFAULT)
    cache.put(a, b"x" * 10)
    cache.put(b, b"y" * 10)
    cache.alias(raw_key("v1", b"1"), b)
    assert cache.get(a) is None and cache.get_raw(raw_key("v1", b"1")) == b"y" * 10
    assert cache.bytes <= cache.max_bytes
