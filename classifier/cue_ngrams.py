"""Cue n-grams learned from the labeled cue spans of the training data.

For each category, the word n-grams that occur inside gold cue spans of that
category far more often than anywhere in `ok` sentences. The cue finder uses
them when the lexicon names no phrase for a predicted category.
"""
from __future__ import annotations

import re
from collections import Counter
from itertools import accumulate
from typing import Iterator, Sequence

from classifier.dataset import Record
from classifier.topics import TOKEN_PATTERN
from classifier.prefix_index import lower_same_length
from classifier.types import CATEGORIES

TOKEN = re.compile(TOKEN_PATTERN)
MAX_N = 3
MIN_COUNT = 2
MIN_PURITY = 0.6


Gram = tuple[str, int, int]


def grams(text: str) -> list[Gram]:
    """Every lower-cased word n-gram (1..MAX_N) of `text` with its span, shortest first.

    The one n-gram builder: what is learned here is what the cue finder looks up.
    Each n-gram is a slice of the words joined by single spaces.
    """
    found = list(TOKEN.finditer(lower_same_length(text)))
    words = [m.group() for m in found]
    spans = [m.span() for m in found]
    joined = " ".join(words)
    at = list(accumulate((len(w) + 1 for w in words), initial=0))
    return [
        (joined[at[i] : at[i + n] - 1], spans[i][0], spans[i + n - 1][1])
        for n in range(1, MAX_N + 1)
        for i in range(len(words) - n + 1)
    ]


def ngrams(text: str, span: tuple[int, int] | None = None) -> Iterator[str]:
    """Lower-cased word n-grams of `text`, or of those wholly inside `span`."""
    for gram, start, end in grams(text):
        if span is None or (start >= span[0] and end <= span[1]):
            yield gram


def learn_cue_ngrams(records: Sequence[Record]) -> dict[str, dict[str, float]]:
    """Per category: n-gram -> weight in (0, 1], the share of its uses that sit inside such cues."""
    in_cues = {c: Counter() for c in CATEGORIES}
    in_ok: Counter[str] = Counter()
    for record in records:
        if record.label == "ok":
            in_ok.update(set(ngrams(record.text)))
        elif record.label == "overclaim":
            grams = {g for span in record.cues for g in ngrams(record.text, span)}
            for category in record.categories:
                in_cues[category].update(grams)
    learned: dict[str, dict[str, float]] = {}
    for category, counts in in_cues.items():
        learned[category] = {
            gram: round(count / (count + in_ok[gram] + 1) + 0.01 * gram.count(" "), 4)
            for gram, count in counts.items()
            if count >= MIN_COUNT and count / (count + in_ok[gram] + 1) >= MIN_PURITY
        }
    return learned
