"""Golden outputs of the bundled model: what speed work must leave unchanged.

    .venv/bin/python -m tests.golden     # rewrite tests/data/golden.json

Regenerate ONLY when the model, its outputs or the corpus change on purpose
(a retrain, a lexicon edit, new articles), and with code whose outputs you
trust: a speed-up must reproduce the file exactly. The file in the
repository was written by the code of `main` before the speed work. Every article of
training_data/train and training_data/test and both seeds is scored; each
gets a SHA-256 of its canonical outputs (every head's probability to 1e-9 for
every sentence, the matches, and the JSON responses in both offset
encodings), and a fixed sample also keeps those outputs in full, so a
failure shows what changed.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from classifier.api import OverclaimModel, load_model, score_text, segment
from classifier.dataset import data_files, load_records
from classifier.evaluate import articles
from server import serialize
from server.settings import PROJECT_ROOT

GOLDEN = PROJECT_ROOT / "tests" / "data" / "golden.json"
SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"
SAMPLE_EVERY = 4
DIGITS = 9


def corpus() -> dict[str, str]:
    """Name -> article text: every training and test article, then the seeds."""
    texts: dict[str, str] = {}
    for split in ("train", "test"):
        for article in articles(load_records(data_files(PROJECT_ROOT / "training_data" / split))):
            texts[f"{split}/{article.records[0].doc}"] = article.text
    for path in sorted(SEEDS.glob("*.txt")):
        texts[f"seeds/{path.name}"] = path.read_text(encoding="utf-8")
    return texts


def outputs(model: OverclaimModel, text: str) -> dict[str, Any]:
    """Everything scoring decides about `text`, floats rounded to DIGITS places."""
    sentences = segment(text)
    probabilities = model.predict([s.text for s in sentences])
    result = score_text(model, text, all_sentences=True)
    responses = {
        encoding: json.dumps(serialize.scored(text, result, encoding, model.lexicon.messages, True), ensure_ascii=False)
        for encoding in ("codepoint", "utf16")
    }
    return {
        "sentences": [[s.start, s.end, [round(float(p), DIGITS) for p in row]] for s, row in zip(sentences, probabilities)],
        "document": [round(result.score, DIGITS), result.label, result.flagged],
        "matches": [
            [m.start, m.end, round(m.score, DIGITS), list(m.categories), [[c.start, c.end, c.category] for c in m.cues], m.suggestion]
            for m in result.matches
        ],
        "json_sha256": {k: hashlib.sha256(v.encode("utf-8")).hexdigest() for k, v in responses.items()},
    }


def digest(record: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode("utf-8")).hexdigest()


def golden(model: OverclaimModel) -> dict[str, Any]:
    records = {name: outputs(model, text) for name, text in corpus().items()}
    sample = {name: r for i, (name, r) in enumerate(records.items()) if i % SAMPLE_EVERY == 0 or name.startswith("seeds/")}
    return {
        "model": model.card["version"],
        "digests": {name: digest(r) for name, r in records.items()},
        "sample": sample,
    }


def main() -> None:
    model = load_model(PROJECT_ROOT / "models")
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(json.dumps(golden(model), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    main()
