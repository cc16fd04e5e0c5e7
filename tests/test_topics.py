"""Topic masking and clause marking in the word tokens."""
from __future__ import annotations

from classifier.topics import topic_tokens


def test_conditions_and_substances_become_placeholders() -> None:
    assert topic_tokens("turmeric cures arthritis and high  blood pressure.") == [
        "xsubstance", "cures", "xcondition", "and", "xcondition",
    ]
    assert topic_tokens("statins lower cholesterol") == ["xsubstance", "lower", "xcondition"]


def test_other_words_are_left_alone() -> None:
    assert topic_tokens("statistics show painful paint") == ["statistics", "show", "painful", "paint"]


def test_an_opening_concessive_clause_is_marked() -> None:
    tokens = topic_tokens("while it may be debated, research proves it works.")
    assert tokens[:5] == ["sub_while", "sub_it", "sub_may", "sub_be", "sub_debated"]
    assert tokens[5:] == ["research", "proves", "it", "works"]


def test_a_hedge_in_the_main_clause_is_not_marked() -> None:
    assert topic_tokens("it may help, some say.") == ["it", "may", "help", "some", "say"]


def test_every_phrase_passes_the_cheap_precheck() -> None:
    from classifier.topics import PHRASE, _may_hold_phrase, _tables

    phrases = [k[len(PHRASE) :] for k in _tables()[0] if k.startswith(PHRASE)]
    assert phrases and all(_may_hold_phrase(f"it helps {p}, they say") for p in phrases)
    assert not _may_hold_phrase("nothing listed here")


def test_the_stream_equals_each_sentences_tokens_then_a_break() -> None:
    from classifier.topics import BREAK, topic_token_stream

    texts = ["turmeric cures high\nblood pressure.", "while it may help, statins work", "", "statins lower cholesterol",
             "although x, y", "a\x00b cures", "  high  blood pressure"]
    for chunk in (texts, texts[:1], texts[1:2], texts[2:5], texts[:5], []):
        assert topic_token_stream(chunk) == [token for t in chunk for token in (*topic_tokens(t), BREAK)]


def test_phrases_are_replaced_as_the_phrase_pattern_would_replace_them() -> None:
    from classifier.dataset import data_files, load_records
    from classifier.topics import PHRASE, SPACES, _phrases_replaced, _tables
    from server.settings import PROJECT_ROOT

    words, phrases = _tables()
    texts = [r.text.lower() for r in load_records(data_files(PROJECT_ROOT / "training_data" / "train"))]
    texts += ["high blood pressure and high  blood\npressure", "highblood pressure", "type 2 diabetes, type 2 diabetes"]
    reference = [phrases.sub(lambda m: f" {words[PHRASE + SPACES.sub(' ', m.group())]} ", t) for t in texts]
    assert [_phrases_replaced(t) for t in texts] == reference
    assert sum(a != b for a, b in zip(texts, reference)) > 100  # phrases were there to replace


def test_a_stream_of_training_sentences_is_each_sentence_tokenized_alone() -> None:
    """Phrases are replaced over a run's joined text: one at a sentence's start or end stays its own."""
    from classifier.dataset import data_files, load_records
    from classifier.topics import BREAK, topic_token_stream
    from server.settings import PROJECT_ROOT

    texts = [r.text.lower() for r in load_records(data_files(PROJECT_ROOT / "training_data" / "train"))]
    texts += ["high blood pressure", "blood pressure.", "high", "blood pressure high blood", "pressure"]
    for start in range(0, len(texts), 400):
        chunk = texts[start : start + 400]
        assert topic_token_stream(chunk) == [token for t in chunk for token in (*topic_tokens(t), BREAK)]


def test_an_unmasked_stream_is_the_stream_before_its_topic_words_are_masked() -> None:
    from classifier.dataset import data_files, load_records
    from classifier.topics import topic_token_stream, topic_words
    from server.settings import PROJECT_ROOT

    texts = [r.text.lower() for r in load_records(data_files(PROJECT_ROOT / "training_data" / "train"))]
    unmasked = topic_token_stream(texts, masked=False)
    words = topic_words()
    assert [words.get(t, t) for t in unmasked] == topic_token_stream(texts)
    assert sum(t in words for t in unmasked) > 100  # there were topic words to leave alone


def test_a_list_items_marker_is_not_a_token_of_its_sentence() -> None:
    from classifier.topics import item_tokens

    assert item_tokens("3. it reverses hair loss") == topic_tokens("it reverses hair loss")
    for marker in ("12) ", "(4) ", "- ", "• ", "  – ", "✓ "):
        assert item_tokens(marker + "statins lower cholesterol") == ["xsubstance", "lower", "xcondition"]
    # Numbers that are the sentence's own figures stay.
    assert item_tokens("3.5 percent of 40 adults") == ["3", "5", "percent", "of", "40", "adults"]
    assert item_tokens("2021 was the year") == ["2021", "was", "the", "year"]
    assert item_tokens("3. while it may help, it works")[0] == "sub_while"


def test_the_stream_without_list_markers_equals_item_tokens() -> None:
    from classifier.topics import BREAK, item_tokens, topic_token_stream

    texts = ["1. turmeric cures high\nblood pressure.", "2. while it may help, statins work", "", "- statins lower cholesterol",
             "10) although x, y", "• a\x00b cures", "3.5 percent"]
    for chunk in (texts, texts[:2], texts[1:2], texts[2:5], []):
        assert topic_token_stream(chunk, list_markers=False) == [token for t in chunk for token in (*item_tokens(t), BREAK)]


def test_the_fast_patterns_find_what_the_token_pattern_finds() -> None:
    """TOKEN and STREAM_TOKEN drop TOKEN_PATTERN's leading \\b for speed; on strings made of every
    kind of character that matters (word, apostrophes, combining mark, BREAK, space), the tokens,
    their spans and what fully matches are the same."""
    import random
    import re

    from classifier.topics import BREAK, STREAM_TOKEN, TOKEN, TOKEN_PATTERN

    bounded, bounded_stream = re.compile(TOKEN_PATTERN), re.compile(rf"{TOKEN_PATTERN}|{BREAK}")
    rng = random.Random(7)
    pieces = ["a", "é", "Z", "1", "_", "'", "’", "''", "\u0301", " ", "\n", BREAK, "-", "."]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert STREAM_TOKEN.findall(text) == bounded_stream.findall(text), repr(text)
        assert [m.span() for m in TOKEN.finditer(text)] == [m.span() for m in bounded.finditer(text)], repr(text)
        assert bool(TOKEN.fullmatch(text)) == bool(bounded.fullmatch(text)), repr(text)
