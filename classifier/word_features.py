"""The fitted word TF-IDF vectorizer's `transform`, without its per-call overhead.

`word_matrix(vectorizer, texts)` returns exactly what `vectorizer.transform`
returns (same dtype, indices, and float32 values bit for bit; tests check it
on every training sentence) for the configuration `build_pipeline` uses:
the same tokenizer and n-grams, one vocabulary lookup per n-gram, the counts
of all sentences summed in one numpy call, then scikit-learn's own TF-IDF
arithmetic in its order (log, +1, x idf, L2 row norm) without re-validating
the matrix. A vectorizer configured otherwise gets its own `transform`.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils._sparse import _align_api_if_sparse
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

EXPECTED = {"input": "content", "analyzer": "word", "lowercase": True, "strip_accents": None, "stop_words": None,
            "binary": False, "norm": "l2", "use_idf": True}


def supported(vectorizer: TfidfVectorizer) -> bool:
    """Is this a configuration `word_matrix` reproduces exactly?"""
    same = all(getattr(vectorizer, k) == v for k, v in EXPECTED.items())
    return same and callable(vectorizer.tokenizer) and vectorizer.ngram_range[0] == 1


def ngrams(tokens: list[str], longest: int) -> list[str]:
    """Tokens, then each run of 2..longest tokens joined by a space (scikit-learn's order)."""
    out = list(tokens)
    if longest >= 2:
        out += map(" ".join, zip(tokens, tokens[1:]))
    for n in range(3, min(longest, len(tokens)) + 1):
        out += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return out


def _counts(texts: Sequence[str], tokenize: Callable[[str], list[str]], longest: int, vocabulary: dict[str, int]) -> sparse.csr_array:
    """Term counts as float32 CSR with sorted indices, as CountVectorizer builds them."""
    rows: list[int] = []
    columns: list[int] = []
    get = vocabulary.get
    for row, text in enumerate(texts):
        found = [j for j in map(get, ngrams(tokenize(text.lower()), longest)) if j is not None]
        columns += found
        rows += [row] * len(found)
    width = len(vocabulary)
    keys, counts = np.unique(np.asarray(rows, dtype=np.int64) * width + np.asarray(columns, dtype=np.int64), return_counts=True)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(keys // width, minlength=len(texts)))]).astype(np.int32)
    return sparse.csr_array(((counts.astype(np.intc)), (keys % width).astype(np.int32), indptr), shape=(len(texts), width), dtype=np.float32)


def word_matrix(vectorizer: TfidfVectorizer, texts: Sequence[str]):  # type: ignore[no-untyped-def]
    """`vectorizer.transform(texts)`, computed the same way with less overhead."""
    if not supported(vectorizer):
        return vectorizer.transform(texts)
    X = _counts(texts, vectorizer.tokenizer, vectorizer.ngram_range[1], vectorizer.vocabulary_)
    if vectorizer.sublinear_tf:
        np.log(X.data, X.data)
        X.data += 1.0
    X.data *= vectorizer.idf_[X.indices]
    inplace_csr_row_normalize_l2(X)
    return _align_api_if_sparse(X)
