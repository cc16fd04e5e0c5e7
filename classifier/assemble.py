"""A complete model from a fitted pipeline and the labeled records it was fit on."""
from __future__ import annotations

from typing import Any, Sequence

from sklearn.pipeline import Pipeline

from classifier.cue_ngrams import learn_cue_ngrams
from classifier.dataset import Record
from classifier.model import OverclaimModel, head_ngrams
from classifier.types import CATEGORIES


def complete_model(
    pipeline: Pipeline,
    records: Sequence[Record],
    threshold: float,
    per_category: dict[str, float],
    card: dict[str, Any] | None = None,
) -> OverclaimModel:
    """The pipeline with its thresholds, the cue n-grams learned from `records`' cue spans, and its heads' n-grams."""
    category_ngrams = {c: head_ngrams(pipeline, j) for j, c in enumerate(CATEGORIES, start=1)}
    return OverclaimModel(
        pipeline, threshold, per_category, learn_cue_ngrams(records), category_ngrams, head_ngrams(pipeline, 0), card or {}
    )
