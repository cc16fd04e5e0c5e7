"""Evaluation rebuilds articles from labeled sentences and scores them segmenter-agnostically."""
from __future__ import annotations

from classifier.dataset import Record
from classifier.evaluate import articles, certainty_agreement, evaluate


def rec(doc: str, text: str, label: str = "ok", cats: tuple = (), cues: tuple = ()) -> Record:
    return Record(doc, text, label, cats, cues, "test")


RECORDS = [
    rec("a", "Turmeric"),
    rec("a", "Scientists have discovered a miracle supplement that melts belly fat.", "overclaim", ("hype",), ((28, 35),)),
    rec("a", "A 2021 trial of 40 adults found a small reduction in reported stress."),
    rec("b", "Many people report minimal side effects.", "borderline"),
    rec("b", "Reducing DMN activity may ease depressive symptoms."),
]


def test_articles_keep_each_sentence_span() -> None:
    built = articles(RECORDS)
    assert [len(a.records) for a in built] == [3, 2]
    for article in built:
        for record, (start, end) in zip(article.records, article.spans):
            assert article.text[start:end] == record.text
    assert built[0].text.startswith("Turmeric\n\nScientists")


def test_evaluate_reports_sentences_categories_and_cues(model) -> None:  # type: ignore[no-untyped-def]
    report = evaluate(model, RECORDS)
    assert report["sentences"]["tp"] == 1 and report["sentences"]["fp"] == 0
    assert report["sentences"]["tp"] + report["sentences"]["fn"] == 1
    assert report["categories"]["hype"] == {"support": 1, "recall": 1.0, "named": 1, "precision": 1.0}
    # A category the flag names that the label does not have counts against its precision.
    extra = {c: r for c, r in report["categories"].items() if c != "hype" and r["named"]}
    assert extra and all(r["support"] == 0 and r["precision"] == 0.0 for r in extra.values())
    assert report["cues"]["gold"] == 1 and report["cues"]["recall"] == 1.0


def test_certainty_agreement_runs_on_graded_rows(model) -> None:  # type: ignore[no-untyped-def]
    rows = [
        {"finding": "This compound cures cancer in everyone.", "sentence-level-certainty": 6},
        {"finding": "Children walked more on days with longer evening daylight.", "sentence-level-certainty": 5},
        {"finding": "These results may suggest a possible link.", "sentence-level-certainty": 2},
        {"finding": "It might perhaps be associated with lower risk.", "sentence-level-certainty": 1.5},
    ]
    out = certainty_agreement(model, rows)
    assert out["rows"] == 4 and out["pairs"] == 4
    assert out["score"] == "certainty scale"
    assert out["roc_auc_certain_vs_uncertain"] == 1.0
