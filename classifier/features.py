"""Lexicon features: which cue categories and modifiers a sentence contains, and how they combine."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from classifier.lexicon import MODIFIER_KINDS, SEPARATOR, Hit, Lexicon, load_lexicon
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


def feature_names() -> list[str]:
    names = [f"cue:{c}" for c in CATEGORIES]
    names += [f"cue:{c}&bare" for c in CATEGORIES]
    names += [f"cue:{c}&hedge" for c in CATEGORIES]
    names += [f"cue:{c}&against" for c in CATEGORIES]
    names += [f"mod:{m}" for m in MODIFIER_KINDS]
    names += [f"shape:{s}" for s in SHAPE_FEATURES]
    return names + [f"context:{c}" for c in CONTEXT_FEATURES]


@dataclass
class Found:
    """What the lexicon found in one sentence: cue categories, split by what the
    cue's own clause holds, and the modifier kinds anywhere in the sentence."""

    cues: set[str] = field(default_factory=set)
    bare: set[str] = field(default_factory=set)
    hedged: set[str] = field(default_factory=set)
    against: set[str] = field(default_factory=set)
    mods: set[str] = field(default_factory=set)
    _near: set[str] = field(default_factory=set)
    _apart: set[str] = field(default_factory=set)

    def modifier(self, kind: str, beside_cue: bool) -> None:
        (self._near if beside_cue else self._apart).add(kind)

    def settle(self) -> None:
        """Keep the modifiers that share a clause with a cue (all of them if there is no cue)."""
        self.mods = set(self._near) if self.cues else self._near | self._apart

    def add_cue(self, category: str, clause: set[str]) -> None:
        self.cues.add(category)
        if not clause & SOFTENERS:
            self.bare.add(category)
        if "hedge" in clause:
            self.hedged.add(category)
        if clause & AGAINST:
            self.against.add(category)


# What a sentence without a single lexicon hit shares (read, never changed).
NOTHING_FOUND = Found()


def _starts(texts: Sequence[str]) -> list[int]:
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        position += len(text) + len(SEPARATOR)
    return starts


def _collect(texts: Sequence[str], joined: str, hits: list[Hit]) -> list[Found]:
    """Assign hits on the joined text to sentences; scope modifiers to each cue's clause.

    A modifier counts for the sentence (`mods`) when it shares a clause with a
    cue or the sentence has no cue; one that only softens a side clause, as
    the hedge in "While X may be debated, studies prove Y", does not.
    """
    starts = _starts(texts)
    bounds = [m.start() for m in CLAUSE_BREAK.finditer(joined)]
    clause_of = {id(h): bisect_right(bounds, h.start) for h in hits}
    cue_clauses = {clause_of[id(h)] for h in hits if h.kind in CUE_KINDS}
    clause_mods: dict[int, set[str]] = {}
    for hit in hits:
        if hit.kind not in CUE_KINDS:
            clause_mods.setdefault(clause_of[id(hit)], set()).add(hit.kind)
    found: list[Found | None] = [None] * len(texts)
    for hit in hits:
        i = bisect_right(starts, hit.start) - 1
        row = found[i] or Found()
        found[i] = row
        if hit.kind in CUE_KINDS:
            row.add_cue(hit.kind, clause_mods.get(clause_of[id(hit)], set()))
        else:
            row.modifier(hit.kind, clause_of[id(hit)] in cue_clauses)
    for row in found:
        if row is not None:
            row.settle()
    return [row or NOTHING_FOUND for row in found]


def _context(text: str, previous: Found | None) -> list[float]:
    """Does the sentence follow an unhedged claim, and does it point back to it?"""
    after = previous is not None and bool(previous.bare)
    return [float(after), float(after and ANAPHORA.match(text) is not None)]


def _row(text: str, found: Found) -> list[float]:
    """Per category: present; with no softener in its clause; hedged; negated or distanced. Then the rest."""
    row = [float(c in group) for group in (found.cues, found.bare, found.hedged, found.against) for c in CATEGORIES]
    row += [float(m in found.mods) for m in MODIFIER_KINDS]
    cues = found.cues
    stripped = text.rstrip()
    lowered = f" {text.lower()} "
    return row + [
        float(stripped.endswith("?")),
        float("!" in text),
        float(" you " in lowered or " your " in lowered or " you'" in lowered),
        float(len(text.split()) <= 8 and stripped[-1:] not in ".!?\"'”’)"),
        float(not cues),
    ]


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
        hits = list(self.lexicon_.hits(joined))
        found = _collect(texts, joined, hits)
        rows = [_row(t, f) + _context(t, found[i - 1] if i else None) for i, (t, f) in enumerate(zip(texts, found))]
        matrix = sparse.csr_matrix(np.asarray(rows, dtype=np.float64).reshape(len(texts), -1))
        return matrix, self.lexicon_.split_cue_hits(texts, hits)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return self.feature_names_out_

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
