"""The cue finder's n-grams: every n-gram of a sentence in order, their spans in the sentence, the best weighted one, and what is learned."""
from __future__ import annotations

import pytest

from classifier.cue_ngrams import MAX_N, TOKEN, SentenceGrams, grams, learn_cue_ngrams
from classifier.dataset import Record, data_files, load_records
from server.settings import PROJECT_ROOT

EDGES = ["", "One", "Two words", "It cures 😀 anxiety, e\u0301te\u0301 après Ärzte.", "A  b\tc\nd e f g", "don't stop — it's ‘fine’"]


def _every_ngram(text: str) -> list[str]:
    words = TOKEN.findall(text.lower())
    return [" ".join(words[i : i + n]) for n in range(1, MAX_N + 1) for i in range(len(words) - n + 1)]


def test_strings_are_every_ngram_shortest_first_on_the_training_sentences() -> None:
    texts = [r.text for r in load_records(data_files(PROJECT_ROOT / "training_data" / "train"))] + EDGES
    assert all(SentenceGrams(t).strings == _every_ngram(t) for t in texts)


@pytest.mark.parametrize("text", EDGES + ["Studies PROVE that this supplement cures Anxiety overnight."])
def test_each_ngram_spans_its_own_words_in_the_original_text(text: str) -> None:
    for gram, start, end in grams(text):
        assert " ".join(TOKEN.findall(text[start:end].lower())) == gram
        assert text[start:end] == text[start:end].strip()


def test_best_is_the_first_ngram_with_the_largest_weight() -> None:
    text = "This tea cures anxiety and cures stress."
    sentence = SentenceGrams(text)
    assert sentence.best({"nothing here": 1.0}) is None
    start, end = sentence.best({"cures": 0.5, "tea cures": 0.9, "cures stress": 0.9})  # type: ignore[misc]
    assert text[start:end] == "tea cures"  # the bigrams tie; the earlier one wins
    start, end = sentence.best({"cures": 0.9, "anxiety": 0.2})  # type: ignore[misc]
    assert (start, end) == (text.index("cures"), text.index("cures") + len("cures"))


def _record(text: str, label: str, cue: str | None = None) -> Record:
    cues = ((text.index(cue), text.index(cue) + len(cue)),) if cue else ()
    return Record("d", text, label, ("certainty",) if label == "overclaim" else (), cues, "written")


def test_learned_ngrams_are_those_mostly_inside_cues() -> None:
    records = [
        _record("It is proven to work.", "overclaim", "proven to work"),
        _record("This is proven to heal.", "overclaim", "proven to"),
        _record("It is what it is.", "ok"),
        _record("It may help some.", "ok"),
        _record("It is hard to say.", "ok"),
    ]
    learned = learn_cue_ngrams(records)["certainty"]
    assert set(learned) == {"proven", "proven to"}  # twice inside a cue, never in an ok sentence ("to" is in one)
    assert learned["proven to"] > learned["proven"]  # longer n-grams weigh a little more
    assert all(learned == {} for c, learned in learn_cue_ngrams(records).items() if c != "certainty")
