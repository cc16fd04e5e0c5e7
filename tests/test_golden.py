"""Speed work must not change results: today's code reproduces tests/data/golden.json exactly."""
from __future__ import annotations

import json

import pytest

from classifier.api import OverclaimModel
from tests.golden import GOLDEN, SEEDS, corpus, digest, outputs


@pytest.fixture(scope="module")
def recorded() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_golden_file_is_for_the_bundled_model(model: OverclaimModel, recorded: dict) -> None:
    assert recorded["model"] == model.card["version"], "the model changed: regenerate with `python -m tests.golden`"


def test_every_article_and_both_seeds_are_recorded(recorded: dict) -> None:
    """A new article means new golden outputs: regenerate with `python -m tests.golden`."""
    names = set(corpus())
    assert len([n for n in names if n.startswith("seeds/")]) == 2
    assert names <= set(recorded["digests"]), f"not recorded: {sorted(names - set(recorded['digests']))[:5]}"


def test_sampled_articles_give_the_recorded_outputs(model: OverclaimModel, recorded: dict) -> None:
    texts = corpus()
    sample = {name: expected for name, expected in recorded["sample"].items() if name in texts}
    assert len(sample) >= 60
    for name, expected in sample.items():
        assert json.loads(json.dumps(outputs(model, texts[name]))) == expected, name


def test_every_article_gives_the_recorded_digest(model: OverclaimModel, recorded: dict) -> None:
    changed = [name for name, text in corpus().items() if digest(outputs(model, text)) != recorded["digests"][name]]
    assert not changed, f"{len(changed)} articles score differently, e.g. {changed[:5]}"
