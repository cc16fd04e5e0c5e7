"""Saving and loading models: joblib file, model card, SHA-256 check, own directory only.

A directory holding an ACTIVE file is a registry (classifier/layout.py):
loading it loads the version ACTIVE names, from that version's folder.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import joblib
import sklearn

from classifier.layout import ModelError, active_dir, is_registry, version_dir
from classifier.model import MODEL_FORMAT, OverclaimModel
from classifier.scoring import score_text

# Scored once at load: scoring derives tables from a model on first use (token ids and
# n-gram keys, the stacked head weights; about 30 ms), built then rather than in the first
# request, and frozen with the model (see `_settle_heap`).
WARM_UP_TEXT = "Studies prove this cures anxiety. One small trial found it may help some adults."

NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
__all__ = ["ModelError", "load_model", "load_version", "read_card", "save_model", "sha256_file"]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _paths(directory: Path, name: str) -> tuple[Path, Path]:
    if not NAME.match(name):
        raise ModelError(f"model name {name!r} must be lower-case letters, digits, '.', '_' or '-'")
    root = directory.resolve()
    return root / f"{name}.joblib", root / f"{name}.card.json"


def _write_atomic(path: Path, write: Any) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def save_model(model: OverclaimModel, directory: Path, name: str = "overclaim") -> dict[str, Any]:
    """Write the model and its card (with the file's SHA-256); return the card."""
    directory.mkdir(parents=True, exist_ok=True)
    model_path, card_path = _paths(directory, name)
    card = {k: v for k, v in model.card.items() if k not in ("sha256", "model_file")}
    model.card = card
    _write_atomic(model_path, lambda p: joblib.dump(model, p, compress=3))
    card = {**card, "model_file": model_path.name, "sha256": sha256_file(model_path)}
    _write_atomic(card_path, lambda p: p.write_text(json.dumps(card, indent=2, sort_keys=True) + "\n"))
    model.card = card
    return card


def _inside(path: Path, root: Path) -> Path:
    if not path.exists() and not path.is_symlink():
        raise ModelError(f"there is no {path.name} in {root}; build the model with `overclaim train`")
    resolved = path.resolve()
    if not resolved.is_relative_to(root) or not resolved.is_file():
        raise ModelError(f"{path} is not a file inside the model directory {root}")
    return resolved


def read_card(directory: Path, name: str = "overclaim") -> dict[str, Any]:
    """The card of the model in `directory` (a registry's active version)."""
    folder = active_dir(directory) if is_registry(directory) else directory
    _, card_path = _paths(folder, name)
    try:
        card = json.loads(_inside(card_path, folder.resolve()).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"cannot read the model card {card_path}: {exc}; run `overclaim train`") from exc
    if not isinstance(card, dict) or not {"sha256", "sklearn_version", "version"} <= card.keys():
        raise ModelError(f"{card_path} is not a model card; run `overclaim train`")
    return card


def load_model(directory: Path, name: str = "overclaim") -> OverclaimModel:
    """Load the model in `directory` (a registry's active version), refusing one whose hash or
    scikit-learn version differs."""
    if is_registry(directory):
        folder = active_dir(directory)
        return load_version(directory, folder.name, name)
    return _load_folder(directory, name)


def load_version(root: Path, version: str, name: str = "overclaim") -> OverclaimModel:
    """Load one version of the registry `root`; its card must carry the folder's name."""
    model = _load_folder(version_dir(root, version), name)
    if model.card["version"] != version:
        raise ModelError(f"the folder {version} holds model {model.card['version']}; a version folder must not be renamed")
    return model


def _load_folder(directory: Path, name: str) -> OverclaimModel:
    root = directory.resolve()
    card = read_card(directory, name)
    model_path = _inside(_paths(directory, name)[0], root)
    if card["sklearn_version"] != sklearn.__version__:
        raise ModelError(
            f"model {card['version']} was trained with scikit-learn {card['sklearn_version']}, "
            f"this is {sklearn.__version__}; retrain it with `overclaim train`"
        )
    actual = sha256_file(model_path)
    if actual != card["sha256"]:
        raise ModelError(
            f"{model_path} has SHA-256 {actual[:12]}…, its card records {card['sha256'][:12]}…; "
            "the file was changed or corrupted: restore it or retrain with `overclaim train`"
        )
    try:
        model = joblib.load(model_path)
    except Exception as exc:  # unpickling garbage raises almost anything; all of it means "unreadable"
        raise ModelError(f"{model_path} cannot be read ({type(exc).__name__}: {exc}); retrain it with `overclaim train`") from exc
    if not isinstance(model, OverclaimModel):
        raise ModelError(f"{model_path} does not hold an Overclaim model")
    built_for = getattr(model, "format", None)
    if built_for != MODEL_FORMAT:
        raise ModelError(
            f"model {card['version']} has format {built_for}, this code reads format {MODEL_FORMAT}; "
            "retrain it with `overclaim train`"
        )
    model.card = card
    try:
        score_text(model, WARM_UP_TEXT, all_sentences=True)
    except Exception as exc:  # a model that loads but cannot score is refused here, not in the first request
        raise ModelError(f"{model_path} loads but cannot score ({type(exc).__name__}: {exc}); retrain it with `overclaim train`") from exc
    _settle_heap()
    return model


def _settle_heap() -> None:
    """Move what is alive now, the model's ~100,000 objects among it, out of the cyclic collector's reach.

    A model lives for the whole process. Left in the collector's oldest
    generation, every full collection walks all of it, and scoring allocates
    enough to set one off every few articles: the 1,500-word article's median
    was 8.6-9.6 ms with them, 7.0-7.3 ms after `gc.freeze()` in the same run
    (`make bench`). Frozen objects are still freed by reference counting when
    a reloaded model replaces this one.
    """
    gc.collect()
    gc.freeze()
