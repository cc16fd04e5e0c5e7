"""Cue spans inside a flagged sentence: lexicon phrases first, the model's n-grams as fallback."""
from __future__ import annotations

import re
from typing import Iterable

from classifier.lexicon import Hit, Lexicon
from classifier.topics import TOKEN_PATTERN
from classifier.prefix_index import lower_same_length
from classifier.types import Cue

TOKEN = re.compile(TOKEN_PATTERN)
MAX_NGRAM = 3


def _merge_per_category(hits: Iterable[Hit]) -> list[Hit]:
    """Overlapping hits of one category become one cue, their union; its rule is the longest hit's."""
    merged: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.kind, h.start, -h.end)):
        last = merged[-1] if merged else None
        if last is not None and last.kind == hit.kind and hit.start < last.end:
            longest = last if last.end - last.start >= hit.end - hit.start else hit
            merged[-1] = Hit(last.start, max(last.end, hit.end), hit.kind, longest.rule)
        else:
            merged.append(hit)
    return merged


def _best_ngram(lowered: str, weights: dict[str, float]) -> tuple[int, int] | None:
    """Span of the sentence's n-gram with the largest weight, if any n-gram has one."""
    tokens = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(lowered)]
    best: tuple[float, int, int] | None = None
    for n in range(1, MAX_NGRAM + 1):
        for i in range(len(tokens) - n + 1):
            weight = weights.get(" ".join(t[0] for t in tokens[i : i + n]))
            if weight is not None and (best is None or weight > best[0]):
                best = (weight, tokens[i][1], tokens[i + n - 1][2])
    return None if best is None else (best[1], best[2])


def find_cues(
    text: str,
    categories: tuple[str, ...],
    lexicon: Lexicon,
    ngram_weights: dict[str, dict[str, float]],
    flag_ngrams: dict[str, float] | None = None,
    category_ngrams: dict[str, dict[str, float]] | None = None,
) -> list[tuple[Cue, str | None]]:
    """Cues (offsets into `text`) for the given categories, each with its rewrite if any.

    For each category, in order of preference: lexicon phrases, n-grams
    learned from the training data's cue spans, then the n-gram that most
    pushed that category's head. When nothing names a cue at all, the n-gram
    that most pushed the detector to flag stands for the first category.
    """
    hits = _merge_per_category(h for h in lexicon.cue_hits(text) if h.kind in categories)
    found = [(Cue(h.start, h.end, text[h.start : h.end], h.kind), lexicon.cues[h.rule].suggestion) for h in hits]
    covered = {h.kind for h in hits}
    lowered = lower_same_length(text)
    for category in categories:
        if category in covered:
            continue
        span = _best_ngram(lowered, ngram_weights.get(category, {}))
        if span is None and category_ngrams and category in category_ngrams:
            span = _best_ngram(lowered, category_ngrams[category])
            if span is not None and any(c.start < span[1] and span[0] < c.end for c, _ in found):
                span = None
        if span is not None:
            found.append((Cue(span[0], span[1], text[span[0] : span[1]], category), None))
    if not found and categories and flag_ngrams:
        span = _best_ngram(lowered, flag_ngrams)
        if span is not None:
            found.append((Cue(span[0], span[1], text[span[0] : span[1]], categories[0]), None))
    return sorted(found, key=lambda pair: (pair[0].start, pair[0].end))
