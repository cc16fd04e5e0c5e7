"""The model registry's layout: one folder per version, and ACTIVE naming the one in use.

    models/
      ACTIVE                      the active version's name, one line
      HISTORY                     earlier active versions, oldest first (for rollback)
      2026.11.21.194741-2bc5c783/
        overclaim.joblib
        overclaim.card.json
        report/                   written by `overclaim train`

Stdlib only: `classifier.store` and `classifier.registry` both build on it.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

ACTIVE = "ACTIVE"
HISTORY = "HISTORY"
VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$")


class ModelError(Exception):
    """A model that cannot be loaded; the message says what to do."""


class InvalidVersion(ModelError):
    """A version name that is not a plain folder name, or a folder that leads out of the registry."""


def is_registry(root: Path) -> bool:
    return (root / ACTIVE).exists() or (root / ACTIVE).is_symlink()


def version_dir(root: Path, version: str) -> Path:
    """The folder of `version` inside `root`, refusing names and links that leave it."""
    if not isinstance(version, str) or not VERSION.match(version):
        raise InvalidVersion(f"model version {version!r} must be letters, digits, '.', '_' or '-' (at most 64)")
    base = root.resolve()
    folder = base / version
    if folder.is_symlink() or not folder.resolve().is_relative_to(base):
        raise InvalidVersion(f"model version {version!r} is not a folder inside the model directory {base}")
    return folder


def read_pointer(root: Path, name: str = ACTIVE) -> str | None:
    """The version a pointer file names (None when there is no such file)."""
    path = root / name
    if not path.exists():
        return None
    if path.is_symlink() or not path.is_file():
        raise ModelError(f"{path} must be a plain file naming a model version")
    return path.read_text(encoding="utf-8").strip() or None


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step: readers see the old file or the new, never half."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def active_dir(root: Path) -> Path:
    """The active version's folder; a registry without a readable ACTIVE says how to make one."""
    version = read_pointer(root)
    if version is None:
        raise ModelError(f"{root / ACTIVE} names no model version; run `overclaim models activate VERSION` or `overclaim train`")
    return version_dir(root, version)
