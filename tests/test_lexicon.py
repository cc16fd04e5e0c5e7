"""Walks every must-flag / must-pass example of the cue lexicon."""
from __future__ import annotations

import pytest

from classifier.lexicon import MODIFIER_KINDS, load_lexicon
from classifier.types import CATEGORIES

LEXICON = load_lexicon()
CUE_CASES = [
    pytest.param(rule, example, expected, id=f"{rule.category}-{i}-{expected}-{j}")
    for i, rule in enumerate(LEXICON.cues)
    for expected, examples in (("flag", rule.must_flag), ("pass", rule.must_pass))
    for j, example in enumerate(examples)
]
MODIFIER_CASES = [
    pytest.param(mod, example, expected, id=f"{mod.kind}-{i}-{expected}-{j}")
    for i, mod in enumerate(LEXICON.modifiers)
    for expected, examples in (("flag", mod.must_flag), ("pass", mod.must_pass))
    for j, example in enumerate(examples)
]


@pytest.mark.parametrize(("rule", "example", "expected"), CUE_CASES)
def test_cue_rule_examples(rule, example: str, expected: str) -> None:
    found = rule.pattern.search(example.lower())
    assert bool(found) == (expected == "flag"), (rule.pattern.pattern[:80], example, found)


@pytest.mark.parametrize(("mod", "example", "expected"), MODIFIER_CASES)
def test_modifier_examples(mod, example: str, expected: str) -> None:
    assert bool(mod.pattern.search(example.lower())) == (expected == "flag"), example


def test_every_rule_has_both_kinds_of_example() -> None:
    for rule in (*LEXICON.cues, *LEXICON.modifiers):
        assert rule.must_flag and rule.must_pass, rule.pattern.pattern[:60]


def test_every_category_and_modifier_kind_is_covered() -> None:
    assert {r.category for r in LEXICON.cues} == set(CATEGORIES)
    assert {m.kind for m in LEXICON.modifiers} == set(MODIFIER_KINDS)
    assert set(LEXICON.messages) >= set(CATEGORIES)


def test_bad_lexicon_is_refused_with_the_entry_named(tmp_path) -> None:
    bad = tmp_path / "lex.toml"
    bad.write_text(
        '[messages]\nvague_authority="a"\ncertainty="b"\ncausal="c"\nhype="d"\ngeneralization="e"\n'
        '[[cue]]\ncategory="hype"\npattern="(unclosed"\n'
    )
    with pytest.raises(ValueError, match="cue 1: invalid pattern"):
        load_lexicon(bad)


def test_split_cue_hits_gives_each_text_its_own_hits() -> None:
    from classifier.lexicon import SEPARATOR

    texts = ["Numerous studies have shown it cures arthritis.", "It may help.", "A miracle cure, guaranteed! In mice."]
    hits = LEXICON.hits(SEPARATOR.join(texts))
    assert LEXICON.split_cue_hits(texts, hits) == [LEXICON.cue_hits(t) for t in texts]


def test_joined_starts_are_where_each_text_starts_in_the_join() -> None:
    from classifier.lexicon import SEPARATOR, joined_starts

    texts = ["One.", "", "Three, here.", "4"]
    joined = SEPARATOR.join(texts)
    assert [joined[s : s + len(t)] for s, t in zip(joined_starts(texts), texts)] == texts
    assert joined_starts(texts) == [0, 7, 10, 25]
    assert joined_starts([]) == [] and joined_starts(["x"]) == [0]
