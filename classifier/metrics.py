"""Evaluation arithmetic shared by training, `overclaim evaluate` and the benchmark."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

from classifier.categories import assign_categories
from classifier.types import CATEGORIES


def prf(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Precision, recall and F1 of boolean predictions (0.0 where undefined)."""
    truth, predicted = truth.astype(bool), predicted.astype(bool)
    tp = int(np.sum(truth & predicted))
    fp = int(np.sum(~truth & predicted))
    fn = int(np.sum(truth & ~predicted))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn}


def choose_threshold(truth: np.ndarray, scores: np.ndarray, min_precision: float) -> float:
    """The threshold with the best F1 among those reaching `min_precision`.

    Falls back to the best F0.5 (precision weighted) when none reaches it.
    """
    candidates = np.unique(np.round(scores, 4))
    best: tuple[float, float] | None = None
    fallback: tuple[float, float] = (-1.0, 0.5)
    for t in candidates:
        m = prf(truth, scores >= t)
        f05 = f_beta(m, 0.5)
        fallback = max(fallback, (f05, float(t)))
        if m["precision"] >= min_precision and (best is None or m["f1"] > best[0]):
            best = (m["f1"], float(t))
    return round((best or fallback)[1], 4)


def f_beta(m: dict[str, float], beta: float) -> float:
    p, r = m["precision"], m["recall"]
    return (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0


def choose_category_threshold(truth: np.ndarray, scores: np.ndarray, beta: float = 2.0) -> float:
    """The F-beta-best threshold for naming one category on a flagged sentence.

    beta > 1 weighs recall: a missing category hides a reason from the reader,
    while an extra one still has to name its own cue to be shown.
    """
    candidates = np.unique(np.round(scores, 3))
    best = max(((f_beta(prf(truth, scores >= t), beta), float(t)) for t in candidates), default=(0.0, 0.5))
    return round(best[1], 4)


def category_recall(
    truth: np.ndarray,
    probabilities: np.ndarray,
    threshold: float,
    category_thresholds: dict[str, float],
) -> dict[str, dict[str, float]]:
    """Per category: of the sentences labeled with it, the share flagged with it."""
    flagged = probabilities[:, 0] >= threshold
    assigned = [set(assign_categories(p[1:], category_thresholds)) for p in probabilities]
    out: dict[str, dict[str, float]] = {}
    for j, category in enumerate(CATEGORIES, start=1):
        rows = np.flatnonzero(truth[:, j] == 1)
        hits = sum(1 for i in rows if flagged[i] and category in assigned[i])
        detected = int(np.sum(flagged[rows]))
        out[category] = {
            "support": int(len(rows)),
            "recall": round(hits / len(rows), 4) if len(rows) else 0.0,
            "flagged": round(detected / len(rows), 4) if len(rows) else 0.0,
        }
    return out


def ranking(truth: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    if len(np.unique(truth)) < 2:
        return {"roc_auc": float("nan"), "average_precision": float("nan")}
    return {
        "roc_auc": round(float(roc_auc_score(truth, scores)), 4),
        "average_precision": round(float(average_precision_score(truth, scores)), 4),
    }
