"""A bounded LRU of serialized /v1/score responses, keyed by the content's hash.

A repeated article (same text, same model version, same options) is answered
with the bytes sent the first time: no scoring and no JSON encoding. The key
holds the version of the model that would score the request, so after a
model swap every old entry simply misses. The cache lives in one process
(each worker has its own) and is touched only on the event loop.

An entry may also be found by the SHA-256 of a request body that was answered
from it (an alias, under the same model version): the same bytes parse and
validate the same way under the same settings, so a byte-identical request
skips JSON parsing, validation and hashing the text. Aliases live and die
with their entry and count towards the byte bound.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from server.validation import ScoreOptions

# What an entry costs beyond its body, rounded up: the key tuple and its two
# strings (~300 bytes), the ordered-dict node, the bytes object's header.
ENTRY_OVERHEAD = 512

# What an alias costs: its key tuple, the 32-byte digest, two dict slots and a list slot.
ALIAS_OVERHEAD = 256
# Byte-different requests for one entry (key order, spacing, escapes); more are simply not aliased.
MAX_ALIASES = 4

CacheKey = tuple[str, str, float | None, str, bool]
RawKey = tuple[str, bytes]


def cache_key(model_version: str, text: str, options: ScoreOptions) -> CacheKey:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return (model_version, digest, options.threshold, options.offset_encoding, options.all_sentences)


def raw_key(model_version: str, body_digest: bytes) -> RawKey:
    """The alias of a request body: the model version and the SHA-256 digest of the bytes as received."""
    return (model_version, body_digest)


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
        self._aliases: dict[RawKey, CacheKey] = {}
        self._aliases_of: dict[CacheKey, list[RawKey]] = {}

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

    def get_raw(self, alias: RawKey) -> bytes | None:
        """The entry a byte-identical request was answered from, or None (not counted as a miss:
        the caller then looks the content up with get())."""
        key = self._aliases.get(alias)
        return None if key is None else self.get(key)

    def alias(self, alias: RawKey, key: CacheKey) -> None:
        """Let `alias` find the entry under `key` (if it is cached and has room for another alias)."""
        if key not in self._entries or alias in self._aliases:
            return
        aliases = self._aliases_of.setdefault(key, [])
        if len(aliases) >= MAX_ALIASES:
            return
        aliases.append(alias)
        self._aliases[alias] = key
        self.bytes += ALIAS_OVERHEAD
        self._evict()

    def put(self, key: CacheKey, body: bytes) -> None:
        size = len(body) + ENTRY_OVERHEAD
        if not self.enabled or size > self.max_bytes:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.bytes -= len(old) + ENTRY_OVERHEAD
        self._entries[key] = body
        self.bytes += size
        self._evict()

    def _evict(self) -> None:
        while len(self._entries) > self.max_entries or self.bytes > self.max_bytes:
            key, evicted = self._entries.popitem(last=False)
            aliases = self._aliases_of.pop(key, [])
            for alias in aliases:
                del self._aliases[alias]
            self.bytes -= len(evicted) + ENTRY_OVERHEAD + len(aliases) * ALIAS_OVERHEAD
            self.stats.evictions += 1
