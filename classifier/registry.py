"""The model registry: save versions, list them, activate one, roll back (layout in classifier/layout.py)."""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from classifier.layout import ACTIVE, HISTORY, VERSION, ModelError, read_pointer, version_dir, write_atomic
from classifier.model import OverclaimModel
from classifier.store import load_version, read_card, save_model

HISTORY_LENGTH = 20


class UnknownVersion(ModelError):
    """No folder of that version in the registry."""


@dataclass(frozen=True)
class Entry:
    """One version folder: its card, or why it cannot be read."""

    version: str
    card: dict[str, Any] | None
    problem: str | None = None


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    """One writer of ACTIVE and HISTORY at a time, across processes."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def active_version(root: Path) -> str | None:
    return read_pointer(root)


def history(root: Path) -> list[str]:
    path = root / HISTORY
    if not path.is_file() or path.is_symlink():
        return []
    return [line for line in path.read_text(encoding="utf-8").split() if VERSION.match(line)]


def entries(root: Path, name: str = "overclaim") -> list[Entry]:
    """Every version folder, oldest first (version names start with their training time)."""
    if not root.is_dir():
        return []
    out = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and VERSION.match(p.name)):
        try:
            out.append(Entry(folder.name, read_card(version_dir(root, folder.name), name)))
        except ModelError as exc:
            out.append(Entry(folder.name, None, str(exc)))
    return out


def save_version(model: OverclaimModel, root: Path, name: str = "overclaim") -> Path:
    """Write the model into a new folder named after its version; never over an existing one.

    Written into a hidden folder first and renamed into place, so a reader
    never sees a version folder without its card.
    """
    root.mkdir(parents=True, exist_ok=True)
    target = version_dir(root, model.card["version"])
    if target.exists():
        raise ModelError(f"version {target.name} already exists in {root}; versions are never overwritten")
    staging = Path(tempfile.mkdtemp(dir=root, prefix=".incoming-"))
    try:
        save_model(model, staging, name)
        os.chmod(staging, 0o755)
        os.rename(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def load_checked(root: Path, version: str, name: str = "overclaim") -> OverclaimModel:
    """Load a version, telling an unknown version apart from a broken one."""
    if not version_dir(root, version).is_dir():
        raise UnknownVersion(f"there is no model version {version!r} in {root}; see `overclaim models list`")
    return load_version(root, version, name)


def activate(root: Path, version: str, name: str = "overclaim") -> OverclaimModel:
    """Check that `version` loads (hash, format, scikit-learn), then point ACTIVE at it.

    The version it replaces goes on HISTORY, for `rollback`.
    """
    model = load_checked(root, version, name)
    with _locked(root):
        previous = active_version(root)
        if previous and previous != version:
            write_atomic(root / HISTORY, "\n".join([*history(root), previous][-HISTORY_LENGTH:]) + "\n")
        write_atomic(root / ACTIVE, version + "\n")
    return model


def rollback(root: Path, name: str = "overclaim") -> OverclaimModel:
    """Activate the version that was active before the current one, and forget it on HISTORY."""
    with _locked(root):
        earlier = history(root)
        if not earlier:
            raise ModelError(f"{root / HISTORY} has no earlier active version to roll back to")
        model = load_checked(root, earlier[-1], name)
        write_atomic(root / HISTORY, "".join(f"{v}\n" for v in earlier[:-1]))
        write_atomic(root / ACTIVE, earlier[-1] + "\n")
    return model
