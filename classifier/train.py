"""Training: grouped cross-validation, threshold choice, the final fit and its card."""
from __future__ import annotations

import hashlib
import platform
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import sklearn
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from classifier import metrics
from classifier.dataset import Record, data_files
from classifier.lexicon import load_lexicon
from classifier.assemble import complete_model
from classifier.certainty import fit_certainty
from classifier.certainty_data import CertaintyRecord
from classifier.cv_end_to_end import docs_by_fold, end_to_end
from classifier.model import MODEL_FORMAT, OverclaimModel
from classifier.pipeline import DEFAULT_PARAMS, HEADS, build_pipeline
from classifier.types import CATEGORIES

MIN_PRECISION = 0.90
FOLDS = 5
# The all-features detector's share of the overclaim probability. It stops at
# 0.85: the lexicon-only detector always keeps a share, because it is what
# still counts an unhedged cue when the word n-grams of unfamiliar wording pull
# the other way. With a share of 0 the guide's own first example, "Numerous
# studies have shown that microdosing can help alleviate symptoms of
# depression.", fell under the threshold (word weights: "help" and "studies"
# mostly occur in careful sentences) while the lexicon detector gave it 0.91.
BLENDS = (0.85, 0.7, 0.55, 0.4)
# Category thresholds weigh recall three times precision: a category the
# reader is not told about hides a reason, while an extra one is shown only
# when a cue of its own is found in the sentence or its head is fairly sure
# of it (classifier.scoring.NAMED_WITHOUT_CUE).
CATEGORY_BETA = 3.0


@dataclass(frozen=True)
class TrainingSet:
    """Sentences with their head labels; borderline ones are kept out of fitting and scoring."""

    texts: list[str]
    labels: np.ndarray
    groups: np.ndarray

    @classmethod
    def from_records(cls, records: Sequence[Record]) -> "TrainingSet":
        kept = [r for r in records if r.label != "borderline"]
        labels = np.array(
            [[r.label == "overclaim", *(c in r.categories for c in CATEGORIES)] for r in kept], dtype=np.int8
        ).reshape(len(kept), len(HEADS))
        return cls([r.text for r in kept], labels, np.array([r.doc for r in kept]))

    def subset(self, rows: np.ndarray) -> "TrainingSet":
        return TrainingSet([self.texts[i] for i in rows], self.labels[rows], self.groups[rows])


def fit_pipeline(data: TrainingSet, params: dict[str, Any]):  # type: ignore[no-untyped-def]
    return build_pipeline(**params).fit(data.texts, data.labels)


def out_of_fold(data: TrainingSet, params: dict[str, Any], folds: int = FOLDS, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[Pipeline]]:
    """For every sentence, from a model that never saw its article: the heads' probabilities
    (column 0 from the all-features detector), the lexicon-only detector's, and the fold;
    then each fold's fitted pipeline."""
    probabilities = np.zeros(data.labels.shape, dtype=np.float64)
    lexicon_only = np.zeros(len(data.texts), dtype=np.float64)
    fold_of = np.zeros(len(data.texts), dtype=np.int16)
    pipelines: list[Pipeline] = []
    splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for fold, (train, test) in enumerate(splitter.split(data.texts, groups=data.groups)):
        pipeline = fit_pipeline(data.subset(train), {**params, "blend": 1.0})
        pipelines.append(pipeline)
        X = pipeline[:-1].transform([data.texts[i] for i in test])
        probabilities[test] = pipeline[-1].positive_proba(X)
        lexicon_only[test] = pipeline[-1].detector_parts(X)[1]
        fold_of[test] = fold
    return probabilities, lexicon_only, fold_of, pipelines


def choose_blend(data: TrainingSet, oof: np.ndarray, lexicon_only: np.ndarray, fold_of: np.ndarray, min_precision: float) -> tuple[float, dict[str, Any]]:
    """The most lexicon-reliant blend whose cross-validated F1 is within one standard error of the best.

    The one-standard-error rule: when cross-validation cannot tell two
    models apart, prefer the more constrained one, here the one leaning on
    the lexicon, which cannot memorise the training data's wording.
    """
    truth, table = data.labels[:, 0], {}
    for blend in BLENDS:
        scores = blend * oof[:, 0] + (1 - blend) * lexicon_only
        t = metrics.choose_threshold(truth, scores, min_precision)
        f1 = [metrics.prf(truth[fold_of == f], scores[fold_of == f] >= t)["f1"] for f in np.unique(fold_of)]
        table[blend] = {"f1_mean": round(float(np.mean(f1)), 4), "f1_se": round(float(np.std(f1, ddof=1) / np.sqrt(len(f1))), 4)}
    best = max(table.values(), key=lambda r: r["f1_mean"])
    chosen = min(b for b, r in table.items() if r["f1_mean"] >= best["f1_mean"] - best["f1_se"])
    return chosen, {str(b): r for b, r in table.items()}


def choose_thresholds(data: TrainingSet, oof: np.ndarray, min_precision: float) -> tuple[float, dict[str, float]]:
    threshold = metrics.choose_threshold(data.labels[:, 0], oof[:, 0], min_precision)
    positives = data.labels[:, 0] == 1
    per_category = {
        c: metrics.choose_category_threshold(data.labels[positives, j], oof[positives, j], CATEGORY_BETA)
        for j, c in enumerate(CATEGORIES, start=1)
    }
    return threshold, per_category


def report(data: TrainingSet, oof: np.ndarray, fold_of: np.ndarray, threshold: float, per_category: dict[str, float]) -> dict[str, Any]:
    """The cross-validated figures that go into the card and README."""
    truth, scores = data.labels[:, 0], oof[:, 0]
    fold_f1 = [metrics.prf(truth[fold_of == f], scores[fold_of == f] >= threshold)["f1"] for f in np.unique(fold_of)]
    return {
        "sentences": {**metrics.prf(truth, scores >= threshold), **metrics.ranking(truth, scores)},
        "f1_by_fold": fold_f1,
        "categories": metrics.category_recall(data.labels, oof, threshold, per_category),
        "folds": len(fold_f1),
        "grouped_by": "doc",
    }


def data_digest(root: Path, files: Sequence[Path] | None = None) -> dict[str, Any]:
    """SHA-256 over the files' paths (relative to `root`) and bytes: by default the labeled-sentence files under `root`."""
    digest = hashlib.sha256()
    files = data_files(root) if files is None else files
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return {"sha256": digest.hexdigest(), "files": len(files)}


def make_card(records: Sequence[Record], root: Path, params: dict[str, Any], threshold: float, per_category: dict[str, float], cv: dict[str, Any]) -> dict[str, Any]:
    now = datetime.now(timezone.utc)
    data = data_digest(root)
    labels = {label: sum(r.label == label for r in records) for label in ("overclaim", "ok", "borderline")}
    return {
        "name": "overclaim",
        "version": f"{now:%Y.%m.%d.%H%M%S}-{data['sha256'][:8]}",
        "trained_at": now.isoformat(timespec="seconds"),
        "threshold": threshold,
        "category_thresholds": per_category,
        "categories": list(CATEGORIES),
        "training_data": {**data, "documents": len({r.doc for r in records}), "sentences": len(records), "labels": labels},
        "sklearn_version": sklearn.__version__,
        "python_version": platform.python_version(),
        "lexicon_version": load_lexicon().version,
        "model_format": MODEL_FORMAT,
        "params": params,
        "min_precision": MIN_PRECISION,
        "category_beta": CATEGORY_BETA,
        "metrics": {"cross_validation": cv},
    }


@dataclass(frozen=True)
class Evidence:
    """What cross-validation saw, for the training report: labels and out-of-fold probabilities."""

    labels: np.ndarray
    oof: np.ndarray


def train(
    records: Sequence[Record],
    root: Path,
    params: dict[str, Any] | None = None,
    min_precision: float = MIN_PRECISION,
    certainty: Sequence[CertaintyRecord] = (),
) -> OverclaimModel:
    """Cross-validate by article, choose thresholds, fit on everything, and describe it in a card."""
    return train_with_evidence(records, root, params, min_precision, certainty)[0]


def train_with_evidence(
    records: Sequence[Record],
    root: Path,
    params: dict[str, Any] | None = None,
    min_precision: float = MIN_PRECISION,
    certainty: Sequence[CertaintyRecord] = (),
) -> tuple[OverclaimModel, Evidence]:
    """`train`, also returning the out-of-fold evidence behind the card's figures.

    With graded `certainty` records the model also gets a certainty scale,
    fit on the final pipeline's features (classifier/certainty.py).
    BLAS runs on one thread: the problems are small, and numpy's and scipy's
    thread pools fighting over two cores made fitting ten times slower.
    """
    with threadpool_limits(limits=1):
        model, evidence = _train(records, root, {**DEFAULT_PARAMS, **(params or {})}, min_precision)
        if certainty:
            model.certainty_scale, model.card["certainty_scale"] = fit_certainty(model.pipeline[:-1], certainty)
        return model, evidence


def _train(records: Sequence[Record], root: Path, params: dict[str, Any], min_precision: float) -> tuple[OverclaimModel, Evidence]:
    data = TrainingSet.from_records(records)
    oof, lexicon_only, fold_of, pipelines = out_of_fold(data, params)
    blend, blends = choose_blend(data, oof, lexicon_only, fold_of, min_precision)
    oof[:, 0] = blend * oof[:, 0] + (1 - blend) * lexicon_only
    params = {**params, "blend": blend}
    threshold, per_category = choose_thresholds(data, oof, min_precision)
    for pipeline in pipelines:
        pipeline.named_steps["heads"].set_params(blend=blend)
    whole = end_to_end(records, docs_by_fold(data.groups, fold_of), pipelines, threshold, per_category)
    cv = {**report(data, oof, fold_of, threshold, per_category), "blend": blend, "blends": blends, "end_to_end": whole}
    pipeline = fit_pipeline(data, params)
    card = make_card(records, root, params, threshold, per_category, cv)
    model = complete_model(pipeline, records, threshold, per_category, card)
    return model, Evidence(data.labels, oof)
