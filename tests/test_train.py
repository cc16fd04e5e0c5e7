"""Training on a small slice: grouped folds, thresholds, card, and a model that scores."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.model_selection import GroupKFold

from classifier.dataset import data_files, load_records
from classifier.scoring import score_text
from classifier.store import load_model, save_model
from classifier.train import TrainingSet, train
from server.settings import PROJECT_ROOT

TRAIN = PROJECT_ROOT / "training_data" / "train"


@pytest.fixture(scope="module")
def small() -> list:
    files = data_files(TRAIN)[::4]
    return load_records(files)


def test_folds_never_split_an_article(small: list) -> None:
    data = TrainingSet.from_records(small)
    for train_rows, test_rows in GroupKFold(5, shuffle=True, random_state=0).split(data.texts, groups=data.groups):
        assert not set(data.groups[train_rows]) & set(data.groups[test_rows])


def test_borderline_is_left_out_of_fitting(small: list) -> None:
    data = TrainingSet.from_records(small)
    assert len(data.texts) == sum(r.label != "borderline" for r in small)
    assert data.labels.shape == (len(data.texts), 6)
    assert set(np.unique(data.labels)) <= {0, 1}


def test_train_save_load_score(small: list, tmp_path: Path) -> None:
    model = train(small, TRAIN)
    card = model.card
    assert 0 < card["threshold"] < 1
    assert set(card["category_thresholds"]) == set(card["categories"])
    cv = card["metrics"]["cross_validation"]
    assert cv["grouped_by"] == "doc" and cv["folds"] == 5
    assert 0 <= cv["sentences"]["precision"] <= 1 and cv["sentences"]["roc_auc"] > 0.8
    assert card["training_data"]["documents"] == len({r.doc for r in small})
    # End to end: every fold's articles scored by that fold's complete model, every labeled sentence counted once.
    whole = cv["end_to_end"]
    overclaims = [r for r in small if r.label == "overclaim"]
    assert whole["sentences"]["tp"] + whole["sentences"]["fn"] == len(overclaims)
    for category, row in whole["categories"].items():
        assert row["support"] == sum(category in r.categories for r in overclaims)
        assert 0 < row["recall"] <= 1 and 0 < row["precision"] <= 1
    assert whole["cues"]["gold"] == sum(len(r.cues) for r in overclaims)
    assert model.ngram_weights["hype"], "cue n-grams are learned from the gold cue spans"
    save_model(model, tmp_path)
    loaded = load_model(tmp_path)
    result = score_text(loaded, "This miracle pill cures diabetes overnight, guaranteed.")
    assert result.label == "overclaiming"
