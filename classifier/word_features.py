"""The fitted word TF-IDF vectorizer's `transform`, without its per-call overhead.

`word_matrix(vectorizer, texts)` returns exactly what `vectorizer.transform`
returns (same dtype, indices, and float32 values bit for bit; tests check it
on every training sentence) for the configuration `build_pipeline` uses.
All sentences are tokenized in one stream (`topic_token_stream`), each token
becomes an integer id with one dictionary lookup, and the n-grams are found
with integer arithmetic in numpy: an n-gram's key is its token ids in base
T (T tokens occur in the vocabulary), looked up in the sorted keys of the
vocabulary's n-grams. No n-gram string is built. The counts then go through
scikit-learn's own TF-IDF arithmetic in its order (log, +1, x idf, L2 row
norm) without re-validating the matrix. A vectorizer configured otherwise
gets its own `transform`.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat
from typing import Sequence
from weakref import WeakKeyDictionary

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils._sparse import _align_api_if_sparse
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

from classifier.topics import BREAK, item_tokens, topic_token_stream, topic_tokens, topic_words

EXPECTED = {"input": "content", "analyzer": "word", "lowercase": True, "strip_accents": None, "stop_words": None,
            "binary": False, "norm": "l2", "use_idf": True}
UNKNOWN, SENTENCE_END = -1, -2  # ids of a token in no vocabulary n-gram, and of BREAK
KEY_LIMIT = 2**62


@dataclass(frozen=True)
class NgramTable:
    """The vocabulary as integers: token ids, and per n the sorted n-gram keys with their columns."""

    vocabulary: dict[str, int]
    stream_ids: dict[str, int]  # each token of the vocabulary's n-grams to its id, BREAK to SENTENCE_END, each topic word to its placeholder's id (or UNKNOWN)
    base: int
    keys: tuple[np.ndarray, ...]
    columns: tuple[np.ndarray, ...]
    unigram_columns: np.ndarray  # token id -> its unigram's column, -1 where it is none (also at ids -1 and -2)


_TABLES: WeakKeyDictionary[TfidfVectorizer, NgramTable] = WeakKeyDictionary()


def _build_table(vocabulary: dict[str, int], longest: int) -> NgramTable:
    token_ids = {t: i for i, t in enumerate(sorted({t for gram in vocabulary for t in gram.split(" ")}))}
    by_n: list[tuple[list[int], list[int]]] = [([], []) for _ in range(longest)]
    base = len(token_ids)
    for gram, column in vocabulary.items():
        key = 0
        for token in gram.split(" "):
            key = key * base + token_ids[token]
        keys, columns = by_n[gram.count(" ")]
        keys.append(key)
        columns.append(column)
    ordered = [np.argsort(np.asarray(k, dtype=np.int64), kind="stable") for k, _ in by_n]
    unigram_columns = np.full(base + 2, -1, dtype=np.int64)  # the last two: UNKNOWN (-1) and SENTENCE_END (-2)
    unigram_columns[by_n[0][0]] = by_n[0][1]
    masks = {word: token_ids.get(placeholder, UNKNOWN) for word, placeholder in topic_words().items()}
    return NgramTable(
        vocabulary=vocabulary,
        stream_ids={**token_ids, BREAK: SENTENCE_END, **masks},
        base=base,
        keys=tuple(np.asarray(k, dtype=np.int64)[o] for (k, _), o in zip(by_n, ordered)),
        columns=tuple(np.asarray(c, dtype=np.int64)[o] for (_, c), o in zip(by_n, ordered)),
        unigram_columns=unigram_columns,
    )


def _table(vectorizer: TfidfVectorizer) -> NgramTable:
    table = _TABLES.get(vectorizer)
    if table is None or table.vocabulary is not vectorizer.vocabulary_:
        table = _TABLES[vectorizer] = _build_table(vectorizer.vocabulary_, vectorizer.ngram_range[1])
    return table


def supported(vectorizer: TfidfVectorizer) -> bool:
    """Is this a configuration `word_matrix` reproduces exactly?"""
    same = all(getattr(vectorizer, k) == v for k, v in EXPECTED.items())
    longest = vectorizer.ngram_range[1]
    small = (longest * len(getattr(vectorizer, "vocabulary_", ())) + 1) ** longest < KEY_LIMIT  # the most tokens there can be
    return same and vectorizer.tokenizer in (topic_tokens, item_tokens) and vectorizer.ngram_range[0] == 1 and small


def _unigrams(ids: np.ndarray, rows: np.ndarray, table: NgramTable) -> tuple[np.ndarray, np.ndarray]:
    """(rows, columns) of every token of the id stream that is a vocabulary unigram.

    A token's id is its unigram's key, so one gather replaces the binary
    search `_found` does for longer n-grams (in the same stream order); the
    ids of unknown tokens and sentence ends, negative, index the table's last
    two slots, which hold no column."""
    columns = table.unigram_columns[ids]
    hit = columns >= 0
    return rows[hit], columns[hit]


def _found(ids: np.ndarray, rows: np.ndarray, table: NgramTable, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(rows, columns) of every n-gram (n > 1) of the id stream that is in the vocabulary."""
    count = len(ids) - n + 1
    if count <= 0:
        return rows[:0], rows[:0]
    valid = ids[:count] >= 0
    key = ids[:count].copy()
    for j in range(1, n):
        valid &= ids[j : j + count] >= 0
        key = key * table.base + ids[j : j + count]
    key, at = key[valid], rows[:count][valid]
    keys = table.keys[n - 1]
    slot = np.minimum(np.searchsorted(keys, key), max(len(keys) - 1, 0))
    hit = keys[slot] == key if len(keys) else np.zeros(len(key), dtype=bool)
    return at[hit], table.columns[n - 1][slot[hit]]


def _counts(texts: Sequence[str], table: NgramTable, longest: int, list_markers: bool) -> sparse.csr_array:
    """Term counts as float32 CSR with sorted indices, as CountVectorizer builds them."""
    stream = topic_token_stream([t.lower() for t in texts], list_markers, masked=False)  # topic words map in stream_ids
    ids = np.fromiter(map(table.stream_ids.get, stream, repeat(UNKNOWN)), dtype=np.int64, count=len(stream))
    ends = ids == SENTENCE_END
    rows = np.cumsum(ends) - ends
    found = [_unigrams(ids, rows, table)] + [_found(ids, rows, table, n) for n in range(2, longest + 1)]
    width = len(table.vocabulary)
    flat = np.concatenate([r * width + c for r, c in found])
    keys, counts = np.unique(flat, return_counts=True)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(keys // width, minlength=len(texts)))]).astype(np.int32)
    return sparse.csr_array(((counts.astype(np.intc)), (keys % width).astype(np.int32), indptr), shape=(len(texts), width), dtype=np.float32)


def word_matrix(vectorizer: TfidfVectorizer, texts: Sequence[str]):  # type: ignore[no-untyped-def]
    """`vectorizer.transform(texts)`, computed the same way with less overhead."""
    if not supported(vectorizer):
        return vectorizer.transform(texts)
    X = _counts(texts, _table(vectorizer), vectorizer.ngram_range[1], vectorizer.tokenizer is topic_tokens)
    if vectorizer.sublinear_tf:
        np.log(X.data, X.data)
        X.data += 1.0
    X.data *= vectorizer.idf_[X.indices]
    inplace_csr_row_normalize_l2(X)
    return _align_api_if_sparse(X)
