"""Models load only from their own directory, with the recorded hash and the same scikit-learn.

These tests work on one version folder (a copy of the active one); tests/test_registry.py
covers the registry around the folders.
"""
from __future__ import annotations

import gc
import json
import shutil
import weakref
from pathlib import Path

import pytest

from classifier.store import ModelError, load_model, read_card, save_model, sha256_file
from tests.conftest import MODEL_DIR


ACTIVE_DIR = MODEL_DIR / (MODEL_DIR / "ACTIVE").read_text().strip()


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "models"
    shutil.copytree(ACTIVE_DIR, target)
    return target


def test_round_trip_keeps_the_card(model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = save_model(model, tmp_path / "out")
    assert card["sha256"] == sha256_file(tmp_path / "out" / "overclaim.joblib")
    loaded = load_model(tmp_path / "out")
    assert loaded.card["version"] == model.card["version"]
    assert loaded.threshold == model.threshold


def test_a_changed_file_is_refused(copy: Path) -> None:
    with (copy / "overclaim.joblib").open("ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(ModelError, match="SHA-256"):
        load_model(copy)


def test_another_scikit_learn_is_refused(copy: Path) -> None:
    card_path = copy / "overclaim.card.json"
    card = json.loads(card_path.read_text())
    card["sklearn_version"] = "0.24.2"
    card_path.write_text(json.dumps(card))
    with pytest.raises(ModelError, match="scikit-learn 0.24.2"):
        load_model(copy)


def test_a_link_out_of_the_directory_is_refused(copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.joblib"
    (copy / "overclaim.joblib").rename(outside)
    (copy / "overclaim.joblib").symlink_to(outside)
    with pytest.raises(ModelError, match="not a file inside the model directory"):
        load_model(copy)


@pytest.mark.parametrize("name", ["../overclaim", "/etc/passwd", "Overclaim", ""])
def test_names_cannot_leave_the_directory(copy: Path, name: str) -> None:
    with pytest.raises(ModelError):
        load_model(copy, name)


def test_a_missing_or_broken_card_says_what_to_do(tmp_path: Path, copy: Path) -> None:
    with pytest.raises(ModelError, match="overclaim train"):
        load_model(tmp_path)
    (copy / "overclaim.card.json").write_text("{not json")
    with pytest.raises(ModelError, match="overclaim train"):
        read_card(copy)


def test_the_app_refuses_to_start_on_a_tampered_model(copy: Path) -> None:
    from starlette.testclient import TestClient

    from server.app import create_app
    from server.settings import Settings

    (copy / "overclaim.joblib").write_bytes(b"not a model")
    with pytest.raises(ModelError):
        with TestClient(create_app(Settings.from_env({}, model_dir=str(copy)))):
            pass


def test_a_model_of_another_format_is_refused(model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import copy as copying

    old = copying.copy(model)
    old.format = 1
    save_model(old, tmp_path)
    with pytest.raises(ModelError, match="format 1"):
        load_model(tmp_path)


def test_a_loaded_model_is_frozen_out_of_the_collector_yet_freed_when_dropped(copy: Path) -> None:
    """load_model freezes the heap (gc.freeze), and frozen objects are only ever freed by
    reference counting: a model with a reference cycle would leak on every reload."""
    model = load_model(copy)
    assert gc.get_freeze_count() > 0
    dropped = weakref.ref(model)
    del model
    assert dropped() is None


def test_a_model_that_loads_but_cannot_score_is_refused_at_load(model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import copy as copying

    broken = copying.copy(model)
    broken.pipeline = None
    save_model(broken, tmp_path)
    with pytest.raises(ModelError, match="cannot score"):
        load_model(tmp_path)


def test_a_loaded_model_has_its_scoring_tables_built(copy: Path) -> None:
    """The first request does not build them: loading scored the warm-up text."""
    from classifier.heads import _STACKED
    from classifier.word_features import _TABLES

    model = load_model(copy)
    (_, words), _ = model.pipeline.named_steps["features"].transformer_list
    assert words in _TABLES and _TABLES[words].vocabulary is words.vocabulary_
    assert model.pipeline[-1] in _STACKED
