"""Cue spans inside a flagged sentence: lexicon phrases first, the model's n-grams as fallback."""
from __future__ import annotations

from typing import Iterable

from classifier.cue_ngrams import SentenceGrams
from classifier.lexicon import Hit, Lexicon
from classifier.types import Cue


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


def _ngram_cue(text: str, sentence_grams: SentenceGrams, category: str, weights: dict[str, float]) -> Cue | None:
    span = sentence_grams.best(weights)
    return None if span is None else Cue(span[0], span[1], text[span[0] : span[1]], category)


def _overlaps_any(cue: Cue, found: list[tuple[Cue, str | None]]) -> bool:
    return any(c.start < cue.end and cue.start < c.end for c, _ in found)


def _fallback_cues(
    text: str,
    missing: list[str],
    found: list[tuple[Cue, str | None]],
    ngram_weights: dict[str, dict[str, float]],
    category_ngrams: dict[str, dict[str, float]],
) -> list[tuple[Cue, str | None]]:
    """Cues for categories the lexicon did not name: learned cue n-grams, then the head's n-grams."""
    sentence_grams = SentenceGrams(text)
    added: list[tuple[Cue, str | None]] = []
    for category in missing:
        cue = _ngram_cue(text, sentence_grams, category, ngram_weights.get(category, {}))
        if cue is None and category in category_ngrams:
            cue = _ngram_cue(text, sentence_grams, category, category_ngrams[category])
        if cue is not None and not _overlaps_any(cue, found + added):
            added.append((cue, None))
    return added


def _exclusive(found: list[tuple[Cue, str | None]]) -> list[tuple[Cue, str | None]]:
    """Cues that do not overlap, in text order: where two lexicon phrases overlap, the longer stays."""
    kept: list[tuple[Cue, str | None]] = []
    for pair in sorted(found, key=lambda p: (p[0].start - p[0].end, p[0].start)):
        if not _overlaps_any(pair[0], kept):
            kept.append(pair)
    return sorted(kept, key=lambda pair: (pair[0].start, pair[0].end))


def find_cues(
    text: str,
    categories: tuple[str, ...],
    lexicon: Lexicon,
    hits: list[Hit],
    ngram_weights: dict[str, dict[str, float]],
    flag_ngrams: dict[str, float] | None = None,
    category_ngrams: dict[str, dict[str, float]] | None = None,
) -> list[tuple[Cue, str | None]]:
    """Cues (offsets into `text`) for the given categories, each with its rewrite if any.

    `hits` are the lexicon's cue hits in `text` (Lexicon.cue_hits). For each
    category, in order of preference: lexicon phrases, n-grams learned from
    the training data's cue spans, then the n-gram that most pushed that
    category's head. When nothing names a cue at all, the n-gram that most
    pushed the detector to flag stands for the first category.
    """
    merged = _merge_per_category(h for h in hits if h.kind in categories)
    lexical = [(Cue(h.start, h.end, text[h.start : h.end], h.kind), lexicon.cues[h.rule].suggestion) for h in merged]
    found = _exclusive(lexical)
    missing = [c for c in categories if c not in {h.kind for h in merged}]
    if missing:
        found += _fallback_cues(text, missing, found, ngram_weights, category_ngrams or {})
    if not found and categories and flag_ngrams:
        cue = _ngram_cue(text, SentenceGrams(text), categories[0], flag_ngrams)
        found += [(cue, None)] if cue else []
    return sorted(found, key=lambda pair: (pair[0].start, pair[0].end))  # no two overlap
