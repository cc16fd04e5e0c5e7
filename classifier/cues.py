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


# A cue before it is made a `Cue`: [start, end) in the sentence, category, suggested rewrite.
# Plain tuples while cues are weighed against each other; each kept one becomes a Cue once.
Found = tuple[int, int, str, "str | None"]


def _ngram_cue(sentence_grams: SentenceGrams, category: str, weights: dict[str, float]) -> Found | None:
    span = sentence_grams.best(weights)
    return None if span is None else (span[0], span[1], category, None)


def _overlaps_any(cue: Found, found: list[Found]) -> bool:
    return any(c[0] < cue[1] and cue[0] < c[1] for c in found)


def _fallback_cues(
    text: str,
    missing: list[str],
    found: list[Found],
    ngram_weights: dict[str, dict[str, float]],
    category_ngrams: dict[str, dict[str, float]],
) -> list[Found]:
    """Cues for categories the lexicon did not name: learned cue n-grams, then the head's n-grams."""
    sentence_grams = SentenceGrams(text)
    added: list[Found] = []
    for category in missing:
        cue = _ngram_cue(sentence_grams, category, ngram_weights.get(category, {}))
        if cue is None and category in category_ngrams:
            cue = _ngram_cue(sentence_grams, category, category_ngrams[category])
        if cue is not None and not _overlaps_any(cue, found + added):
            added.append(cue)
    return added


def _exclusive(found: list[Found]) -> list[Found]:
    """Cues that do not overlap: where two lexicon phrases overlap, the longer stays."""
    kept: list[Found] = []
    for cue in sorted(found, key=lambda c: (c[0] - c[1], c[0])):
        if not _overlaps_any(cue, kept):
            kept.append(cue)
    return kept


def find_cues(
    text: str,
    categories: tuple[str, ...],
    lexicon: Lexicon,
    hits: list[Hit],
    ngram_weights: dict[str, dict[str, float]],
    flag_ngrams: dict[str, float] | None = None,
    category_ngrams: dict[str, dict[str, float]] | None = None,
    offset: int = 0,
) -> list[tuple[Cue, str | None]]:
    """Cues (offsets into `text`, plus `offset`) for the given categories, each with its rewrite if any.

    `hits` are the lexicon's cue hits in `text` (Lexicon.cue_hits). For each
    category, in order of preference: lexicon phrases, n-grams learned from
    the training data's cue spans, then the n-gram that most pushed that
    category's head. When nothing names a cue at all, the n-gram that most
    pushed the detector to flag stands for the first category. `offset` (the
    sentence's start in its article) is added to every Cue's start and end, so
    that no caller builds each Cue a second time to move it.
    """
    merged = _merge_per_category(h for h in hits if h.kind in categories) if hits else []
    found = _exclusive([(h.start, h.end, h.kind, lexicon.cues[h.rule].suggestion) for h in merged]) if merged else []
    named = {h.kind for h in merged}
    missing = [c for c in categories if c not in named]
    if missing:
        found += _fallback_cues(text, missing, found, ngram_weights, category_ngrams or {})
    if not found and categories and flag_ngrams:
        cue = _ngram_cue(SentenceGrams(text), categories[0], flag_ngrams)
        found += [cue] if cue else []
    found.sort(key=lambda c: (c[0], c[1]))  # no two overlap
    return [(Cue(start + offset, end + offset, text[start:end], category), rewrite) for start, end, category, rewrite in found]
