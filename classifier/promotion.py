"""Whether a newly trained model may replace the active one: the gate, and no worse F1."""
from __future__ import annotations

from typing import Any

# A new model may be at most this much below the active one in
# cross-validated sentence F1 and still be activated without --force.
F1_TOLERANCE = 0.02


def cv_f1(card: dict[str, Any]) -> float:
    return float(card["metrics"]["cross_validation"]["sentences"]["f1"])


def refusals(candidate: dict[str, Any], active: dict[str, Any] | None, gate_failures: list[str], tolerance: float = F1_TOLERANCE) -> list[str]:
    """Why `candidate` must not be activated (empty when it may be)."""
    reasons = []
    if gate_failures:
        reasons.append(f"{len(gate_failures)} must-flag / must-pass row(s) failed (classifier/data/gate.toml)")
    if active is not None and cv_f1(candidate) < cv_f1(active) - tolerance:
        reasons.append(
            f"cross-validated F1 {cv_f1(candidate):.4f} is more than {tolerance} below "
            f"the active model {active['version']}'s {cv_f1(active):.4f}"
        )
    return reasons
