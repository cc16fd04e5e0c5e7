"""The training-file validator names file, line and field for every problem."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.dataset import check_file, load_records
from cli.main import main

GOOD = {"doc": "d1", "text": "Turmeric cures arthritis.", "label": "overclaim", "categories": ["causal"],
        "cues": [[9, 14]], "source": "written for training", "topic": "turmeric", "style": "listicle"}


def write(tmp_path: Path, *rows: object, name: str = "d1.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"label": "maybe"}, "label", "not one of"),
        ({"categories": ["spin"]}, "categories", "unknown"),
        ({"categories": []}, "categories", "at least one category"),
        ({"cues": []}, "cues", "at least one cue"),
        ({"cues": [[9, 99]]}, "cues", "outside the text"),
        ({"cues": [[8, 14]]}, "cues", "white space"),
        ({"cues": [["a", 3]]}, "cues", "integers"),
        ({"text": " padded "}, "text", "white space"),
        ({"text": ""}, "text", "non-empty"),
        ({"style": "poem"}, "style", "not one of"),
        ({"label": "ok"}, "categories", "no categories"),
    ],
)
def test_each_problem_names_its_field(tmp_path: Path, change: dict, field: str, message: str) -> None:
    path = write(tmp_path, GOOD, {**GOOD, **change})
    records, problems = check_file(path)
    assert len(records) == 1
    assert any(p.line == 2 and p.field == field and message in p.message for p in problems), problems


def test_missing_fields_and_bad_json(tmp_path: Path) -> None:
    path = write(tmp_path, {k: v for k, v in GOOD.items() if k != "source"}, "{oops", "[1]")
    _, problems = check_file(path)
    assert [(p.line, p.field) for p in problems] == [(1, "source"), (2, "-"), (3, "-")]
    assert "invalid JSON" in problems[1].message


def test_doc_must_match_the_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD, name="other.jsonl")
    _, problems = check_file(path, require_doc_from_name=True)
    assert problems and problems[0].field == "doc"


def test_load_records_refuses_invalid_data_listing_problems(tmp_path: Path) -> None:
    path = write(tmp_path, {**GOOD, "label": "x"})
    with pytest.raises(ValueError, match=r"d1.jsonl:1: label"):
        load_records([path])


def test_data_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, GOOD)
    assert main(["data", "check", str(good)]) == 0
    assert "1 valid records, 0 problem(s)" in capsys.readouterr().out
    bad = write(tmp_path, {**GOOD, "cues": [[0, 500]]}, name="d2.jsonl")
    assert main(["data", "check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:1: cues:" in out and "outside the text" in out
