"""The certainty scale: its graded records are validated, it is cross-validated by document, and it ranks hedged findings low."""
from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import math
from pathlib import Path

import numpy as np
import pytest

from classifier.certainty import agreement, fit_certainty
from classifier.certainty_data import check_certainty_file, load_certainty
from classifier.dataset import data_files, is_graded, jsonl_files
from classifier.evaluate import certainty_agreement
from cli.data_cmd import run_check
from server.settings import PROJECT_ROOT
from tests.near_duplicates import near_duplicates

CERTAINTY = PROJECT_ROOT / "training_data" / "certainty"
GOOD = {"doc": "ct-x-01", "text": "Aspirin lowered the risk of a second stroke.", "certainty": 6, "kind": "news", "source": "written for training", "topic": "x"}


def write(path: Path, rows: list) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"certainty": 7}, "certainty", "from 1 (openly uncertain) to 6"),
        ({"certainty": True}, "certainty", "must be an integer"),
        ({"certainty": 4.5}, "certainty", "must be an integer"),
        ({"kind": "tweet"}, "kind", "is not one of"),
        ({"text": " padded"}, "text", "white space"),
        ({"doc": "ct-y-02"}, "doc", "differs from the file name"),
    ],
)
def test_each_problem_names_file_line_and_field(tmp_path: Path, change: dict, field: str, words: str) -> None:
    path = write(tmp_path / "certainty" / "ct-x-01.jsonl", [GOOD, {**GOOD, "text": "Another finding, stated plainly.", **change}])
    records, problems = check_certainty_file(path, require_doc_from_name=True)
    assert len(records) == 1
    assert [(p.line, p.field) for p in problems] == [(2, field)]
    assert words in problems[0].message and str(path) in str(problems[0])


def test_missing_fields_bad_json_and_repeats_are_reported(tmp_path: Path) -> None:
    missing = {k: v for k, v in GOOD.items() if k != "certainty"}
    path = write(tmp_path / "certainty" / "ct-x-01.jsonl", [GOOD, "{not json", missing, GOOD])
    _, problems = check_certainty_file(path)
    assert [(p.line, p.field) for p in problems] == [(2, "-"), (3, "certainty"), (4, "text")]
    with pytest.raises(ValueError, match="3 problem"):
        load_certainty([path])


def test_data_check_reads_files_under_certainty_by_the_certainty_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graded = write(tmp_path / "certainty" / "ct-x-01.jsonl", [GOOD])
    elsewhere = write(tmp_path / "train" / "ct-x-01.jsonl", [GOOD])
    assert is_graded(graded) and not is_graded(elsewhere)
    # Loaders of labeled sentences never read graded files; `data check` reads both, each by its own rules.
    assert data_files(tmp_path) == [elsewhere] and jsonl_files(tmp_path) == [graded, elsewhere]
    assert run_check(argparse.Namespace(paths=[graded])) == 0
    assert run_check(argparse.Namespace(paths=[elsewhere])) == 1
    assert "label: None is not one of" in capsys.readouterr().out


def test_the_bundled_graded_records_are_valid_and_balanced() -> None:
    records = load_certainty(jsonl_files(CERTAINTY))
    levels = np.bincount([r.certainty for r in records], minlength=7)[1:]
    assert len({r.doc for r in records}) >= 30 and levels.min() >= 0.1 * len(records)


def test_no_near_duplicate_graded_findings() -> None:
    close = near_duplicates([r.text for r in load_certainty(jsonl_files(CERTAINTY))])
    assert not close, close[:5]


def test_agreement_figures_follow_the_ranking() -> None:
    truth = np.array([1, 2, 3, 4, 5, 6], dtype=float)
    assert agreement(truth, truth)["roc_auc_certain_vs_uncertain"] == 1.0
    reversed_ = agreement(truth, truth[::-1])
    assert reversed_["roc_auc_certain_vs_uncertain"] == 0.0 and reversed_["spearman_rho"] == -1.0


def test_agreement_without_both_ends_has_no_auc() -> None:
    truth = np.array([5, 6, 4, 5, 6], dtype=float)
    figures = agreement(truth, truth)
    assert math.isnan(figures["roc_auc_certain_vs_uncertain"]) and figures["pairs"] == 4


def test_fit_cross_validates_by_document_and_chooses_alpha(model) -> None:  # type: ignore[no-untyped-def]
    records = load_certainty(jsonl_files(CERTAINTY))[::2]
    regressor, report = fit_certainty(model.pipeline[:-1], records)
    assert report["cross_validation"]["grouped_by"] == "doc" and report["records"] == len(records)
    assert report["alpha"] == regressor.alpha
    best = max(r["spearman_rho"] for r in report["alphas"].values())
    assert report["cross_validation"]["spearman_rho"] == best > 0.5


def test_the_bundled_model_ranks_hedged_findings_below_plain_ones(model) -> None:  # type: ignore[no-untyped-def]
    plain = ["The vaccine cut hospital admissions by half in the trial.", "Regular walking lowers resting blood pressure."]
    hedged = ["It is unclear whether the vaccine changes admissions at all.", "Walking might possibly lower blood pressure, but the data are thin."]
    scores = model.certainty(plain + hedged)
    assert scores is not None and ((scores >= 1) & (scores <= 6)).all()
    assert scores[:2].min() > scores[2:].max()
    assert model.card["certainty_scale"]["training_data"]["files"] == len(jsonl_files(CERTAINTY))


def test_a_model_saved_without_a_scale_is_judged_on_its_overclaim_probability(model) -> None:  # type: ignore[no-untyped-def]
    older = dataclasses.replace(model, certainty_scale=None)
    assert older.certainty(["Anything."]) is None
    unpickled_old = copy.copy(model)  # a model pickled before the scale existed has no such attribute at all
    del unpickled_old.__dict__["certainty_scale"]
    assert unpickled_old.certainty(["Anything."]) is None
    rows = [{"finding": "This pill is proven to cure arthritis.", "sentence-level-certainty": 6},
            {"finding": "The pill may slightly ease some joint pain.", "sentence-level-certainty": 2}]
    assert certainty_agreement(older, rows)["score"] == "overclaim probability"
