"""The arithmetic behind every reported figure."""
from __future__ import annotations

import numpy as np

from classifier import metrics


def test_prf() -> None:
    m = metrics.prf(np.array([1, 1, 0, 0]), np.array([1, 0, 1, 0]))
    assert (m["precision"], m["recall"], m["f1"], m["tp"], m["fp"], m["fn"]) == (0.5, 0.5, 0.5, 1, 1, 1)
    assert metrics.prf(np.array([0, 0]), np.array([0, 0]))["f1"] == 0.0


def test_threshold_reaches_the_precision_asked() -> None:
    truth = np.array([0, 0, 0, 1, 0, 1, 1, 1])
    scores = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    t = metrics.choose_threshold(truth, scores, min_precision=0.99)
    assert t == 0.6
    assert metrics.prf(truth, scores >= t)["precision"] == 1.0
    assert metrics.choose_threshold(truth, scores, min_precision=0.5) <= 0.4


def test_category_threshold_weighs_recall() -> None:
    truth = np.array([1, 1, 1, 0, 0])
    scores = np.array([0.9, 0.3, 0.2, 0.25, 0.1])
    assert metrics.choose_category_threshold(truth, scores, beta=2.0) <= 0.2
    assert metrics.choose_category_threshold(truth, scores, beta=0.5) >= 0.3
