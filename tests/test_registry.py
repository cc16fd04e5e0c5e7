"""The registry: versions in folders, ACTIVE replaced atomically, refusals, rollback, no way out of the directory."""
from __future__ import annotations

from pathlib import Path

import pytest

from classifier.layout import InvalidVersion
from classifier.registry import UnknownVersion, activate, active_version, entries, history, rollback, save_version
from classifier.store import ModelError, load_model
from tests.registry_helpers import add_version, corrupt, tamper, two_versions, variant


@pytest.fixture()
def root(model, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    return two_versions(tmp_path, model, threshold=0.99)


def test_activate_points_active_at_the_version_and_loading_follows(root: Path) -> None:
    assert (root / "ACTIVE").read_text() == "v1\n"
    assert load_model(root).card["version"] == "v1"
    activate(root, "v2")
    assert (root / "ACTIVE").read_text() == "v2\n"
    loaded = load_model(root)
    assert (loaded.card["version"], loaded.threshold) == ("v2", 0.99)
    assert history(root) == ["v1"]


def test_rollback_walks_back_through_history(root: Path, model) -> None:  # type: ignore[no-untyped-def]
    add_version(root, model, "v3")
    activate(root, "v2")
    activate(root, "v3")
    assert rollback(root).card["version"] == "v2"
    assert rollback(root).card["version"] == "v1"
    assert active_version(root) == "v1"
    with pytest.raises(ModelError, match="no earlier active version"):
        rollback(root)
    assert active_version(root) == "v1"


@pytest.mark.parametrize("spoil, message", [(tamper, "SHA-256"), (corrupt, "cannot be read")])
def test_a_broken_version_is_refused_and_active_stays(root: Path, spoil, message: str) -> None:  # type: ignore[no-untyped-def]
    spoil(root / "v2")
    with pytest.raises(ModelError, match=message):
        activate(root, "v2")
    assert active_version(root) == "v1" and history(root) == []


def test_an_unknown_version_is_refused(root: Path) -> None:
    with pytest.raises(UnknownVersion):
        activate(root, "v9")
    assert active_version(root) == "v1"


@pytest.mark.parametrize("name", ["../v1", "..", "v1/../v2", "/etc", ".hidden", "", "a" * 65])
def test_version_names_cannot_leave_the_registry(root: Path, name: str) -> None:
    with pytest.raises(InvalidVersion):
        activate(root, name)


def test_a_version_folder_linked_out_of_the_registry_is_refused(root: Path, tmp_path: Path) -> None:
    (root / "v2").rename(tmp_path / "outside")
    (root / "v2").symlink_to(tmp_path / "outside")
    with pytest.raises(InvalidVersion, match="not a folder inside"):
        activate(root, "v2")


def test_active_naming_a_way_out_is_refused(root: Path, tmp_path: Path) -> None:
    (root / "ACTIVE").write_text("../elsewhere\n")
    with pytest.raises(InvalidVersion):
        load_model(root)
    (root / "ACTIVE").unlink()
    (root / "ACTIVE").symlink_to(tmp_path / "pointer")
    (tmp_path / "pointer").write_text("v1\n")
    with pytest.raises(ModelError, match="plain file"):
        load_model(root)


def test_a_renamed_version_folder_is_refused(root: Path) -> None:
    (root / "v2").rename(root / "v7")
    with pytest.raises(ModelError, match="must not be renamed"):
        activate(root, "v7")


def test_versions_are_never_overwritten(root: Path, model) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ModelError, match="already exists"):
        save_version(variant(model, "v1", threshold=0.1), root)
    assert load_model(root).threshold == model.threshold
    assert not [p for p in root.iterdir() if p.name.startswith(".incoming")]


def test_entries_list_every_version_and_name_the_unreadable(root: Path) -> None:
    (root / "v2" / "overclaim.card.json").write_text("{not json")
    (root / "not a version").mkdir()
    listed = {e.version: e for e in entries(root)}
    assert set(listed) == {"v1", "v2"}
    assert listed["v1"].card is not None and listed["v1"].card["version"] == "v1"
    assert listed["v2"].card is None and "cannot read" in str(listed["v2"].problem)


def test_the_bundled_registry_has_a_loadable_active_version(model) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import MODEL_DIR

    version = active_version(MODEL_DIR)
    assert version is not None and (MODEL_DIR / version / "overclaim.joblib").is_file()
    assert model.card["version"] == version
