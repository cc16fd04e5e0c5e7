"""Reviewed feedback exported as training JSONL passes the training-data validator, by CLI and over HTTP."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.dataset import check_file
from cli.main import main
from server.db import Database, audit, feedback
from server.feedback_validation import CueLabel, Review, submission
from tests.db_fixtures import Api

OVERCLAIM = "Numerous studies have shown that this tea cures anxiety."
OK = "Some studies suggest it may help a little."


def _reviewed(db: Database) -> list[int]:
    with db.write() as conn:
        a, _ = feedback.insert(conn, submission({"text": OVERCLAIM, "verdict": "ok"}, 1000, 100))
        b, _ = feedback.insert(conn, submission({"text": OK, "verdict": "overclaim"}, 1000, 100))
        feedback.insert(conn, submission({"text": "Still pending.", "verdict": "ok"}, 1000, 100))
        cue = CueLabel(0, len("Numerous studies have shown"), "vague_authority")
        feedback.review(conn, a, Review("overclaim", ("vague_authority",), (cue,)), "key:1")
        feedback.review(conn, b, Review("ok", (), ()), "key:1")
    return [a, b]


def test_cli_export_is_valid_training_data(db: Database, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _reviewed(db)
    monkeypatch.setenv("OVERCLAIM_DATABASE_URL", db_url)
    out = tmp_path / "training" / "feedback-2026-11.jsonl"
    assert main(["feedback", "export", "--reviewed", "-o", str(out)]) == 0
    records, problems = check_file(out, require_doc_from_name=True)
    assert problems == []
    assert [(r.text, r.label, r.categories, r.cues) for r in records] == [
        (OVERCLAIM, "overclaim", ("vague_authority",), ((0, 27),)),
        (OK, "ok", (), ()),
    ]
    assert {r.doc for r in records} == {"feedback-2026-11"}
    assert main(["data", "check", str(out)]) == 0
    with db.read() as conn:
        [entry] = [row for row in audit.recent(conn) if row["action"] == "feedback.export"]
    assert entry["target"] == str(out) and entry["detail"]["records"] == 2 and entry["who"].startswith("cli")


def test_cli_export_needs_reviewed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["feedback", "export"])
    assert "--reviewed" in capsys.readouterr().err


def test_http_export_for_moderators(api: Api, tmp_path: Path) -> None:
    _reviewed(api.db)
    assert api.client.get("/v1/feedback/export").status_code == 401
    response = api.client.get("/v1/feedback/export", params={"doc": "batch7"}, headers=api.auth("moderator"))
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/x-ndjson")
    path = tmp_path / "batch7.jsonl"
    path.write_text(response.text, encoding="utf-8")
    records, problems = check_file(path, require_doc_from_name=True)
    assert problems == [] and [r.label for r in records] == ["overclaim", "ok"]
    assert json.loads(response.text.splitlines()[0])["source"].startswith("reader feedback ")
    with api.db.read() as conn:
        assert [row["action"] for row in audit.recent(conn)][0] == "feedback.export"
