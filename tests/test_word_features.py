"""word_matrix must equal the fitted vectorizer's own transform, bit for bit."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from classifier.api import OverclaimModel, segment
from classifier.dataset import data_files, load_records
from classifier.word_features import supported, word_matrix
from server.settings import PROJECT_ROOT
from tests.conftest import SEEDS


def same(a, b) -> bool:  # type: ignore[no-untyped-def]
    return (
        type(a) is type(b) and a.shape == b.shape and a.dtype == b.dtype
        and np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data.view(np.uint8), b.data.view(np.uint8))
    )


def test_equals_transform_on_every_training_sentence_and_the_seeds(model: OverclaimModel) -> None:
    words = model.pipeline.named_steps["features"].transformer_list[0][1]
    assert supported(words)
    texts = [r.text for r in load_records(data_files(PROJECT_ROOT / "training_data"))]
    texts += [s.text for p in sorted(SEEDS.glob("*.txt")) for s in segment(p.read_text(encoding="utf-8"))]
    texts += ["", "   ", "İSTANBUL 😀 e\u0301 cures X.", "while it may help, it cures anxiety"]
    assert same(word_matrix(words, texts), words.transform(texts))
    assert same(word_matrix(words, texts[:1]), words.transform(texts[:1]))


@pytest.mark.parametrize("change", [{"binary": True}, {"stop_words": "english"}, {"ngram_range": (2, 2)}, {"norm": "l1"}])
def test_other_configurations_use_the_vectorizers_own_transform(change: dict) -> None:
    texts = ["the cure works", "it may help some people", "the cure may work"]
    vectorizer = TfidfVectorizer(**change).fit(texts)
    assert not supported(vectorizer)
    assert same(word_matrix(vectorizer, texts), vectorizer.transform(texts))


@pytest.mark.parametrize("tokenizer", ["topic_tokens", "item_tokens"])
def test_trigrams_unknown_words_and_nul_equal_transform(tokenizer: str) -> None:
    from classifier import topics

    train = ["turmeric cures arthritis fast", "it may help some people", "the cure may work", "studies prove it works"]
    vectorizer = TfidfVectorizer(tokenizer=getattr(topics, tokenizer), token_pattern=None, ngram_range=(1, 3), sublinear_tf=True,
                                 dtype=np.float32).fit(train + ["3. it works", "- it may help"])
    assert supported(vectorizer)
    texts = ["Turmeric cures arthritis fast!", "unseen words only", "", "the\x00cure may work", "while it may help, it works",
             "it may help some people may help some people", "3. It works", "• 2. while it may help, it works"]
    assert same(word_matrix(vectorizer, texts), vectorizer.transform(texts))
    assert word_matrix(vectorizer, []).shape == (0, len(vectorizer.vocabulary_))


def test_another_tokenizer_uses_the_vectorizers_own_transform() -> None:
    vectorizer = TfidfVectorizer(tokenizer=str.split, token_pattern=None).fit(["a b", "b c"])
    assert not supported(vectorizer)
