"""Cue n-grams learned from the labeled cue spans of the training data.

For each category, the word n-grams that occur inside gold cue spans of that
category far more often than anywhere in `ok` sentences. The cue finder uses
them when the lexicon names no phrase for a predicted category.
"""
from __future__ import annotations

from collections import Counter
from itertools import islice
from typing import Iterator, Sequence

from classifier.dataset import Record
from classifier.topics import TOKEN
from classifier.prefix_index import lower_same_length
from classifier.types import CATEGORIES

MAX_N = 3
MIN_COUNT = 2
MIN_PURITY = 0.6


Gram = tuple[str, int, int]


class SentenceGrams:
    """Every lower-cased word n-gram (1..MAX_N) of a sentence, shortest first, spans on demand.

    The one n-gram builder: what is learned here is what the cue finder looks up.
    Each n-gram is a slice of the words joined by single spaces.
    """

    def __init__(self, text: str) -> None:
        self.lowered = lower_same_length(text)
        words = TOKEN.findall(self.lowered)
        self.count = len(words)
        after = words[1:]
        # n = 1, 2, 3 (MAX_N) spelled out: a fifth cheaper than zipping n slices for each n.
        self.strings = words + list(map(" ".join, zip(words, after))) + list(map(" ".join, zip(words, after, words[2:])))

    def _place(self, index: int) -> tuple[int, int]:
        """(first word, word count) of the n-gram `strings[index]`."""
        n, count = 1, self.count
        while index >= count:
            index, n, count = index - count, n + 1, count - 1
        return index, n

    def span(self, index: int) -> tuple[int, int]:
        """[start, end) in the sentence of the n-gram `strings[index]`."""
        first, n = self._place(index)
        words = list(islice(TOKEN.finditer(self.lowered), first + n))  # only as far as the n-gram's last word
        return words[first].start(), words[first + n - 1].end()

    def spans(self) -> list[tuple[int, int]]:
        """Every n-gram's span, in the order of `strings`, from one pass over the words."""
        words = [m.span() for m in TOKEN.finditer(self.lowered)]
        return [(words[first][0], words[first + n - 1][1]) for first, n in map(self._place, range(len(self.strings)))]

    def best(self, weights: dict[str, float]) -> tuple[int, int] | None:
        """Span of the first n-gram with the largest weight, if any n-gram has one."""
        weighted = weights.keys() & self.strings
        if not weighted:
            return None
        top = max(map(weights.__getitem__, weighted))
        return self.span(min(self.strings.index(g) for g in weighted if weights[g] == top))


def grams(text: str) -> list[Gram]:
    """Every n-gram of `text` (see SentenceGrams) with its span."""
    table = SentenceGrams(text)
    return [(gram, *span) for gram, span in zip(table.strings, table.spans())]


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
