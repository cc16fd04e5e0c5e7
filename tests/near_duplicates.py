"""Near-duplicate sentences: what a templated sentence family leaves behind in written data."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Sequence

WORD = re.compile(r"[a-z0-9']+")


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = WORD.findall(text.lower())
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def near_duplicates(texts: Sequence[str], limit: float = 0.6) -> list[tuple[str, str]]:
    """Pairs of sentences of 8+ words whose word-trigram Jaccard similarity is at least `limit`."""
    long = [t for t in texts if len(t.split()) >= 8]
    grams = [_shingles(t) for t in long]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, g in enumerate(grams):
        for shingle in g:
            index[shingle].append(i)
    pairs = {(a, b) for ids in index.values() if len(ids) < 40 for a in ids for b in ids if a < b}
    return [(long[a], long[b]) for a, b in pairs if len(grams[a] & grams[b]) / len(grams[a] | grams[b]) >= limit]
