"""The training report a trainer looks at: PR curve and confusion matrix (PNG), tables (Markdown).

Written by `overclaim train` into `<registry>/<version>/report/`. The plots
need the `train` extra (matplotlib); without it the Markdown is still written.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_curve

from classifier.model import OverclaimModel
from classifier.train import Evidence
from classifier.types import CATEGORIES

TOP_NGRAMS = 8


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_pr_curve(evidence: Evidence, threshold: float, version: str, path: Path) -> None:
    plt = _pyplot()
    truth, scores = evidence.labels[:, 0], evidence.oof[:, 0]
    precision, recall, _ = precision_recall_curve(truth, scores)
    flagged = scores >= threshold
    at_p = float(np.sum(truth[flagged]) / max(1, np.sum(flagged)))
    at_r = float(np.sum(truth[flagged]) / max(1, np.sum(truth)))
    fig, ax = plt.subplots(figsize=(6, 5), dpi=120)
    ax.plot(recall, precision, lw=2, color="#1f5fa8", label="out-of-fold, grouped by article")
    ax.scatter([at_r], [at_p], s=70, color="#c0392b", zorder=3, label=f"threshold {threshold:.3f}: P {at_p:.2f}, R {at_r:.2f}")
    ax.set(xlabel="recall (overclaims flagged)", ylabel="precision (flags that are overclaims)", xlim=(0, 1.01), ylim=(0, 1.01))
    ax.set_title(f"Precision–recall, model {version}", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=9)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def plot_confusion(evidence: Evidence, threshold: float, version: str, path: Path) -> None:
    plt = _pyplot()
    matrix = confusion_matrix(evidence.labels[:, 0], evidence.oof[:, 0] >= threshold, labels=[0, 1])
    shares = matrix / np.maximum(1, matrix.sum(axis=1, keepdims=True))
    fig, ax = plt.subplots(figsize=(5, 4.4), dpi=120)
    ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    for (i, j), count in np.ndenumerate(matrix):
        ax.text(j, i, f"{count}\n{shares[i, j]:.0%}", ha="center", va="center", fontsize=12, color="white" if shares[i, j] > 0.5 else "black")
    ax.set_xticks([0, 1], ["ok", "overclaim"])
    ax.set_yticks([0, 1], ["ok", "overclaim"])
    ax.set(xlabel="predicted (out-of-fold)", ylabel="labeled")
    ax.set_title(f"Confusion at threshold {threshold:.3f}\nmodel {version}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def category_table(card: dict[str, Any]) -> str:
    """Per category: the heads' out-of-fold figures and, where measured, the end-to-end ones (what a reader is shown)."""
    cv = card["metrics"]["cross_validation"]
    rows, whole = cv["categories"], cv.get("end_to_end", {}).get("categories", {})
    lines = [
        "| category | labeled | flagged | flagged with this category | end to end: recall | end to end: precision | category threshold |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for c in CATEGORIES:
        r, e = rows[c], whole.get(c)
        shown = f"{e['recall']:.1%} | {e['precision']:.1%}" if e else "— | —"
        lines.append(f"| {c} | {r['support']} | {r['flagged']:.1%} | {r['recall']:.1%} | {shown} | {card['category_thresholds'][c]:.3f} |")
    return "\n".join(lines)


def _top(weights: dict[str, float], n: int = TOP_NGRAMS) -> str:
    best = sorted(weights.items(), key=lambda kv: -kv[1])[:n]
    return ", ".join(f"`{gram}` ({w:.2f})" for gram, w in best) or "—"


def cue_table(model: OverclaimModel) -> str:
    lines = ["| category | strongest n-grams in the category's head (weight) | n-grams learned from labeled cue spans (weight) |", "| --- | --- | --- |"]
    for c in CATEGORIES:
        lines.append(f"| {c} | {_top(model.category_ngrams.get(c, {}))} | {_top(model.ngram_weights.get(c, {}))} |")
    lines.append(f"| *any overclaim* | {_top(model.flag_ngrams)} | |")
    return "\n".join(lines)


def summary(card: dict[str, Any], gate_failures: list[str]) -> str:
    s = card["metrics"]["cross_validation"]["sentences"]
    gate = "passed" if not gate_failures else f"**failed** ({len(gate_failures)} rows):\n" + "\n".join(f"  - {f}" for f in gate_failures)
    data = card["training_data"]
    return (
        f"# Model {card['version']}\n\nTrained {card['trained_at']} on {data['sentences']} sentences from "
        f"{data['documents']} articles (data SHA-256 {data['sha256'][:12]}…).\n\n"
        f"Cross-validated ({card['metrics']['cross_validation']['folds']} folds grouped by article), threshold "
        f"{card['threshold']:.4f}: precision {s['precision']:.3f}, recall {s['recall']:.3f}, F1 {s['f1']:.3f}, "
        f"ROC AUC {s['roc_auc']:.3f}, average precision {s['average_precision']:.3f}.\n\n{_end_to_end(card)}{_certainty(card)}"
        f"Gate (must-flag / must-pass): {gate}\n"
    )


def _end_to_end(card: dict[str, Any]) -> str:
    whole = card["metrics"]["cross_validation"].get("end_to_end")
    if not whole:
        return ""
    t, q = whole["sentences"], whole["cues"]
    return (
        f"End to end (each fold's articles segmented and scored by that fold's complete model, as a held-out split is): "
        f"precision {t['precision']:.3f}, recall {t['recall']:.3f}, F1 {t['f1']:.3f}; cues precision {q['precision']:.3f}, "
        f"recall {q['recall']:.3f}.\n\n"
    )


def _certainty(card: dict[str, Any]) -> str:
    scale = card.get("certainty_scale")
    if not scale:
        return ""
    cv = scale["cross_validation"]
    return (
        f"Certainty scale ({scale['records']} graded findings from {scale['documents']} documents, {cv['folds']} folds grouped by "
        f"document, ridge penalty {scale['alpha']}): Spearman's rho {cv['spearman_rho']:.3f}, ROC AUC certain (>= 5) vs "
        f"uncertain (< 3) {cv['roc_auc_certain_vs_uncertain']:.3f}, mean absolute error {cv['mae']:.2f}.\n\n"
    )


def write_report(folder: Path, model: OverclaimModel, evidence: Evidence, gate_failures: list[str]) -> list[Path]:
    """Write the report into `folder`; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    card, written = model.card, []
    parts = [summary(card, gate_failures)]
    try:
        plot_pr_curve(evidence, model.threshold, card["version"], folder / "pr_curve.png")
        plot_confusion(evidence, model.threshold, card["version"], folder / "confusion.png")
        written += [folder / "pr_curve.png", folder / "confusion.png"]
        parts.append("![precision–recall curve](pr_curve.png) ![confusion matrix](confusion.png)\n")
    except ImportError:
        parts.append("*No plots: install the `train` extra (`pip install -e '.[train]'`) for them.*\n")
    parts += ["## Categories\n", category_table(card) + "\n", "## Most influential cue n-grams\n", cue_table(model) + "\n"]
    (folder / "index.md").write_text("\n".join(parts), encoding="utf-8")
    return [*written, folder / "index.md"]
