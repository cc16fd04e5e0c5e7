"""Lexicon features: which cue categories and modifiers a sentence contains, and how they combine."""
from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from classifier.lexicon import MODIFIER_KINDS, SEPARATOR, Hit, Lexicon, joined_starts, load_lexicon
from classifier.prefix_index import is_word_char, lower_same_length
from classifier.types import CATEGORIES

CUE_KINDS = frozenset(CATEGORIES)
SOFTENERS = frozenset({"hedge", "distance", "negation"})
AGAINST = frozenset({"distance", "negation"})
# Where one clause ends and the next begins: a hedge in "While X may be
# debated, studies prove Y" does not soften "studies prove".
CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013]|\s-\s|\b(?:but|while|whereas|although|though|however|yet)\b|\n\x00\n", re.IGNORECASE)
SHAPE_FEATURES: tuple[str, ...] = ("question", "exclamation", "second_person", "heading_like", "no_cue")
CONTEXT_FEATURES: tuple[str, ...] = ("after_claim", "carries_claim")
# A sentence that opens by pointing back ("It allows...", "This means...")
# carries on the previous sentence's claim.
ANAPHORA = re.compile(r"^\W*(?:it|this|that|these|they|such|doing so|in doing so|as a result|by doing so|thanks to this)\b", re.IGNORECASE)


CATEGORY_AT = {c: j for j, c in enumerate(CATEGORIES)}
MODIFIER_INDEX = {m: k for k, m in enumerate(MODIFIER_KINDS)}
MODIFIER_AT = 4 * len(CATEGORIES)  # the first modifier column
SHAPE_AT = MODIFIER_AT + len(MODIFIER_KINDS)  # the first shape column; the context columns follow the shapes


def feature_names() -> list[str]:
    names = [f"cue:{c}" for c in CATEGORIES]
    names += [f"cue:{c}&bare" for c in CATEGORIES]
    names += [f"cue:{c}&hedge" for c in CATEGORIES]
    names += [f"cue:{c}&against" for c in CATEGORIES]
    names += [f"mod:{m}" for m in MODIFIER_KINDS]
    names += [f"shape:{s}" for s in SHAPE_FEATURES]
    return names + [f"context:{c}" for c in CONTEXT_FEATURES]


WIDTH = len(feature_names())


class Row(NamedTuple):
    """What the lexicon found in one sentence: its lexicon columns (cue groups, then
    modifiers, in column order), whether it has a cue, and whether one of them is bare.

    A tuple, not a record of sets: one is made for every sentence with a hit."""

    columns: list[int]
    cue: bool
    bare: bool


# What a sentence without a single lexicon hit shares (read, never changed).
NOTHING_FOUND = Row([], False, False)
NO_MODIFIERS: frozenset[str] = frozenset()
GROUP = len(CATEGORIES)  # the width of each cue group: cues, &bare, &hedge, &against
# No CLAUSE_BREAK match is longer than 8 characters, nor looks further past its end than 1.
CLAUSE_REACH = 10


def _clauses(text: str, offset: int, hits: list[Hit]) -> list[int]:
    """Each hit's clause in its sentence, told apart by number (asked only where the hits mix cues and modifiers).

    A hit's clause counts the breaks that start at or before it; only which
    hits share a clause matters, so the breaks before the first hit (which
    every hit counts) may be left out. The search stops CLAUSE_REACH past the
    last hit: every attempt at a position up to it reads only characters
    before that end, so finds what a search of the whole sentence finds there.
    It starts at the first hit where that is a word's first character: no
    break holds both a word character and a character that is not one, so
    none runs across that position, which a search of the whole sentence
    then tries as this one does (`\\b` still sees the character before)."""
    first = min(h.start for h in hits) - offset
    if first and (is_word_char(text[first - 1]) or not is_word_char(text[first])):
        first = 0
    last = max(h.start for h in hits) - offset
    bounds = [m.start() + offset for m in CLAUSE_BREAK.finditer(text, first, last + CLAUSE_REACH)]
    return [bisect_right(bounds, h.start) for h in hits]


def _sentence_found(text: str, offset: int, hits: list[Hit]) -> Row:
    """What one sentence's hits (offsets into the joined text; the sentence starts at `offset`) add up to.

    A cue counts as bare, hedged or against by the modifiers of its own
    clause. A modifier counts for the sentence when it shares a clause with a
    cue or the sentence has no cue; one that only softens a side clause, as
    the hedge in "While X may be debated, studies prove Y", does not. A
    sentence's first clause never holds another sentence's words (the
    separator between them is itself a clause break), so clauses are counted
    per sentence. Modifier columns all come after the cue columns, so one
    sort puts them in column order.

    Clauses only tell cues from modifiers apart: where the hits are all cues
    (each bare) or all modifiers (each counted) the answer does not depend on
    them, and the clause search (most of the cost of a sentence's features)
    is skipped.
    """
    cues = [CATEGORY_AT[hit.kind] for hit in hits if hit.kind in CUE_KINDS]
    if not cues:
        return Row(sorted({MODIFIER_AT + MODIFIER_INDEX[hit.kind] for hit in hits}), False, False)
    if len(cues) == len(hits):
        return Row(sorted({*cues, *(GROUP + at for at in cues)}), True, True)
    return _mixed_found(_clauses(text, offset, hits), [hit.kind for hit in hits])


def _mixed_found(clause: list[int], kinds: list[str]) -> Row:
    """`_sentence_found` for hits of both cues and modifiers, given each hit's clause and kind."""
    cue_clauses: set[int] = set()
    clause_mods: dict[int, set[str]] = {}
    for kind, c in zip(kinds, clause):
        if kind in CUE_KINDS:
            cue_clauses.add(c)
        else:
            clause_mods.setdefault(c, set()).add(kind)
    columns: set[int] = set()
    near: set[int] = set()
    apart: set[int] = set()
    bare = False
    for kind, c in zip(kinds, clause):
        if kind in CUE_KINDS:
            at, mods = CATEGORY_AT[kind], clause_mods.get(c, NO_MODIFIERS)
            columns.add(at)
            if not mods & SOFTENERS:
                columns.add(GROUP + at)
                bare = True
            if "hedge" in mods:
                columns.add(2 * GROUP + at)
            if mods & AGAINST:
                columns.add(3 * GROUP + at)
        else:
            (near if c in cue_clauses else apart).add(MODIFIER_AT + MODIFIER_INDEX[kind])
    columns |= near if cue_clauses else near | apart
    return Row(sorted(columns), bool(cue_clauses), bare)


def _collect(texts: Sequence[str], starts: list[int], hits: list[Hit]) -> list[Row]:
    """Assign hits on the joined text (sentences at `starts`) to their sentences, and what each sentence's hits add up to."""
    by_sentence: dict[int, list[Hit]] = {}
    for hit in hits:
        by_sentence.setdefault(bisect_right(starts, hit.start) - 1, []).append(hit)
    found = [NOTHING_FOUND] * len(texts)
    for i, group in by_sentence.items():
        found[i] = _sentence_found(texts[i], starts[i], group)
    return found


# A sentence ending in one of these is not heading-like, however short (the
# empty string is in every string: an empty sentence is not heading-like).
SENTENCE_ENDS = ".!?\"'”’)"


def _holding(joined: str, needle: str, starts: list[int]) -> set[int]:
    """The sentences (by index; each starts at `starts` in `joined`) whose text holds `needle`,
    found in one search of the joined text (`needle` holds no SEPARATOR character, so never spans two)."""
    found: set[int] = set()
    at = joined.find(needle)
    while at != -1:
        found.add(bisect_right(starts, at) - 1)
        at = joined.find(needle, at + 1)
    return found


def _shape_columns(text: str, row: Row, after_claim: bool, bang: bool, you: bool) -> list[int]:
    """The shape and context columns set for one sentence (see `feature_names`), in column order.

    `bang`: the sentence holds "!"; `you`: its lower-cased text holds "you" (else no second-person test can pass).
    The context columns: does the sentence follow an unhedged claim, and does it point back to it?
    Each test is pure, so the cheap ones go first (most sentences end in "." and skip the word count)."""
    last = text.rstrip()[-1:]
    columns = [SHAPE_AT] if last == "?" else []
    if bang:
        columns.append(SHAPE_AT + 1)
    if you:
        lowered = f" {text.lower()} "
        if " you " in lowered or " your " in lowered or " you'" in lowered:
            columns.append(SHAPE_AT + 2)
    if last not in SENTENCE_ENDS and len(text.split()) <= 8:
        columns.append(SHAPE_AT + 3)
    if not row.cue:
        columns.append(SHAPE_AT + 4)
    if after_claim:
        columns.append(SHAPE_AT + 5)
        if ANAPHORA.match(text) is not None:
            columns.append(SHAPE_AT + 6)
    return columns


def _matrix(texts: Sequence[str], found: list[Row], bangs: set[int], yous: set[int]) -> sparse.csr_matrix:
    """The 0/1 feature rows as CSR, indices sorted, as a dense array of them would convert.

    `bangs` and `yous` name the sentences that hold "!" and "you" (see `_shape_columns`).
    A sentence's context columns look at the one before: is it an unhedged claim (`Row.bare`)?"""
    indices: list[int] = []
    indptr = [0]
    after_claim = False
    for i, (text, row) in enumerate(zip(texts, found)):
        indices += row.columns
        indices += _shape_columns(text, row, after_claim, i in bangs, i in yous)
        indptr.append(len(indices))
        after_claim = row.bare
    return sparse.csr_matrix(
        (np.ones(len(indices)), np.array(indices, dtype=np.int32), np.array(indptr, dtype=np.int32)),
        shape=(len(texts), WIDTH),
    )


class LexiconFeatures(TransformerMixin, BaseEstimator):
    """Turns sentences into lexicon features (see `feature_names`).

    Sentences are read in order: the context features look at the sentence
    before, so pass an article's sentences in reading order.

    `lexicon_path` names a lexicon TOML file; None means the bundled one. The
    parsed lexicon is learned in `fit` as `lexicon_`, so a fitted model carries
    the exact lexicon it was trained with.
    """

    def __init__(self, lexicon_path: str | None = None) -> None:
        self.lexicon_path = lexicon_path

    def fit(self, X: Iterable[str], y: object = None) -> "LexiconFeatures":
        if isinstance(X, str):
            raise ValueError("LexiconFeatures expects an iterable of strings, not one string")
        self.lexicon_: Lexicon = load_lexicon(Path(self.lexicon_path)) if self.lexicon_path else load_lexicon()
        self.n_features_in_ = 1
        self.feature_names_out_ = np.asarray(feature_names(), dtype=object)
        return self

    def transform(self, X: Iterable[str]) -> sparse.csr_matrix:
        return self.transform_with_hits(X)[0]

    def transform_with_hits(self, X: Iterable[str]) -> tuple[sparse.csr_matrix, list[list[Hit]]]:
        """The features, and each sentence's cue hits (offsets into that sentence) for the cue finder."""
        if isinstance(X, str):
            raise ValueError("LexiconFeatures expects an iterable of strings, not one string")
        texts = [str(x) for x in X]
        joined = SEPARATOR.join(texts)
        # Lower-casing changes no "you" into anything else, nor anything else into "you" (a test checks
        # every code point), so a sentence's lower-cased text holds it where this one does.
        lowered = lower_same_length(joined)
        hits = self.lexicon_.lowered_hit_list(lowered)
        starts = joined_starts(texts)
        matrix = _matrix(texts, _collect(texts, starts, hits), _holding(joined, "!", starts), _holding(lowered, "you", starts))
        return matrix, self.lexicon_.split_cue_hits(texts, hits)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return self.feature_names_out_

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
