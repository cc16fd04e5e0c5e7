"""The response cache: repeated articles answered with the same bytes, bounded, never across models."""
from __future__ import annotations

import uuid
from typing import Iterator

import pytest
from starlette.testclient import TestClient

from server.app import create_app
from server.cache import ENTRY_OVERHEAD, ResponseCache, cache_key
from server.settings import Settings
from server.validation import ScoreOptions

DEFAULT = ScoreOptions(None, "codepoint", False)


def article() -> str:
    """A text no other test sends, so the shared app's cache has not seen it."""
    return f"Experts agree this miracle tea cures anxiety overnight. Batch {uuid.uuid4()} 😀 was tested in mice."


@pytest.fixture(scope="module")
def uncached(settings: Settings) -> Iterator[TestClient]:
    no_cache = Settings.from_env({}, model_dir=settings.model_dir, cache_entries=0)
    with TestClient(create_app(no_cache)) as client:
        yield client


def test_a_repeated_article_gets_the_same_bytes_from_the_cache(client: TestClient, uncached: TestClient) -> None:
    body = {"text": article(), "offset_encoding": "utf16", "all_sentences": True}
    first, second = client.post("/v1/score", json=body), client.post("/v1/score", json=body)
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first.headers["x-overclaim-cache"], second.headers["x-overclaim-cache"]) == ("miss", "hit")
    assert second.content == first.content == uncached.post("/v1/score", json=body).content
    assert second.headers["content-type"] == first.headers["content-type"]


@pytest.mark.parametrize("change", [{"threshold": 0.9}, {"offset_encoding": "utf16"}, {"all_sentences": True}, {"text": "x"}])
def test_other_options_or_text_miss(client: TestClient, change: dict) -> None:
    text = article()
    client.post("/v1/score", json={"text": text})
    other = {"text": text, **change}
    if "text" in change:
        other["text"] = text + change["text"]
    assert client.post("/v1/score", json=other).headers["x-overclaim-cache"] == "miss"


def test_size_zero_disables_the_cache(uncached: TestClient) -> None:
    body = {"text": article()}
    assert [uncached.post("/v1/score", json=body).headers["x-overclaim-cache"] for _ in range(2)] == ["miss", "miss"]


def test_another_model_version_never_hits() -> None:
    cache = ResponseCache(10, 10_000)
    cache.put(cache_key("v1", "same text", DEFAULT), b"{}")
    assert cache.get(cache_key("v2", "same text", DEFAULT)) is None
    assert cache.get(cache_key("v1", "same text", DEFAULT)) == b"{}"


def test_entries_bound_evicts_the_least_recently_used() -> None:
    cache = ResponseCache(2, 10_000)
    a, b, c = (cache_key("v1", t, DEFAULT) for t in "abc")
    cache.put(a, b"A")
    cache.put(b, b"B")
    cache.get(a)
    cache.put(c, b"C")
    assert (cache.get(a), cache.get(b), cache.get(c)) == (b"A", None, b"C")
    assert len(cache) == 2 and cache.stats.evictions == 1


def test_bytes_bound_holds_and_oversized_bodies_are_not_kept() -> None:
    cache = ResponseCache(100, 3 * (ENTRY_OVERHEAD + 100))
    for i in range(10):
        cache.put(cache_key("v1", str(i), DEFAULT), b"x" * 100)
        assert cache.bytes <= cache.max_bytes
    assert len(cache) == 3
    cache.put(cache_key("v1", "big", DEFAULT), b"x" * cache.max_bytes)
    assert cache.get(cache_key("v1", "big", DEFAULT)) is None and len(cache) == 3


def test_replacing_an_entry_keeps_the_byte_count() -> None:
    cache = ResponseCache(10, 10_000)
    key = cache_key("v1", "t", DEFAULT)
    cache.put(key, b"x" * 10)
    cache.put(key, b"x" * 20)
    assert cache.bytes == 20 + ENTRY_OVERHEAD and len(cache) == 1
