"""Which categories a flagged sentence is named with, from its heads' probabilities."""
from __future__ import annotations

from typing import Sequence

from classifier.types import CATEGORIES


def assign_categories(probabilities: Sequence[float], thresholds: dict[str, float]) -> tuple[str, ...]:
    """Categories at or above their thresholds, most likely first (ties in CATEGORIES order); at least the most likely."""
    order = sorted(range(len(CATEGORIES)), key=lambda i: -probabilities[i])
    chosen = tuple(CATEGORIES[i] for i in order if probabilities[i] >= thresholds[CATEGORIES[i]])
    return chosen or (CATEGORIES[order[0]],)
