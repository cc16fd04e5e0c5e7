"""The prefix index must find exactly what a plain finditer finds."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from classifier.lexicon import load_lexicon
from classifier.prefix_index import PrefixIndex, _original, collapse, literal_prefixes, lower_same_length

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
TRAINING = Path(__file__).resolve().parents[1] / "training_data"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bcures?\b", {"cure"}),
        (r"\b(?:may|might)\s+help", {"may", "might"}),
        (r"(?:ab)*c", {"a", "c"}),
        (r"(?:the\s+)?best", {"the", "best"}),
        (r"\b\d+%", set("0123456789")),
        (r"\bn\s?=\s?\d+", {"n =", "n="}),
        (r"\bin\s+mice", {"in mice"}),
        (r"\bgame[\s-]changer", {"game changer", "game-changer"}),
        (r"\s+x", None),
        (r"x?", None),
        (r".cure", None),
    ],
)
def test_literal_prefixes(pattern: str, expected: set[str] | None) -> None:
    found = literal_prefixes(re.compile(pattern))
    if expected is None:
        assert found is None
    else:
        assert found is not None and all(any(p.startswith(e) for e in expected) for p in found)
        assert {next(e for e in expected if p.startswith(e)) for p in found} == expected


def _corpus() -> list[str]:
    lexicon = load_lexicon()
    texts = [x for r in (*lexicon.cues, *lexicon.modifiers) for x in (*r.must_flag, *r.must_pass)]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(TRAINING.rglob("*.jsonl"))[:60]]
    texts.append("İstanbul: İİ proven to cure; the best way to lose weight in mice ÉTUDE 100% safe")
    return texts


def _plain_finditer(patterns: list[re.Pattern[str]], lowered: str) -> list[tuple[int, int, int]]:
    """The reference: finditer over the collapsed text, offsets mapped back by hand."""
    collapsed, _, _ = collapse(lowered)
    back, j = [], 0
    for i, ch in enumerate(lowered):  # position in collapsed -> position in lowered
        if ch.isspace() and i > 0 and lowered[i - 1].isspace():
            continue
        back.append(i)
        j += 1
    assert len(back) == len(collapsed)
    return sorted(
        (k, back[m.start()], back[m.end() - 1] + 1) for k, p in enumerate(patterns) for m in p.finditer(collapsed)
    )


def test_index_finds_what_finditer_finds() -> None:
    lexicon = load_lexicon()
    patterns = [r.pattern for r in (*lexicon.cues, *lexicon.modifiers)]
    index = PrefixIndex(patterns)
    for text in _corpus():
        lowered = lower_same_length(text)
        assert sorted(index.finditer(lowered)) == _plain_finditer(patterns, lowered)


def test_white_space_runs_do_not_hide_a_cue() -> None:
    lexicon = load_lexicon()
    text = "Numerous   studies\n\nhave\tshown it.  In\u00a0mice."
    hits = [(text[h.start : h.end], h.kind) for h in lexicon.hits(text)]
    assert ("Numerous   studies\n\nhave\tshown", "vague_authority") in hits
    assert ("In\u00a0mice", "generalization") in hits


def test_every_lexicon_pattern_is_indexed() -> None:
    lexicon = load_lexicon()
    assert lexicon.index.unindexed == []


def test_lower_same_length_keeps_offsets() -> None:
    text = "İstanbul ǅ Σ e\u0301 👍🏽"
    assert len(lower_same_length(text)) == len(text)
    assert lower_same_length("ABC") == "abc"


def test_pickles_as_its_patterns_and_rebuilds_on_load() -> None:
    import pickle

    index = load_lexicon().index
    again = pickle.loads(pickle.dumps(index))
    assert again.__getstate__() == index.__getstate__()
    assert again.automaton.get_stats() == index.automaton.get_stats()
    text = lower_same_length("Numerous studies have shown it. In mice.")
    assert list(again.finditer(text)) == list(index.finditer(text))


@pytest.mark.parametrize("text", ["a b\nc\x00d", "a  b", " a b", "a b ", "a\u00a0b\u2003c", "a\x1cb", "", " ", "a\t\tb\n\nc"])
def test_collapse_equals_the_regex_reading(text: str) -> None:
    """Every white-space run as one space, and offsets that map back onto the same characters."""
    collapsed, starts, shifts = collapse(text)
    assert collapsed == re.sub(r"\s", " ", re.sub(r"\s{2,}", " ", text))
    assert all(text[_original(i, starts, shifts)] == c or (c == " " and text[_original(i, starts, shifts)].isspace())
               for i, c in enumerate(collapsed))


def test_the_word_char_test_is_regex_w_on_every_code_point() -> None:
    from classifier.prefix_index import is_word_char

    word = re.compile(r"\w")
    assert all(is_word_char(chr(c)) == (word.match(chr(c)) is not None) for c in range(0x110000))


def test_proposing_prefixes_reach_past_a_join_over_the_budget() -> None:
    """A word followed by more continuations than the budget allows: the proposing prefixes keep
    as much of them as fits ("in m4", not "in "), the ordering ones stop at the word, and every
    match still starts with a proposing prefix."""
    from classifier.prefix_index import PROPOSING_PREFIXES, _two_readings

    animals = [f"{c}{i}" for c in "mrc" for i in range(PROPOSING_PREFIXES)]
    pattern = re.compile(r"\b(?:in|on)\s+(?:" + "|".join(animals) + r")\b")
    ordering, proposing = _two_readings(pattern)
    assert ordering == {"in ", "on "}
    assert proposing is not None and len(proposing) <= 2 * PROPOSING_PREFIXES
    assert all(p[:3] in ordering and len(p) > 4 for p in proposing)
    text = "in m42 and on c7, in r0; on m59"
    starts = [m.start() for m in pattern.finditer(text)]
    assert starts == [0, 11, 18, 25]
    assert all(any(text.startswith(p, s) for p in proposing) for s in starts)
