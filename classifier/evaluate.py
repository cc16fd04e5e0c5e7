"""Evaluation against labeled articles, independent of how the segmenter cuts them."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import numpy as np

from classifier import metrics
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


def evaluate(model: OverclaimModel, records: Sequence[Record], threshold: float | None = None) -> dict[str, Any]:
    truth, predicted, cat_truth, cat_hit = [], [], [], []
    gold_cues: list[tuple[int, int]] = []
    found_cues: list[tuple[int, int]] = []
    cue_offset = 0
    for article in articles(records):
        result = score_text(model, article.text, threshold)
        ignored = [s for r, s in zip(article.records, article.spans) if r.label == "borderline"]
        for record, span in zip(article.records, article.spans):
            if record.label == "borderline":
                continue
            match = _covering(span, result.matches)
            truth.append(record.label == "overclaim")
            predicted.append(match is not None)
            cat_truth.append([c in record.categories for c in CATEGORIES])
            cat_hit.append([match is not None and c in match.categories for c in CATEGORIES])
            gold_cues += [(cue_offset + span[0] + s, cue_offset + span[0] + e) for s, e in record.cues if record.label == "overclaim"]
        found_cues += [
            (cue_offset + c.start, cue_offset + c.end)
            for m in result.matches
            for c in m.cues
            if not any(_overlaps((c.start, c.end), b) for b in ignored)
        ]
        cue_offset += len(article.text) + 1
    return _summary(np.array(truth), np.array(predicted), np.array(cat_truth), np.array(cat_hit), gold_cues, found_cues)


def _summary(truth, predicted, cat_truth, cat_hit, gold_cues, found_cues) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    categories = {}
    for j, category in enumerate(CATEGORIES):
        support = int(cat_truth[:, j].sum()) if len(cat_truth) else 0
        hits = int((cat_truth[:, j] & cat_hit[:, j]).sum()) if len(cat_truth) else 0
        categories[category] = {"support": support, "recall": round(hits / support, 4) if support else 0.0}
    cue_precision = sum(any(_overlaps(f, g) for g in gold_cues) for f in found_cues) / len(found_cues) if found_cues else 0.0
    cue_recall = sum(any(_overlaps(g, f) for f in found_cues) for g in gold_cues) / len(gold_cues) if gold_cues else 0.0
    cue_f1 = 2 * cue_precision * cue_recall / (cue_precision + cue_recall) if cue_precision + cue_recall else 0.0
    return {
        "sentences": metrics.prf(truth, predicted),
        "categories": categories,
        "cues": {"precision": round(cue_precision, 4), "recall": round(cue_recall, 4), "f1": round(cue_f1, 4), "gold": len(gold_cues), "found": len(found_cues)},
    }


def certainty_agreement(model: OverclaimModel, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Against graded certainty (Pei & Jurgens 2021): AUC for >= 5 vs < 3, and Spearman's rho."""
    from scipy.stats import spearmanr

    texts = [str(r["finding"]) for r in rows]
    certainty = np.array([float(r["sentence-level-certainty"]) for r in rows])
    scores = model.predict(texts)[:, 0]
    extreme = (certainty >= 5) | (certainty < 3)
    auc = metrics.ranking((certainty[extreme] >= 5).astype(int), scores[extreme])["roc_auc"]
    rho = float(spearmanr(scores, certainty).statistic)
    return {"rows": len(rows), "roc_auc_certain_vs_uncertain": auc, "pairs": int(extreme.sum()), "spearman_rho": round(rho, 4)}
