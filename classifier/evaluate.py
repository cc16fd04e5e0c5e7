"""Evaluation against labeled articles, independent of how the segmenter cuts them."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import numpy as np

from classifier import metrics
from classifier.certainty import agreement
from classifier.model import OverclaimModel
from classifier.scoring import score_text
from classifier.dataset import Record
from classifier.types import CATEGORIES, Match

MIN_OVERLAP = 0.5


@dataclass(frozen=True)
class Article:
    text: str
    records: tuple[Record, ...]
    spans: tuple[tuple[int, int], ...]


def articles(records: Iterable[Record]) -> list[Article]:
    """Rebuild each article's text from its sentences, in order, with each sentence's span."""
    by_doc: OrderedDict[str, list[Record]] = OrderedDict()
    for record in records:
        by_doc.setdefault(record.doc, []).append(record)
    out = []
    for recs in by_doc.values():
        parts, spans, position = [], [], 0
        for i, record in enumerate(recs):
            glue = "" if i == 0 else (" " if recs[i - 1].text[-1:] in ".!?\"'”’)" else "\n\n")
            position += len(glue)
            parts.append(glue + record.text)
            spans.append((position, position + len(record.text)))
            position += len(record.text)
        out.append(Article("".join(parts), tuple(recs), tuple(spans)))
    return out


def _covering(span: tuple[int, int], matches: Sequence[Match]) -> Match | None:
    """The match covering at least half of the gold sentence, if any."""
    start, end = span
    for match in matches:
        overlap = min(end, match.end) - max(start, match.start)
        if overlap > 0 and overlap >= MIN_OVERLAP * (end - start):
            return match
    return None


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Tally:
    """What an evaluation counts, summed over articles (and over folds, for cross-validation)."""

    truth: list[bool] = field(default_factory=list)
    predicted: list[bool] = field(default_factory=list)
    cat_truth: list[list[bool]] = field(default_factory=list)
    cat_hit: list[list[bool]] = field(default_factory=list)
    cues_gold: int = 0
    cues_gold_found: int = 0
    cues_found: int = 0
    cues_found_right: int = 0


def tally(model: OverclaimModel, records: Sequence[Record], threshold: float | None = None, into: Tally | None = None) -> Tally:
    """Score each article end to end and count, against its labels, what was flagged, named and marked."""
    out = into if into is not None else Tally()
    for article in articles(records):
        result = score_text(model, article.text, threshold)
        ignored = [s for r, s in zip(article.records, article.spans) if r.label == "borderline"]
        gold: list[tuple[int, int]] = []
        for record, span in zip(article.records, article.spans):
            if record.label == "borderline":
                continue
            match = _covering(span, result.matches)
            out.truth.append(record.label == "overclaim")
            out.predicted.append(match is not None)
            out.cat_truth.append([c in record.categories for c in CATEGORIES])
            out.cat_hit.append([match is not None and c in match.categories for c in CATEGORIES])
            gold += [(span[0] + s, span[0] + e) for s, e in record.cues if record.label == "overclaim"]
        found = [(c.start, c.end) for m in result.matches for c in m.cues if not any(_overlaps((c.start, c.end), b) for b in ignored)]
        out.cues_gold += len(gold)
        out.cues_gold_found += sum(any(_overlaps(g, f) for f in found) for g in gold)
        out.cues_found += len(found)
        out.cues_found_right += sum(any(_overlaps(f, g) for g in gold) for f in found)
    return out


def evaluate(model: OverclaimModel, records: Sequence[Record], threshold: float | None = None) -> dict[str, Any]:
    return summary(tally(model, records, threshold))


def summary(t: Tally) -> dict[str, Any]:
    truth, predicted = np.array(t.truth, dtype=bool), np.array(t.predicted, dtype=bool)
    cat_truth = np.array(t.cat_truth, dtype=bool).reshape(len(t.cat_truth), len(CATEGORIES))
    cat_hit = np.array(t.cat_hit, dtype=bool).reshape(len(t.cat_hit), len(CATEGORIES))
    categories = {}
    for j, category in enumerate(CATEGORIES):
        support, named = int(cat_truth[:, j].sum()), int(cat_hit[:, j].sum())
        hits = int((cat_truth[:, j] & cat_hit[:, j]).sum())
        categories[category] = {
            "support": support,
            "recall": round(hits / support, 4) if support else 0.0,
            "named": named,
            "precision": round(hits / named, 4) if named else 0.0,
        }
    cue_precision = t.cues_found_right / t.cues_found if t.cues_found else 0.0
    cue_recall = t.cues_gold_found / t.cues_gold if t.cues_gold else 0.0
    cue_f1 = 2 * cue_precision * cue_recall / (cue_precision + cue_recall) if cue_precision + cue_recall else 0.0
    return {
        "sentences": metrics.prf(truth, predicted),
        "categories": categories,
        "cues": {"precision": round(cue_precision, 4), "recall": round(cue_recall, 4), "f1": round(cue_f1, 4), "gold": t.cues_gold, "found": t.cues_found},
    }


def certainty_agreement(model: OverclaimModel, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Against graded certainty (Pei & Jurgens 2021): AUC for >= 5 vs < 3, and Spearman's rho.

    The score is the model's certainty scale; a model saved without one is
    judged on its overclaim probability, and the report says which.
    """
    texts = [str(r["finding"]) for r in rows]
    certainty = np.array([float(r["sentence-level-certainty"]) for r in rows])
    scale = model.certainty(texts)
    scores, score = (model.predict(texts)[:, 0], "overclaim probability") if scale is None else (scale, "certainty scale")
    found = agreement(certainty, scores)
    return {"rows": len(rows), "score": score, **{k: found[k] for k in ("roc_auc_certain_vs_uncertain", "pairs", "spearman_rho")}}
