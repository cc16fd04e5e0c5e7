"""Rewrite README.md's measured figures from their sources, so no number is typed by hand.

    python scripts/readme_figures.py [BENCH_OUTPUT]

Sources: the model card (cross-validation), reports/heldout.json (held-out
splits and the external certainty check), training_data/train (corpus
counts) and, if given, a saved `make bench` output. Each figure block sits
between `<!-- figures:NAME -->` and `<!-- /figures:NAME -->` in README.md.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cv_block(card: dict) -> str:
    cv = card["metrics"]["cross_validation"]
    s = cv["sentences"]
    cats = ", ".join(f"{k} {v['recall']:.3f}" for k, v in cv["categories"].items())
    return "\n".join([
        "| measure | value |",
        "| --- | --- |",
        f"| sentence precision / recall / F1 | {s['precision']:.3f} / {s['recall']:.3f} / {s['f1']:.3f} (threshold {card['threshold']}) |",
        f"| ROC-AUC / average precision | {s['roc_auc']:.3f} / {s['average_precision']:.3f} |",
        f"| F1 by fold | {', '.join(f'{x:.3f}' for x in cv['f1_by_fold'])} |",
        f"| category recall, heads only | {cats} |",
        *_end_to_end_rows(cv.get("end_to_end")),
        f"| blend (all features : lexicon only) | {cv['blend']} : {1 - cv['blend']:.2f}, by the one-standard-error rule |",
        *_certainty_rows(card.get("certainty_scale")),
        "",
        f"Model `{card['version']}`, trained on {card['training_data']['documents']} articles / "
        f"{card['training_data']['sentences']} sentences.",
    ])


def _certainty_rows(scale: dict | None) -> list[str]:
    """The certainty scale's own cross-validation, grouped by document of training_data/certainty."""
    if not scale:
        return []
    cv = scale["cross_validation"]
    return [f"| certainty scale ({scale['records']} graded findings, {scale['documents']} documents): rho / AUC ≥ 5 vs < 3 / MAE "
            f"| {cv['spearman_rho']:.3f} / {cv['roc_auc_certain_vs_uncertain']:.3f} / {cv['mae']:.2f} (ridge penalty {scale['alpha']}) |"]


def _end_to_end_rows(whole: dict | None) -> list[str]:
    """Each fold's articles scored end to end by that fold's complete model, as a held-out split is."""
    if not whole:
        return []
    t, q, c = whole["sentences"], whole["cues"], whole["categories"]
    recall = ", ".join(f"{k} {v['recall']:.3f}" for k, v in c.items())
    precision = ", ".join(f"{k} {v['precision']:.3f}" for k, v in c.items())
    return [
        f"| end to end: sentence P / R / F1 | {t['precision']:.3f} / {t['recall']:.3f} / {t['f1']:.3f} |",
        f"| end to end: category recall | {recall} |",
        f"| end to end: category precision | {precision} |",
        f"| end to end: cue P / R / F1 | {q['precision']:.2f} / {q['recall']:.2f} / {q['f1']:.2f} |",
    ]


def heldout_block(report: dict) -> str:
    lines = ["| split | model | sentence P / R / F1 | category recall (precision, where measured) | cue P / R / F1 |",
             "| --- | --- | --- | --- | --- |"]
    for split in report["splits"]:
        r = split["result"]
        t, q = r["sentences"], r["cues"]
        cats = ", ".join(f"{k} {v['recall']:.3f}" + (f" (P {v['precision']:.2f})" if "precision" in v else "")
                         for k, v in r["categories"].items())
        lines.append(
            f"| {split['name']} | `{split['evaluated_on_model']}` | {t['precision']:.3f} / {t['recall']:.3f} / **{t['f1']:.3f}** "
            f"| {cats} | {q['precision']:.2f} / {q['recall']:.2f} / {q['f1']:.2f} |"
        )
    return "\n".join(lines)


def certainty_block(report: dict) -> str:
    before = report["splits"][-1]["result"]["certainty"]
    scale = report["certainty_scale"]
    pei, low, high = scale["result"], *scale["roc_auc_bootstrap_95"]
    return "\n".join([
        "| measure | certainty scale | overclaim probability (before the scale) | crude word list (per the data's README) | target |",
        "| --- | --- | --- | --- | --- |",
        f"| ROC-AUC, certainty ≥ 5 vs < 3 ({pei['pairs']} findings) | **{pei['roc_auc_certain_vs_uncertain']:.3f}** "
        f"(95% bootstrap {low:.3f}–{high:.3f}) | {before['roc_auc_certain_vs_uncertain']:.3f} | 0.85 | ≥ 0.90 |",
        f"| Spearman's rho, all {pei['rows']} findings | {pei['spearman_rho']:.3f} | {before['spearman_rho']:.3f} | 0.41 | |",
    ])


def corpus_block() -> str:
    rows = [json.loads(line) for f in sorted((ROOT / "training_data" / "train").glob("*.jsonl")) for line in f.open()]
    labels = Counter(r["label"] for r in rows)
    cats = Counter(c for r in rows if r["label"] == "overclaim" for c in r["categories"])
    return (
        f"{len({r['doc'] for r in rows})} articles, {len(rows)} sentences ({labels['overclaim']} overclaim, "
        f"{labels['ok']} ok, {labels['borderline']} borderline) on {len({r['topic'] for r in rows})} topics in "
        f"{len({r['style'] for r in rows})} styles; overclaims per category: "
        + ", ".join(f"{k} {v}" for k, v in sorted(cats.items()))
    )


def replace(readme: str, name: str, body: str) -> str:
    pattern = re.compile(rf"(<!-- figures:{name} -->\n).*?(\n<!-- /figures:{name} -->)", re.DOTALL)
    if not pattern.search(readme):
        raise SystemExit(f"README.md has no figures:{name} block")
    return pattern.sub(lambda m: m.group(1) + body + m.group(2), readme)


def main(argv: list[str]) -> None:
    readme = (ROOT / "README.md").read_text()
    models = ROOT / "models"
    card = json.loads((models / (models / "ACTIVE").read_text().strip() / "overclaim.card.json").read_text())
    report = json.loads((ROOT / "reports" / "heldout.json").read_text())
    readme = replace(readme, "cv", cv_block(card))
    readme = replace(readme, "heldout", heldout_block(report))
    readme = replace(readme, "certainty", certainty_block(report))
    readme = replace(readme, "corpus", corpus_block())
    if argv:
        readme = replace(readme, "bench", "```\n" + Path(argv[0]).read_text().strip() + "\n```")
    (ROOT / "README.md").write_text(readme)


if __name__ == "__main__":
    main(sys.argv[1:])
