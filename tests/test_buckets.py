"""Token buckets: burst, refill, Retry-After, and bounded memory."""
from __future__ import annotations

from server.buckets import BucketStore, retry_after


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_the_rate() -> None:
    clock = Clock()
    store = BucketStore(rate=2.0, burst=3, max_keys=10, clock=clock)
    assert [store.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert store.take("a") == 0.5
    clock.now += 0.5
    assert store.take("a") == 0.0
    assert store.take("a") > 0


def test_keys_do_not_share_a_bucket() -> None:
    store = BucketStore(rate=1.0, burst=1, max_keys=10, clock=Clock())
    assert store.take("a") == 0.0 and store.take("a") > 0
    assert store.take("b") == 0.0


def test_refill_never_exceeds_the_burst() -> None:
    clock = Clock()
    store = BucketStore(rate=1.0, burst=2, max_keys=10, clock=clock)
    store.take("a")
    clock.now += 3600
    assert [store.take("a") for _ in range(3)][-1] > 0


def test_memory_is_bounded_under_a_flood_of_keys() -> None:
    clock = Clock()
    store = BucketStore(rate=1.0, burst=5, max_keys=100, clock=clock)
    for i in range(10_000):
        store.take(f"client-{i}")
    assert len(store) == 100


def test_idle_refilled_buckets_are_dropped() -> None:
    clock = Clock()
    store = BucketStore(rate=1.0, burst=5, max_keys=100, clock=clock)
    for i in range(50):
        store.take(f"client-{i}")
    clock.now += 5
    store.take("new")
    assert len(store) == 1


def test_retry_after_is_whole_seconds_at_least_one() -> None:
    assert retry_after(0.01) == "1"
    assert retry_after(1.0) == "1"
    assert retry_after(1.2) == "2"
