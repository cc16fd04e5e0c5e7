"""Cross-validation of the whole system, end to end: each fold's model scores its unseen articles as the service does.

The out-of-fold probabilities measure the heads; what a reader sees also
depends on the segmenter and on the cue finder, which names a category only
with a cue (or when its head is confident). Here every fold's pipeline
becomes a complete model (its own learned cue n-grams and head n-grams, the
thresholds chosen by cross-validation) and `classifier.evaluate` scores the
fold's articles, rebuilt from their sentences, exactly as it scores a
held-out split.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from sklearn.pipeline import Pipeline

from classifier.assemble import complete_model
from classifier.dataset import Record
from classifier.evaluate import Tally, summary, tally


def end_to_end(
    records: Sequence[Record],
    fold_of_doc: dict[str, int],
    pipelines: Sequence[Pipeline],
    threshold: float,
    per_category: dict[str, float],
) -> dict[str, Any]:
    """Sentence P/R/F1, category recall and precision, and cue P/R/F1 over every fold's unseen articles."""
    total = Tally()
    for fold, pipeline in enumerate(pipelines):
        train = [r for r in records if fold_of_doc.get(r.doc, -1) != fold]
        test = [r for r in records if fold_of_doc.get(r.doc, -1) == fold]
        tally(complete_model(pipeline, train, threshold, per_category), test, into=total)  # knows only the fold's training articles
    return summary(total)


def docs_by_fold(groups: np.ndarray, fold_of: np.ndarray) -> dict[str, int]:
    """The fold each article was held out in."""
    return {str(doc): int(fold) for doc, fold in zip(groups, fold_of)}
