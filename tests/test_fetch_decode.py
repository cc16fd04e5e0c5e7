"""Bounded decompression: bodies decode exactly; a bomb is refused without ever being inflated in memory."""
from __future__ import annotations

import gzip
import tracemalloc
import zlib
from typing import AsyncIterator

import anyio
import pytest

from server.errors import ApiError
from server.fetch.decode import bounded_body

PAGE = ("<p>Scientists have discovered a miracle cure. ☕ Café.</p>" * 200).encode("utf-8")


async def _chunks(data: bytes, size: int = 65536) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def body(data: bytes, encoding: str, limit: int, chunk: int = 65536) -> bytes:
    return anyio.run(bounded_body, _chunks(data, chunk), encoding, limit)


def refusal(data: bytes, encoding: str, limit: int) -> tuple[int, str]:
    with pytest.raises(ApiError) as caught:
        body(data, encoding, limit)
    return caught.value.status, caught.value.code


@pytest.mark.parametrize(("encoding", "encode"), [
    ("", lambda b: b), ("identity", lambda b: b), ("gzip", gzip.compress), ("GZIP", gzip.compress),
    ("x-gzip", gzip.compress), ("deflate", zlib.compress),
])
def test_bodies_decode_exactly(encoding: str, encode) -> None:  # type: ignore[no-untyped-def]
    assert body(encode(PAGE), encoding, len(PAGE)) == PAGE
    assert body(encode(PAGE), encoding, len(PAGE), chunk=7) == PAGE


@pytest.mark.parametrize(("encoding", "encode"), [("", lambda b: b), ("gzip", gzip.compress), ("deflate", zlib.compress)])
def test_one_byte_over_the_limit_is_refused(encoding: str, encode) -> None:  # type: ignore[no-untyped-def]
    assert refusal(encode(PAGE), encoding, len(PAGE) - 1) == (413, "page_too_large")


def test_unsupported_or_corrupt_encodings_fail_upstream() -> None:
    assert refusal(PAGE, "br", 10**6) == (502, "fetch_failed")
    assert refusal(PAGE, "gzip, gzip", 10**6) == (502, "fetch_failed")
    assert refusal(b"not gzip at all" * 10, "gzip", 10**6) == (502, "fetch_failed")


def test_a_gzip_bomb_is_cut_off_without_inflating() -> None:
    bomb = gzip.compress(b"\0" * 200_000_000, compresslevel=9)  # ~200 KB that would inflate to 200 MB
    assert len(bomb) < 300_000
    tracemalloc.start()
    try:
        assert refusal(bomb, "gzip", 1_000_000) == (413, "page_too_large")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000, f"peaked at {peak:,} bytes"
