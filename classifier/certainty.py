"""The certainty scale: how certain a sentence presents its finding, 1 (openly uncertain) to 6 (plain fact).

A ridge regression over the overclaim pipeline's own features (word n-grams
and lexicon counts), fit on the graded records of `training_data/certainty/`.
Overclaim and certainty part ways by design: "Smoking causes lung cancer." is
certain and fine. The scale answers the other question, for readers who want
to know how firmly a finding is put, and for comparison with graded-certainty
data such as Pei & Jurgens (2021).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
from scipy import sparse
from scipy.stats import spearmanr
from sklearn.linear_model import Ridge
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline

from classifier.certainty_data import CertaintyRecord
from classifier.metrics import ranking

ALPHAS = (0.1, 0.3, 1.0, 3.0, 10.0)
FOLDS = 5
LOW, HIGH = 1.0, 6.0


@dataclass(frozen=True)
class CertaintySet:
    X: sparse.csr_matrix
    y: np.ndarray
    groups: np.ndarray

    @classmethod
    def from_records(cls, features: Pipeline, records: Sequence[CertaintyRecord]) -> "CertaintySet":
        X = features.transform([r.text for r in records])
        return cls(sparse.csr_matrix(X), np.array([r.certainty for r in records], dtype=np.float64), np.array([r.doc for r in records]))


def agreement(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Spearman's rho, ROC-AUC of certain (>= 5) against uncertain (< 3) over those `pairs`, and mean absolute error."""
    extreme = (truth >= 5) | (truth < 3)
    certain = truth[extreme] >= 5
    return {
        "pairs": int(extreme.sum()),
        "spearman_rho": round(float(spearmanr(predicted, truth).statistic), 4),
        "roc_auc_certain_vs_uncertain": ranking(certain, predicted[extreme])["roc_auc"],
        "mae": round(float(np.abs(np.clip(predicted, LOW, HIGH) - truth).mean()), 4),
    }


def _out_of_fold(data: CertaintySet, alpha: float, folds: int) -> np.ndarray:
    predicted = np.zeros(len(data.y))
    for train, test in GroupKFold(n_splits=folds, shuffle=True, random_state=0).split(data.X, groups=data.groups):
        predicted[test] = Ridge(alpha=alpha).fit(data.X[train], data.y[train]).predict(data.X[test])
    return predicted


def fit_certainty(features: Pipeline, records: Sequence[CertaintyRecord], folds: int = FOLDS) -> tuple[Ridge, dict[str, Any]]:
    """The scale fit on every record, with the alpha whose grouped cross-validated rho is best, and the figures."""
    data = CertaintySet.from_records(features, records)
    folds = min(folds, len(set(data.groups)))
    table = {alpha: agreement(data.y, _out_of_fold(data, alpha, folds)) for alpha in ALPHAS}
    alpha = max(ALPHAS, key=lambda a: table[a]["spearman_rho"])
    report = {
        "records": len(records),
        "documents": len(set(data.groups)),
        "alpha": alpha,
        "cross_validation": {**table[alpha], "folds": folds, "grouped_by": "doc"},
        "alphas": {str(a): r for a, r in table.items()},
    }
    return Ridge(alpha=alpha).fit(data.X, data.y), report


def scale(regressor: Ridge, X: sparse.spmatrix) -> np.ndarray:
    """Certainty from 1 to 6 for each row of the pipeline's feature matrix."""
    return np.clip(regressor.predict(X), LOW, HIGH)
