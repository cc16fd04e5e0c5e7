"""The classifier heads: is a sentence an overclaim, and if so, of which categories."""
from __future__ import annotations

from weakref import WeakKeyDictionary

import numpy as np
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression

LEXICON_C = 1.0


def _calibrated(C: float, cv: int) -> CalibratedClassifierCV:
    return CalibratedClassifierCV(LogisticRegression(C=C, max_iter=5000), method="sigmoid", cv=cv, ensemble=False)


def _folded(head: CalibratedClassifierCV) -> tuple[np.ndarray, float]:
    """A sigmoid-calibrated linear model as one linear model: p = expit(x @ w + c).

    Calibration maps the score s = x @ coef + intercept to expit(-(a * s + b)),
    so w = -a * coef and c = -(a * intercept + b).
    """
    [calibrated] = head.calibrated_classifiers_
    [calibrator] = calibrated.calibrators
    linear = calibrated.estimator
    return -calibrator.a_ * linear.coef_[0], float(-(calibrator.a_ * linear.intercept_[0] + calibrator.b_))


class OverclaimHeads(ClassifierMixin, BaseEstimator):
    """Calibrated linear heads over [word n-grams | lexicon features].

    `fit(X, Y)` takes Y of shape (n, 1 + categories): column 0 is "overclaim",
    the others the categories. The overclaim probability blends two detectors:
    `blend` x (all features) + (1 - `blend`) x (the last `lexicon_columns`
    features alone). The lexicon-only detector cannot memorise wording, so it
    keeps an unhedged cue counting where the word n-grams of an unfamiliar
    sentence pull the other way. Each category head is fit on overclaims only
    and gives P(category | overclaim). `predict_proba` returns one (n, 2)
    array per column, like MultiOutputClassifier.
    """

    def __init__(self, C: float = 16.0, category_C: float = 16.0, lexicon_columns: int = 0, blend: float = 1.0, cv: int = 5) -> None:
        self.C = C
        self.category_C = category_C
        self.lexicon_columns = lexicon_columns
        self.blend = blend
        self.cv = cv

    def fit(self, X, Y) -> "OverclaimHeads":  # type: ignore[no-untyped-def]
        Y = np.asarray(Y)
        if Y.ndim != 2 or Y.shape[1] < 2:
            raise ValueError("Y must have a column for overclaim and one per category")
        if not 0.0 <= self.blend <= 1.0 or not 0 <= self.lexicon_columns <= X.shape[1]:
            raise ValueError("blend must be within [0, 1] and lexicon_columns within the features")
        positives = Y[:, 0] == 1
        heads = [_calibrated(self.C, self.cv).fit(X, Y[:, 0])]
        heads += [_calibrated(self.category_C, self.cv).fit(X[positives], Y[positives, j]) for j in range(1, Y.shape[1])]
        folded = [_folded(head) for head in heads]
        self.weights_ = np.column_stack([w for w, _ in folded])
        self.offsets_ = np.array([c for _, c in folded])
        self.lexicon_weights_, self.lexicon_offset_ = np.zeros(0), 0.0
        if self.lexicon_columns:
            lexicon_only = _calibrated(LEXICON_C, self.cv).fit(X[:, -self.lexicon_columns :], Y[:, 0])
            self.lexicon_weights_, self.lexicon_offset_ = _folded(lexicon_only)
        self.classes_ = [np.array([0, 1]) for _ in range(Y.shape[1])]
        return self

    def detector_parts(self, X) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
        """The two detectors' P(overclaim) before blending: (all features, lexicon only)."""
        full = expit(np.asarray(X @ self.weights_[:, 0]).ravel() + self.offsets_[0])
        if not self.lexicon_columns:
            return full, full
        lexicon = expit(np.asarray(X[:, -self.lexicon_columns :] @ self.lexicon_weights_).ravel() + self.lexicon_offset_)
        return full, lexicon

    def positive_proba(self, X) -> np.ndarray:  # type: ignore[no-untyped-def]
        """P(positive) for every column at once, shape (n, columns).

        With a blend, both detectors come from one product with `_with_lexicon_column`: the
        same sums, term for term, as `detector_parts` (a test checks it), without a second
        pass over X and the slicing of its lexicon columns."""
        if not (self.lexicon_columns and self.blend < 1.0):
            return expit(np.asarray(X @ self.weights_) + self.offsets_)
        scores = np.asarray(X @ _with_lexicon_column(self))
        out = expit(scores[:, :-1] + self.offsets_)
        lexicon = expit(scores[:, -1] + self.lexicon_offset_)
        out[:, 0] = self.blend * out[:, 0] + (1.0 - self.blend) * lexicon
        return out

    def predict_proba(self, X) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
        positive = self.positive_proba(X)
        return [np.column_stack([1 - p, p]) for p in positive.T]

    def predict(self, X) -> np.ndarray:  # type: ignore[no-untyped-def]
        return (self.positive_proba(X) >= 0.5).astype(int)

    def coefficients(self, column: int) -> np.ndarray:
        """The linear weights behind one output column (0 = the all-features detector)."""
        return self.weights_[:, column]


_STACKED: WeakKeyDictionary[OverclaimHeads, tuple[np.ndarray, np.ndarray, np.ndarray]] = WeakKeyDictionary()


def _with_lexicon_column(heads: OverclaimHeads) -> np.ndarray:
    """`weights_` with the lexicon-only detector's weights as one more column, zero over the
    other features: each row's sum then adds zeros before the lexicon terms, in their order,
    which leaves it exactly the lexicon-only sum. Built once per fitted heads (not saved)."""
    cached = _STACKED.get(heads)
    if cached is None or cached[0] is not heads.weights_ or cached[1] is not heads.lexicon_weights_:
        lexicon = np.zeros(heads.weights_.shape[0])
        lexicon[-heads.lexicon_columns :] = heads.lexicon_weights_
        cached = _STACKED[heads] = (heads.weights_, heads.lexicon_weights_, np.column_stack([heads.weights_, lexicon]))
    return cached[2]
