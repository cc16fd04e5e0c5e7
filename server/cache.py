"""A bounded LRU of serialized /v1/score responses, keyed by the content's hash.

A repeated article (same text, same model version, same options) is answered
with the bytes sent the first time: no scoring and no JSON encoding. The key
holds the version of the model that would score the request, so after a
model swap every old entry simply misses. The cache lives in one process
(each worker has its own) and is touched only on the event loop.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from server.validation import ScoreOptions

# What an entry costs beyond its body, rounded up: the key tuple and its two
# strings (~300 bytes), the ordered-dict node, the bytes object's header.
ENTRY_OVERHEAD = 512

CacheKey = tuple[str, str, float | None, str, bool]


def cache_key(model_version: str, text: str, options: ScoreOptions) -> CacheKey:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return (model_version, digest, options.threshold, options.offset_encoding, options.all_sentences)


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    evictions: int = 0


class ResponseCache:
    """At most `max_entries` responses and `max_bytes` bytes; either limit at 0 disables it."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.bytes = 0
        self.stats = CacheStats()
        self._entries: OrderedDict[CacheKey, bytes] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.max_entries > 0 and self.max_bytes > 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: CacheKey) -> bytes | None:
        body = self._entries.get(key)
        if body is None:
            self.stats.misses += 1
            return None
        self._entries.move_to_end(key)
        self.stats.hits += 1
        return body

    def put(self, key: CacheKey, body: bytes) -> None:
        size = len(body) + ENTRY_OVERHEAD
        if not self.enabled or size > self.max_bytes:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.bytes -= len(old) + ENTRY_OVERHEAD
        self._entries[key] = body
        self.bytes += size
        while len(self._entries) > self.max_entries or self.bytes > self.max_bytes:
            _, evicted = self._entries.popitem(last=False)
            self.bytes -= len(evicted) + ENTRY_OVERHEAD
            self.stats.evictions += 1
