"""The project's own training data: valid, large and varied enough, never the seeds."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from classifier.dataset import Record, check_file, data_files
from classifier.lexicon import load_lexicon
from classifier.types import CATEGORIES
from server.settings import PROJECT_ROOT
from tests.conftest import SEEDS
from tests.near_duplicates import near_duplicates

TRAIN = PROJECT_ROOT / "training_data" / "train"
HARD_NEGATIVE_KINDS = {"hedge", "distance", "negation", "limits", "specific", "advice"}


@pytest.fixture(scope="module")
def records() -> list[Record]:
    out: list[Record] = []
    for path in data_files(TRAIN):
        found, problems = check_file(path, require_doc_from_name=True)
        assert not problems, "\n".join(map(str, problems))
        out += found
    return out


def test_size_and_breadth(records: list[Record]) -> None:
    docs = {r.doc for r in records}
    topics = {r.topic for r in records}
    styles = {r.style for r in records}
    assert len(docs) >= 150 and len(records) >= 3000
    assert len(topics) >= 30 and not any("microdos" in (t or "") for t in topics)
    assert len(styles) >= 6


def test_every_category_has_enough_overclaims(records: list[Record]) -> None:
    counts = Counter(c for r in records if r.label == "overclaim" for c in r.categories)
    assert all(counts[c] >= 150 for c in CATEGORIES), counts


def test_hard_negatives_are_at_least_30_percent_of_ok(records: list[Record]) -> None:
    """Counted conservatively: ok sentences the lexicon sees hedged, attributed, negated,
    bounded, limited or advisory, plus questions; headings are not counted."""
    lexicon = load_lexicon()
    ok = [r for r in records if r.label == "ok"]
    hard = [r for r in ok if r.text.endswith("?") or {h.kind for h in lexicon.hits(r.text)} & HARD_NEGATIVE_KINDS]
    assert len(hard) / len(ok) >= 0.30, len(hard) / len(ok)


def test_no_near_duplicate_sentences(records: list[Record]) -> None:
    """Jaccard similarity of word trigrams below 0.6 for every pair of sentences of 8+ words."""
    close = near_duplicates([r.text for r in records])
    assert not close, close[:5]


def test_no_seed_sentence_is_in_the_training_data(records: list[Record]) -> None:
    texts = {r.text for r in records}
    seed_lines = [s.strip() for p in SEEDS.glob("*.txt") for s in re.split(r"(?<=[.!?])\s+", p.read_text())]
    leaked = [s for s in seed_lines if len(s.split()) >= 6 and s in texts]
    assert not leaked, leaked
