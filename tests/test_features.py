"""LexiconFeatures: scikit-learn's estimator contract, and cues scoped to their clause."""
from __future__ import annotations

import pickle

import pytest
from sklearn.base import clone
from sklearn.utils import estimator_checks as checks

from classifier.features import LexiconFeatures, feature_names


def active(text: str) -> set[str]:
    row = LexiconFeatures().fit([text]).transform([text]).toarray()[0]
    return {name for name, value in zip(feature_names(), row) if value}


@pytest.mark.parametrize(
    "check",
    [
        checks.check_no_attributes_set_in_init,
        checks.check_parameters_default_constructible,
        checks.check_get_params_invariance,
        checks.check_set_params,
        checks.check_estimator_repr,
    ],
)
def test_estimator_api_checks(check) -> None:  # type: ignore[no-untyped-def]
    """check_estimator itself skips every check for string input (it only warns), so the
    API checks that apply to a text transformer are run one by one."""
    check("LexiconFeatures", LexiconFeatures())


def test_init_only_stores_and_clone_round_trips() -> None:
    f = LexiconFeatures(lexicon_path=None)
    assert f.get_params() == {"lexicon_path": None}
    assert not hasattr(f, "lexicon_")
    assert clone(f).get_params() == f.get_params()


def test_fitted_transformer_pickles_and_names_its_features() -> None:
    f = LexiconFeatures().fit(["x"])
    again = pickle.loads(pickle.dumps(f))
    texts = ["Turmeric cures arthritis.", "It may help."]
    assert (again.transform(texts) != f.transform(texts)).nnz == 0
    assert list(f.get_feature_names_out()) == feature_names()
    assert f.transform(texts).shape == (2, len(feature_names()))


def test_a_string_is_refused() -> None:
    with pytest.raises(ValueError, match="iterable of strings"):
        LexiconFeatures().fit("one string")


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Turmeric cures arthritis.", {"cue:causal", "cue:causal&bare"}, {"mod:hedge"}),
        ("Turmeric may ease arthritis pain.", {"mod:hedge"}, {"cue:causal&bare"}),
        ("There is no proof that turmeric cures arthritis.", {"cue:causal&against", "mod:negation"}, {"cue:causal&bare"}),
        (
            "While it may be debated, numerous studies have shown that turmeric cures arthritis.",
            {"cue:vague_authority&bare", "cue:causal&bare"},
            {"mod:hedge", "cue:causal&hedge"},
        ),
        ("How does turmeric work?", {"shape:question", "shape:no_cue"}, set()),
    ],
)
def test_modifiers_count_only_in_the_cue_clause(text: str, present: set[str], absent: set[str]) -> None:
    found = active(text)
    assert present <= found, found
    assert not absent & found, found


def test_sentences_do_not_leak_into_each_other() -> None:
    f = LexiconFeatures().fit(["x"])
    rows = f.transform(["It may help.", "Turmeric cures arthritis."]).toarray()
    names = feature_names()
    assert rows[1][names.index("mod:hedge")] == 0 and rows[0][names.index("cue:causal")] == 0


@pytest.mark.parametrize(
    "text",
    [
        "Studies prove it works, though it may not cure everyone.",
        "It may help - but studies prove it cures acne, however",
        "Experts say this proven remedy might work whereas scientists agree; it cures",
        "This may cure it - - - - though doctors agree it is proven",
        "Yes - - - - - may cure, yet - - - doctors agree it is proven",
        "(However) it may help; studies prove it cures acne",
    ],
)
def test_clauses_search_only_between_the_hits_yet_match_a_whole_search(text: str) -> None:
    """The clause search runs from the first hit to just past the last; which hits share a
    clause is what a search of the whole sentence gives (clause numbers differ by a constant)."""
    from bisect import bisect_right

    from classifier.features import CLAUSE_BREAK, _clauses
    from classifier.lexicon import load_lexicon

    offset = 40  # as if the sentence came 40 characters into the joined text
    hits = [h._replace(start=h.start + offset, end=h.end + offset) for h in load_lexicon().hit_list(text)]
    assert len({h.kind for h in hits}) > 1
    whole = [bisect_right([m.start() + offset for m in CLAUSE_BREAK.finditer(text)], h.start) for h in hits]
    found = _clauses(text, offset, hits)
    assert [c - found[0] for c in found] == [c - whole[0] for c in whole]


@pytest.mark.parametrize("first", [0, 1, 2, 3, 4, 5, 6])
def test_clauses_from_any_first_position_match_a_whole_search(first: int) -> None:
    """Hits that do not start a word (or start on a break) make the search start at the sentence's start."""
    from bisect import bisect_right

    from classifier.features import CLAUSE_BREAK, _clauses
    from classifier.lexicon import Hit

    text = " - - - a, but b - c"
    hits = [Hit(first, first + 1, "hedge", 40), Hit(14, 15, "causal", 0), Hit(18, 19, "hedge", 40)]
    whole = [bisect_right([m.start() for m in CLAUSE_BREAK.finditer(text)], h.start) for h in hits]
    found = _clauses(text, 0, hits)
    assert [c - found[0] for c in found] == [c - whole[0] for c in whole]


def test_lower_casing_makes_you_only_from_you() -> None:
    """The second-person test looks for "you" once in the joined lower_same_length text: no character
    but y, o, u (either case) lower-cases to one holding y, o or u, so it stands for each sentence's lower()."""
    assert {chr(c) for c in range(0x110000) if set(chr(c).lower()) & set("you")} == set("yYoOuU")


def test_holding_names_each_sentence_with_the_needle() -> None:
    from classifier.features import _holding
    from classifier.lexicon import SEPARATOR, joined_starts

    texts = ["Wow! Really!", "Calm.", "", "Go!"]
    assert _holding(SEPARATOR.join(texts), "!", joined_starts(texts)) == {0, 3}
    assert _holding(SEPARATOR.join(texts), "?", joined_starts(texts)) == set()
