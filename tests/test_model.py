"""OverclaimModel's one-pass scoring equals the scikit-learn pipeline's own."""
from __future__ import annotations

import numpy as np

from classifier.api import OverclaimModel

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
