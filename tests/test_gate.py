"""The bundled model passes every row of the must-flag / must-pass table."""
from __future__ import annotations

import pytest

from classifier.gate import failure, load_gate

ROWS = load_gate()


def test_the_table_covers_the_guides_hard_cases() -> None:
    assert sum(r.flag for r in ROWS) >= 10 and sum(not r.flag for r in ROWS) >= 10


@pytest.mark.parametrize("row", ROWS, ids=[r.text[:50] for r in ROWS])
def test_gate_row(model, row) -> None:  # type: ignore[no-untyped-def]
    assert failure(model, row) is None
