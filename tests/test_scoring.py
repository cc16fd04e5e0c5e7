"""score_text on the bundled model: offsets into the original text, whatever it contains."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier.api import OverclaimModel, score_text

OVERCLAIM = "This miracle tea cures anxiety and melts belly fat overnight."
PREFIXES = [
    "",
    "👩‍👩‍👧‍👦🇺🇳 ",
    "Cafe\u0301 cre\u0300me bru\u0302le\u0301e. ",
    "研究表明。这是一个测试！",
    "\u202eRTL override\u202c. ",
    "Zalgo t\u0336\u0321e\u0335x\u0334t. ",
    "\x00 NUL. ",
    "Line one\n\n   \n",
]


def check(result, text: str) -> None:  # type: ignore[no-untyped-def]
    previous_end = 0
    for match in result.matches:
        assert text[match.start : match.end] == match.text
        assert previous_end <= match.start < match.end
        previous_end = match.end
        assert match.cues, "every match names at least one cue"
        for cue in match.cues:
            assert text[cue.start : cue.end] == cue.text
            assert match.start <= cue.start < cue.end <= match.end
            assert cue.category in match.categories
    for sentence in result.scored:
        assert 0.0 <= sentence.score <= 1.0


@pytest.mark.parametrize("prefix", PREFIXES)
def test_offsets_hold_after_any_prefix(model: OverclaimModel, prefix: str) -> None:
    text = prefix + OVERCLAIM
    result = score_text(model, text, all_sentences=True)
    check(result, text)
    assert any(m.text.endswith(OVERCLAIM) for m in result.matches), [m.text for m in result.matches]


def test_document_label_follows_the_matches(model: OverclaimModel) -> None:
    result = score_text(model, "A 2021 trial of 40 adults found a small reduction in reported stress.")
    assert result.label == "ok" and result.flagged == 0
    result = score_text(model, OVERCLAIM)
    assert result.label == "overclaiming" and result.flagged == 1
    assert result.score >= model.threshold


def test_blank_text_scores_nothing(model: OverclaimModel) -> None:
    result = score_text(model, "  \n\t ", all_sentences=True)
    assert (result.sentences, result.flagged, result.label, result.scored) == (0, 0, "ok", ())


def test_suggestion_comes_from_the_lexicon(model: OverclaimModel) -> None:
    [match] = score_text(model, "Numerous studies have shown that this supplement cures arthritis.").matches
    assert match.suggestion
    assert "vague_authority" in match.categories


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400), st.sampled_from(["", OVERCLAIM]))
def test_any_unicode_text_scores_with_exact_offsets(model: OverclaimModel, text: str, tail: str) -> None:
    full = text + tail
    check(score_text(model, full, threshold=0.0, all_sentences=True), full)


@pytest.mark.parametrize(("certainty", "named"), [(0.9, True), (0.3, True), (0.2, False)])
def test_a_category_without_a_cue_of_its_own_is_named_only_when_its_head_is_sure(
    model: OverclaimModel, certainty: float, named: bool
) -> None:
    from classifier.scoring import NAMED_WITHOUT_CUE, _match
    from classifier.segment import segment
    from classifier.types import CATEGORIES

    [sentence] = segment("Turmeric cures arthritis.")
    [hits] = model.predict_with_hits([sentence.text])[1]
    assert {h.kind for h in hits} == {"causal"}, "the lexicon has a causal cue here and no certainty cue"
    assert model.category_thresholds["certainty"] < 0.2 < NAMED_WITHOUT_CUE < 0.3
    heads = {c: 0.0 for c in CATEGORIES} | {"causal": 0.95, "certainty": certainty}
    match = _match(model, sentence, [0.97, *(heads[c] for c in CATEGORIES)], hits)
    assert match is not None and "causal" in match.categories
    assert ("certainty" in match.categories) is named
    assert all(cue.category == "causal" for cue in match.cues) or certainty >= 0.5  # n-gram cue candidates only when sure
