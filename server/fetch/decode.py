"""A response body decompressed under a byte limit: never inflates more than limit + 1 bytes, whatever the ratio."""
from __future__ import annotations

import zlib
from typing import AsyncIterator

from server.errors import ApiError

ACCEPT_ENCODING = "gzip, deflate"
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def too_large(limit: int) -> ApiError:
    return ApiError(413, "page_too_large", f"the page is over the {limit:,}-byte limit (after decompression)")


def _decompressor(content_encoding: str) -> "zlib._Decompress | None":
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding not in _WBITS:
        raise ApiError(502, "fetch_failed", f"the page came in an unsupported content-encoding {encoding!r}")
    return zlib.decompressobj(_WBITS[encoding])


def _inflate(decompressor: "zlib._Decompress", data: bytes, room: int) -> list[bytes]:
    """Decompress `data`, asking for at most `room` + 1 bytes per step; stops once past `room`."""
    out: list[bytes] = []
    while data and room >= 0:
        piece = decompressor.decompress(data, room + 1)
        out.append(piece)
        room -= len(piece)
        data = decompressor.unconsumed_tail
    return out


async def bounded_body(raw: AsyncIterator[bytes], content_encoding: str, limit: int) -> bytes:
    """The decoded body of a response whose raw (still encoded) chunks are `raw`; 413 past `limit` decoded bytes."""
    decompressor = _decompressor(content_encoding)
    chunks: list[bytes] = []
    size = 0
    async for chunk in raw:
        try:
            pieces = [chunk] if decompressor is None else _inflate(decompressor, chunk, limit - size)
        except zlib.error:
            raise ApiError(502, "fetch_failed", "the page's compressed body is corrupt") from None
        size += sum(len(p) for p in pieces)
        if size > limit:
            raise too_large(limit)
        chunks.extend(pieces)
    return b"".join(chunks)
