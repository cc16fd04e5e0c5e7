"""How `overclaim train` chooses the blend of its two detectors."""
from __future__ import annotations

import numpy as np

from classifier.dataset import Record
from classifier.train import BLENDS, TrainingSet, choose_blend


def test_the_lexicon_only_detector_always_keeps_a_share() -> None:
    assert max(BLENDS) < 1.0 and min(BLENDS) > 0.0


def test_the_most_lexicon_reliant_blend_within_one_standard_error_is_chosen() -> None:
    rng = np.random.default_rng(0)
    n = 400
    truth = rng.integers(0, 2, n)
    records = [Record(doc=f"d{i % 40}", text=f"s{i}", label="overclaim" if t else "ok", categories=("causal",) if t else (), cues=(), source="test")
               for i, t in enumerate(truth)]
    data = TrainingSet.from_records(records)
    fold_of = np.arange(n) % 5
    perfect = truth + rng.normal(0, 0.05, n)
    oof = np.column_stack([perfect] + [np.zeros(n)] * (data.labels.shape[1] - 1))
    # The lexicon detector is noise: every blend that leans on it loses F1, so the largest share of words wins.
    blend, table = choose_blend(data, oof, rng.normal(0, 3, n), fold_of, 0.9)
    assert blend == max(BLENDS)
    assert set(table) == {str(b) for b in BLENDS}
    # A lexicon detector as good as the words: the most lexicon-reliant blend is within one SE.
    blend, _ = choose_blend(data, oof, perfect, fold_of, 0.9)
    assert blend == min(BLENDS)


def test_each_article_is_scored_by_the_fold_that_never_saw_it() -> None:
    from classifier.cv_end_to_end import docs_by_fold

    groups = np.array(["a", "a", "b", "c", "c"])
    assert docs_by_fold(groups, np.array([0, 0, 1, 2, 2])) == {"a": 0, "b": 1, "c": 2}
