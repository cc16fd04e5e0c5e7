"""Token buckets keyed by client identity, in bounded memory."""
from __future__ import annotations

import math
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable


@dataclass
class Bucket:
    tokens: float
    updated: float


class BucketStore:
    """One token bucket per key: `rate` tokens a second, at most `burst` held.

    Buckets are kept in least-recently-used order. A bucket idle long enough to
    have refilled is indistinguishable from a new one, so it is dropped; past
    `max_keys` the least recently used bucket is dropped too (that client then
    starts again with a full burst), so memory stays bounded under any flood.
    """

    def __init__(self, rate: float, burst: int, max_keys: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.max_keys = max_keys
        self.clock = clock
        self._buckets: OrderedDict[str, Bucket] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, key: str) -> float:
        """Spend one token of `key`'s bucket: 0.0 if allowed, else the seconds until a token is due."""
        now = self.clock()
        self._evict_idle(now)
        bucket = self._buckets.pop(key, None) or Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        self._buckets[key] = bucket
        if len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate

    def _evict_idle(self, now: float) -> None:
        refill = self.burst / self.rate
        while self._buckets:
            oldest = next(iter(self._buckets.values()))
            if now - oldest.updated < refill:
                return
            self._buckets.popitem(last=False)


def retry_after(wait: float) -> str:
    """Seconds for a Retry-After header: a whole number, at least 1."""
    return str(max(1, math.ceil(wait)))
