"""Two model versions side by side: their cards' figures, and the labeled sentences they disagree on."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from classifier.dataset import Record
from classifier.evaluate import _covering, articles, evaluate
from classifier.model import OverclaimModel
from classifier.scoring import score_text
from classifier.types import CATEGORIES, DocumentResult


@dataclass(frozen=True)
class Disagreement:
    """A labeled sentence one model flags and the other does not, with both scores."""

    text: str
    label: str
    score_a: float
    score_b: float
    flagged_a: bool


def _cv(card: dict[str, Any], *keys: str) -> Any:
    value: Any = card["metrics"]["cross_validation"]
    for key in keys:
        value = value[key]
    return value


def card_rows(a: dict[str, Any], b: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(figure, A, B) rows from the two cards."""
    rows: list[tuple[str, Any, Any]] = [
        ("trained_at", a["trained_at"], b["trained_at"]),
        ("training sentences", a["training_data"]["sentences"], b["training_data"]["sentences"]),
        ("threshold", a["threshold"], b["threshold"]),
    ]
    rows += [(f"cv {m}", _cv(a, "sentences", m), _cv(b, "sentences", m)) for m in ("precision", "recall", "f1", "roc_auc", "average_precision")]
    rows += [(f"cv recall {c}", _cv(a, "categories", c, "recall"), _cv(b, "categories", c, "recall")) for c in CATEGORIES]
    return rows


def labeled_rows(a: OverclaimModel, b: OverclaimModel, records: Sequence[Record]) -> list[tuple[str, Any, Any]]:
    """(figure, A, B) rows measured on a labeled set, scored as the service scores articles."""
    ea, eb = evaluate(a, records), evaluate(b, records)
    rows = [(f"labeled {m}", ea["sentences"][m], eb["sentences"][m]) for m in ("precision", "recall", "f1")]
    return rows + [("labeled cue f1", ea["cues"]["f1"], eb["cues"]["f1"])]


def _sentence_score(result: DocumentResult, span: tuple[int, int]) -> float:
    return max((s.score for s in result.scored if s.start < span[1] and span[0] < s.end), default=0.0)


def disagreements(a: OverclaimModel, b: OverclaimModel, records: Sequence[Record]) -> list[Disagreement]:
    """Labeled sentences flagged by exactly one of the two, in data order."""
    out = []
    for article in articles(records):
        ra, rb = (score_text(m, article.text, all_sentences=True) for m in (a, b))
        for record, span in zip(article.records, article.spans):
            flagged_a = _covering(span, ra.matches) is not None
            if flagged_a != (_covering(span, rb.matches) is not None):
                out.append(Disagreement(record.text, record.label, _sentence_score(ra, span), _sentence_score(rb, span), flagged_a))
    return out
