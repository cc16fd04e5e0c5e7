"""Pure helpers shared by the HTTP section: a bounded run's figures, and their median and spread over repeats."""
from __future__ import annotations

import statistics
from dataclasses import dataclass

from load import pct  # scripts/load.py: scripts/ is on sys.path when bench.py runs


@dataclass(frozen=True)
class Run:
    """One bounded run: requests answered (any status), those not 200, latencies in ms, seconds it took."""

    answered: int
    errors: int
    latencies: list[float]
    seconds: float

    @property
    def rate(self) -> float:
        return self.answered / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class Summary:
    rate: float
    rate_low: float
    rate_high: float
    p50: float
    p99: float
    errors: int


def summarize(runs: list[Run]) -> Summary:
    """Median requests/s with its range over runs; p50/p99 of every latency pooled; errors summed."""
    rates = [r.rate for r in runs]
    pooled = [x for r in runs for x in r.latencies]
    return Summary(statistics.median(rates), min(rates), max(rates),
                   pct(pooled, 0.5), pct(pooled, 0.99), sum(r.errors for r in runs))
