"""Score an article: segment, predict, and turn flagged sentences into matches."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from classifier.cues import find_cues
from classifier.lexicon import Hit
from classifier.categories import assign_categories
from classifier.model import OverclaimModel
from classifier.segment import segment
from classifier.types import CATEGORIES, DocumentResult, Match, ScoredSentence, Sentence

# A category named by no lexicon or learned cue phrase gets its head's
# n-grams as cue candidates when the head is at least this sure of it.
CONFIDENT_CATEGORY = 0.5
# A category is shown only with a cue of its own, unless its head is at least
# this sure of it: where no phrase of its own stands apart from the sentence's
# other cues (in "makes that burn a thing of the past" the causal claim and
# the certainty cue are one phrase) it is named with the cues the sentence
# has. Chosen by cross-validation scored end to end (README, "How good it
# is"): at 0.5 every category's recall was 0.70-0.86 and precision 0.63-0.82;
# at 0.25, recall 0.77-0.87 and precision 0.56-0.76.
NAMED_WITHOUT_CUE = 0.25


def _match(model: OverclaimModel, sentence: Sentence, probabilities: Sequence[float], hits: list[Hit]) -> Match | None:
    """The match for a sentence over the threshold, or None when no cue can be named.

    `probabilities` are the sentence's row of `predict` (a list: cheaper to read than a numpy row)."""
    heads = dict(zip(CATEGORIES, probabilities[1:]))
    categories = assign_categories(probabilities[1:], model.category_thresholds)
    confident = {c: model.category_ngrams[c] for c, p in heads.items() if p >= CONFIDENT_CATEGORY}
    cues = find_cues(sentence.text, categories, model.lexicon, hits, model.ngram_weights, model.flag_ngrams, confident, sentence.start)
    if not cues:
        return None
    cued = {cue.category for cue, _ in cues}
    named = tuple(c for c in categories if heads[c] >= NAMED_WITHOUT_CUE or c in cued)
    suggestion = next((s for _, s in cues if s), None)
    return Match(
        start=sentence.start,
        end=sentence.end,
        text=sentence.text,
        score=probabilities[0],
        categories=named,
        cues=tuple(cue for cue, _ in cues),
        message=model.lexicon.messages[named[0]],
        suggestion=suggestion,
    )


def _scored(sentences: Sequence[Sentence], scores: np.ndarray, certainty: np.ndarray | None) -> tuple[ScoredSentence, ...]:
    levels = [None] * len(sentences) if certainty is None else certainty.tolist()
    return tuple(ScoredSentence(s.start, s.end, float(p), c) for s, p, c in zip(sentences, scores, levels))


def score_text(
    model: OverclaimModel,
    text: str,
    threshold: float | None = None,
    all_sentences: bool = False,
) -> DocumentResult:
    """Score every sentence of `text`; offsets are code points into `text` itself."""
    sentences = segment(text)
    texts = [s.text for s in sentences]
    probabilities, hits, certainty = model.predict_with_certainty(texts) if all_sentences else (*model.predict_with_hits(texts), None)
    cut = model.threshold if threshold is None else threshold
    matches = tuple(
        m for s, p, h in zip(sentences, probabilities.tolist(), hits) if p[0] >= cut and (m := _match(model, s, p, h)) is not None
    )
    scores = probabilities[:, 0] if len(sentences) else np.zeros(0)
    return DocumentResult(
        score=float(scores.max()) if len(scores) else 0.0,
        label="overclaiming" if matches else "ok",
        sentences=len(sentences),
        flagged=len(matches),
        matches=matches,
        scored=_scored(sentences, scores, certainty) if all_sentences else (),
    )
