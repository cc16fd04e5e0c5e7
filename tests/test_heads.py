"""OverclaimHeads: the estimator contract, and the folded fast path equal to scikit-learn's own."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.base import clone
from sklearn.utils import estimator_checks as checks

from classifier.heads import OverclaimHeads, _calibrated, _folded


@pytest.fixture(scope="module")
def fitted() -> tuple[OverclaimHeads, sparse.csr_matrix]:
    rng = np.random.default_rng(0)
    X = sparse.csr_matrix(rng.random((300, 20)) * (rng.random((300, 20)) > 0.6))
    overclaim = (X[:, 0].toarray().ravel() + X[:, 1].toarray().ravel() > 0.5).astype(int)
    Y = np.column_stack([overclaim, overclaim * (X[:, 2].toarray().ravel() > 0.2), overclaim * (X[:, 3].toarray().ravel() > 0.1)])
    return OverclaimHeads(C=1.0, category_C=1.0, lexicon_columns=4, cv=3).fit(X, Y), X


def test_folding_equals_the_calibrated_classifier(fitted) -> None:  # type: ignore[no-untyped-def]
    _, X = fitted
    y = (X[:, 0].toarray().ravel() > 0.3).astype(int)
    head = _calibrated(1.0, 3).fit(X, y)
    w, c = _folded(head)
    folded = 1 / (1 + np.exp(-(X @ w + c)))
    np.testing.assert_allclose(folded, head.predict_proba(X)[:, 1], rtol=1e-9, atol=1e-12)


def test_blend_mixes_the_two_detectors(fitted) -> None:  # type: ignore[no-untyped-def]
    heads, X = fitted
    full, lexicon = heads.detector_parts(X)
    assert not np.allclose(full, lexicon)
    np.testing.assert_allclose(heads.positive_proba(X)[:, 0], full)
    heads.set_params(blend=0.25)
    np.testing.assert_allclose(heads.positive_proba(X)[:, 0], 0.25 * full + 0.75 * lexicon)
    heads.set_params(blend=1.0)


def test_the_one_product_gives_the_two_detectors_bit_for_bit(fitted) -> None:  # type: ignore[no-untyped-def]
    heads, X = fitted
    heads.set_params(blend=0.4)
    full, lexicon = heads.detector_parts(X)
    out = heads.positive_proba(X)
    heads.set_params(blend=1.0)
    assert np.array_equal(out[:, 0], 0.4 * full + 0.6 * lexicon)
    assert np.array_equal(out[:, 1:], heads.positive_proba(X)[:, 1:])


def test_predict_proba_has_one_pair_per_column(fitted) -> None:  # type: ignore[no-untyped-def]
    heads, X = fitted
    out = heads.predict_proba(X[:5])
    assert len(out) == 3 and all(p.shape == (5, 2) for p in out)
    np.testing.assert_allclose(out[0].sum(axis=1), 1.0)


def test_y_needs_a_column_per_head() -> None:
    with pytest.raises(ValueError, match="column"):
        OverclaimHeads().fit(sparse.csr_matrix(np.eye(4)), np.array([0, 1, 0, 1]))


@pytest.mark.parametrize(
    "check",
    [checks.check_no_attributes_set_in_init, checks.check_parameters_default_constructible,
     checks.check_get_params_invariance, checks.check_set_params],
)
def test_estimator_api_checks(check) -> None:  # type: ignore[no-untyped-def]
    check("OverclaimHeads", OverclaimHeads())


def test_clone_keeps_parameters() -> None:
    params = {"C": 2.0, "category_C": 3.0, "lexicon_columns": 5, "blend": 0.5, "cv": 4}
    assert clone(OverclaimHeads(**params)).get_params() == params
