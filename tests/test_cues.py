"""Cue spans: lexicon phrases first and shortest; learned n-grams when the lexicon has none."""
from __future__ import annotations

from classifier.cues import find_cues
from classifier.lexicon import load_lexicon

LEXICON = load_lexicon()


def test_lexicon_cue_with_its_rewrite() -> None:
    text = "Numerous studies have shown that it works."
    [(cue, suggestion)] = find_cues(text, ("vague_authority",), LEXICON, LEXICON.cue_hits(text), {})
    assert (cue.text, cue.category) == ("Numerous studies have shown", "vague_authority")
    assert text[cue.start : cue.end] == cue.text
    assert suggestion == "some studies suggest"


def test_only_requested_categories() -> None:
    text = "This miracle tea cures anxiety."
    found = find_cues(text, ("hype",), LEXICON, LEXICON.cue_hits(text), {})
    assert [c.category for c, _ in found] == ["hype"] and found[0][0].text == "miracle"


def test_learned_ngram_when_the_lexicon_has_nothing() -> None:
    text = "This blend recharges your mitochondria."
    weights = {"causal": {"recharges your": 0.9, "blend": 0.2}}
    [(cue, suggestion)] = find_cues(text, ("causal",), LEXICON, LEXICON.cue_hits(text), weights)
    assert cue.text == "recharges your" and suggestion is None


def test_no_cue_without_evidence() -> None:
    assert find_cues("The sky is blue.", ("causal",), LEXICON, [], {}) == []


def test_offsets_survive_unicode() -> None:
    text = "👩‍🔬 Cafe\u0301: this miracle cure works."
    for cue, _ in find_cues(text, ("hype",), LEXICON, LEXICON.cue_hits(text), {}):
        assert text[cue.start : cue.end] == cue.text


def test_overlapping_phrases_of_one_category_merge() -> None:
    text = "Research proves that decades of research confirm it."
    cues = [c for c, _ in find_cues(text, ("vague_authority",), LEXICON, LEXICON.cue_hits(text), {})]
    assert [c.text for c in cues] == ["Research proves", "decades of research confirm"]


def test_the_detectors_ngram_is_the_last_resort() -> None:
    text = "It lets people see their problems afresh."
    assert find_cues(text, ("causal",), LEXICON, LEXICON.cue_hits(text), {}) == []
    [(cue, _)] = find_cues(text, ("causal",), LEXICON, LEXICON.cue_hits(text), {}, {"lets people": 1.2, "see": 0.1})
    assert (cue.text, cue.category) == ("lets people", "causal")


def test_a_category_without_a_phrase_takes_its_heads_ngram() -> None:
    text = "This miracle oil rewires your joints."
    found = find_cues(text, ("hype", "causal"), LEXICON, LEXICON.cue_hits(text), {}, None, {"causal": {"rewires": 0.8}})
    assert [(c.text, c.category) for c, _ in found] == [("miracle", "hype"), ("rewires", "causal")]


def test_overlapping_lexicon_phrases_leave_the_longer_cue() -> None:
    text = "Clinically proven and guaranteed to cure anxiety."
    lexicon = load_lexicon()
    hits = lexicon.cue_hits(text.lower())
    assert any(a.start < b.end and b.start < a.end and a.kind != b.kind for a in hits for b in hits), "the example needs overlapping hits"
    cues = [c for c, _ in find_cues(text, ("certainty", "vague_authority", "causal"), lexicon, hits, {})]
    assert all(a.end <= b.start for a, b in zip(cues, cues[1:])), cues


def test_cues_of_every_flagged_training_sentence_are_disjoint(model) -> None:  # type: ignore[no-untyped-def]
    from classifier.api import score_text
    from classifier.dataset import data_files, load_records
    from server.settings import PROJECT_ROOT

    articles: dict[str, list[str]] = {}
    for record in load_records(data_files(PROJECT_ROOT / "training_data" / "train")):
        articles.setdefault(record.doc, []).append(record.text)
    overlapping = []
    for doc in sorted(articles)[::4]:
        for match in score_text(model, " ".join(articles[doc])).matches:
            overlapping += [(a.text, b.text) for a, b in zip(match.cues, match.cues[1:]) if b.start < a.end]
    assert not overlapping, overlapping[:5]
