"""The fitted model: the pipeline plus the decisions learned around it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.linear_model import Ridge
from sklearn.pipeline import Pipeline

from classifier.certainty import scale
from classifier.features import LexiconFeatures
from classifier.lexicon import Hit, Lexicon
from classifier.topics import KINDS
from classifier.pipeline import HEADS
from classifier.word_features import word_matrix


# Bump whenever the code would read a saved model differently (features,
# heads, cue data): a model of another format is refused when it is loaded,
# with a message to retrain, instead of failing in the middle of a request.
MODEL_FORMAT = 6
DETECTOR_NGRAMS = 3000
PLACEHOLDERS = frozenset(f"x{kind}" for kind in KINDS)


@dataclass
class OverclaimModel:
    """What `overclaim train` saves: pipeline, thresholds and cue weights.

    `ngram_weights[category]` maps word n-grams learned from the training
    data's cue spans to a weight; the cue finder uses them when the lexicon
    has no phrase for a predicted category; `category_ngrams[category]` are
    the word n-grams that most push that category's head, for when neither
    has. `flag_ngrams` are the word n-grams that most push the detector
    towards "overclaim": the last resort for naming what carries a flag.
    """

    pipeline: Pipeline
    threshold: float
    category_thresholds: dict[str, float]
    ngram_weights: dict[str, dict[str, float]]
    category_ngrams: dict[str, dict[str, float]]
    flag_ngrams: dict[str, float]
    card: dict[str, Any] = field(default_factory=dict)
    format: int = MODEL_FORMAT
    # The certainty scale (classifier/certainty.py), when the training data
    # had graded-certainty records; models saved before it read as None.
    certainty_scale: Ridge | None = None

    @property
    def lexicon_features(self) -> LexiconFeatures:
        return self.pipeline.steps[0][1].transformer_list[1][1]  # steps, not named_steps: no dict built per call

    @property
    def lexicon(self) -> Lexicon:
        return self.lexicon_features.lexicon_

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities, shape (len(texts), len(HEADS)): overclaim, then each category."""
        return self.predict_with_hits(texts)[0]

    def predict_with_hits(self, texts: Sequence[str]) -> tuple[np.ndarray, list[list[Hit]]]:
        """Probabilities as `predict`, and each sentence's lexicon cue hits, in one pass.

        The same arithmetic as `pipeline.predict_proba` (tests/test_model.py
        checks it), with the lexicon searched once for features and cues alike.
        """
        if not texts:
            return np.zeros((0, len(HEADS))), []
        X, hits = self.features_with_hits(texts)
        return self.pipeline[-1].positive_proba(X), hits

    def features_with_hits(self, texts: Sequence[str]) -> tuple[sparse.csr_matrix, list[list[Hit]]]:
        """The pipeline's feature matrix for `texts`, and each sentence's lexicon cue hits."""
        union = self.pipeline.named_steps["features"]
        weights = union.transformer_weights or {}
        (_, words), (_, lexicon) = union.transformer_list
        lexicon_matrix, hits = lexicon.transform_with_hits(texts)
        return side_by_side(_weighted(word_matrix(words, texts), weights.get("words", 1.0)), _weighted(lexicon_matrix, weights.get("lexicon", 1.0))), hits

    def predict_with_certainty(self, texts: Sequence[str]) -> tuple[np.ndarray, list[list[Hit]], np.ndarray | None]:
        """`predict_with_hits`, and the certainty scale from the same features (None without a scale)."""
        if not texts:
            return np.zeros((0, len(HEADS))), [], None if self.certainty_scale is None else np.zeros(0)
        X, hits = self.features_with_hits(texts)
        levels = None if self.certainty_scale is None else scale(self.certainty_scale, X)
        return self.pipeline[-1].positive_proba(X), hits, levels

    def certainty(self, texts: Sequence[str]) -> np.ndarray | None:
        """How certain each sentence puts its finding, 1 (openly uncertain) to 6 (plain fact); None without a scale."""
        return self.predict_with_certainty(texts)[2]


def _weighted(matrix: sparse.csr_matrix, weight: float) -> sparse.csr_matrix:
    """`matrix * weight`, without the copy when the weight is 1 (x * 1.0 is x, bit for bit)."""
    return matrix if weight == 1.0 else matrix * weight


def side_by_side(left: sparse.csr_matrix, right: sparse.csr_matrix) -> sparse.csr_matrix:
    """`sparse.hstack([left, right]).tocsr()` of two CSR matrices with as many rows: the same
    arrays (each row's entries of `left`, then of `right`), without scipy's general stacking."""
    left_counts, right_counts = np.diff(left.indptr), np.diff(right.indptr)
    to_left = np.arange(left.nnz) + np.repeat(right.indptr[:-1], left_counts)
    to_right = np.arange(right.nnz) + np.repeat(left.indptr[1:], right_counts)
    data = np.empty(left.nnz + right.nnz, dtype=np.result_type(left.dtype, right.dtype))
    indices = np.empty(len(data), dtype=np.int32)
    data[to_left], data[to_right] = left.data, right.data
    indices[to_left], indices[to_right] = left.indices, right.indices + left.shape[1]
    indptr = (left.indptr + right.indptr).astype(np.int32)
    return sparse.csr_matrix((data, indices, indptr), shape=(left.shape[0], left.shape[1] + right.shape[1]))


def _nameable(gram: str) -> bool:
    """An n-gram a reader could be shown as a cue: a content word, no topic placeholder."""
    words = gram.split()
    return not any(w in PLACEHOLDERS for w in words) and not all(w in ENGLISH_STOP_WORDS for w in words)


def head_ngrams(pipeline: Pipeline, column: int, limit: int = DETECTOR_NGRAMS) -> dict[str, float]:
    """The nameable word n-grams with the largest positive weights in one head (0 = the detector)."""
    vocabulary = pipeline.named_steps["features"].transformer_list[0][1].get_feature_names_out()
    coef = pipeline.named_steps["heads"].coefficients(column)[: len(vocabulary)]
    top = [i for i in np.argsort(-coef) if coef[i] > 0 and _nameable(str(vocabulary[i]))][:limit]
    return {str(vocabulary[i]): round(float(coef[i]), 4) for i in top}
