"""OverclaimModel's one-pass scoring equals the scikit-learn pipeline's own."""
from __future__ import annotations

import numpy as np
from scipy import sparse

from classifier.api import OverclaimModel
from classifier.model import side_by_side

TEXTS = [
    "Numerous studies have shown that turmeric cures arthritis.",
    "While it may be debated, research proves it works.",
    "Some studies suggest it may help.",
    "It allows people to sleep better.",
    "👩‍🔬 Café: 100% safe, guaranteed!",
    "",
]


def test_predict_equals_the_pipeline(model: OverclaimModel) -> None:
    expected = np.column_stack([p[:, 1] for p in model.pipeline.predict_proba(TEXTS)])
    np.testing.assert_allclose(model.predict(TEXTS), expected, rtol=1e-9, atol=1e-12)


def test_hits_are_the_lexicons_cue_hits(model: OverclaimModel) -> None:
    _, hits = model.predict_with_hits(TEXTS)
    assert hits == [model.lexicon.cue_hits(t) for t in TEXTS]


def test_no_sentences(model: OverclaimModel) -> None:
    probabilities, hits = model.predict_with_hits([])
    assert probabilities.shape == (0, 6) and hits == []


def test_side_by_side_is_scipys_hstack_array_for_array() -> None:
    """The feature matrix is stacked by hand for speed; its arrays must be scipy's, bit for bit."""
    rng = np.random.default_rng(3)
    for rows in (0, 1, 7, 40):
        left = sparse.random(rows, 30, density=0.2, format="csr", dtype=np.float32, rng=rng)
        right = sparse.random(rows, 9, density=0.4, format="csr", dtype=np.float64, rng=rng)
        expected, got = sparse.hstack([left, right]).tocsr(), side_by_side(left, right)
        assert got.shape == expected.shape and got.dtype == expected.dtype
        for name in ("data", "indices", "indptr"):
            assert getattr(got, name).dtype == getattr(expected, name).dtype
            assert np.array_equal(getattr(got, name), getattr(expected, name))
