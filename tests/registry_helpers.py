"""Model versions for registry tests, made from the bundled model without training."""
from __future__ import annotations

import copy
import threading
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from classifier.lexicon import Hit
from classifier.model import OverclaimModel
from classifier.registry import save_version
from classifier.store import sha256_file

# Events a BlockingModel waits on, by name; module level so a model loaded back
# from disk (a new object) finds the same events.
GATES: dict[str, tuple[threading.Event, threading.Event]] = {}


def variant(model: OverclaimModel, version: str, threshold: float | None = None, f1: float | None = None) -> OverclaimModel:
    """The bundled model under another version name, optionally with another threshold or CV F1."""
    out = copy.copy(model)
    card: dict[str, Any] = copy.deepcopy(model.card)
    card["version"] = version
    if threshold is not None:
        out.threshold = card["threshold"] = threshold
    if f1 is not None:
        card["metrics"]["cross_validation"]["sentences"]["f1"] = f1
    out.card = card
    return out


def add_version(root: Path, model: OverclaimModel, version: str, **changes: Any) -> Path:
    return save_version(variant(model, version, **changes), root)


def tamper(folder: Path) -> None:
    """Change the model file after its card recorded the hash."""
    with (folder / "overclaim.joblib").open("ab") as handle:
        handle.write(b"tampered")


def corrupt(folder: Path) -> None:
    """Replace the model file with garbage whose hash the card records: readable hash, unreadable model."""
    import json

    (folder / "overclaim.joblib").write_bytes(b"\x80\x04not a pickle at all")
    card_path = folder / "overclaim.card.json"
    card = json.loads(card_path.read_text())
    card["sha256"] = sha256_file(folder / "overclaim.joblib")
    card_path.write_text(json.dumps(card))


class BlockingModel(OverclaimModel):
    """Scores like the model it copies, but first signals `started` and waits for `release`."""

    gate: str = ""

    def predict_with_hits(self, texts: Sequence[str]) -> tuple[np.ndarray, list[list[Hit]]]:
        started, release = GATES[self.gate]
        started.set()
        if not release.wait(timeout=60):
            raise TimeoutError("the test never released the blocked request")
        return super().predict_with_hits(texts)


def blocking(model: OverclaimModel, version: str, gate: str) -> BlockingModel:
    base = variant(model, version)
    out = BlockingModel(**{k: getattr(base, k) for k in ("pipeline", "threshold", "category_thresholds", "ngram_weights", "category_ngrams", "flag_ngrams", "card", "format")})
    out.gate = gate
    GATES[gate] = (threading.Event(), threading.Event())
    return out


def two_versions(tmp_path: Path, model: OverclaimModel, **v2_changes: Any) -> Path:
    """A registry with v1 (the bundled model, active) and v2 (with `v2_changes`)."""
    from classifier.registry import activate

    root = tmp_path / "models"
    root.mkdir()
    add_version(root, model, "v1")
    add_version(root, model, "v2", **v2_changes)
    activate(root, "v1")
    return root
