"""Durability and concurrency: rows survive a restart; concurrent writers lose nothing and store a key once."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import sqlalchemy as sa
from starlette.testclient import TestClient

from server.app import create_app
from server.db import Database, database_url, feedback, keys, make_engine
from server.db.schema import feedback as feedback_table
from server.feedback_validation import submission
from tests.db_fixtures import Api, settings_for

SENTENCE = "This supplement is proven to reverse aging."


def _count(db: Database) -> int:
    with db.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(feedback_table)).scalar_one())


def test_feedback_survives_a_restart_on_the_same_sqlite_file(tmp_path: Path) -> None:
    settings = settings_for("", tmp_path / "fresh" / "data")
    with TestClient(create_app(settings)) as client:
        feedback_id = client.post("/v1/feedback", json={"text": SENTENCE, "verdict": "overclaim"}).json()["id"]
    assert (tmp_path / "fresh" / "data" / "overclaim.db").is_file()
    with TestClient(create_app(settings)) as client:
        db = Database(make_engine(database_url(settings)))
        with db.write() as conn:
            _, token = keys.create(conn, "moderator", "test")
        db.close()
        items = client.get("/v1/feedback", headers={"Authorization": f"Bearer {token}"}).json()["items"]
    assert [(i["id"], i["text"]) for i in items] == [(feedback_id, SENTENCE)]


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    db = Database(make_engine(database_url(settings_for("", tmp_path)), busy_timeout_ms=1234))
    with db.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 1234
    db.close()


def test_concurrent_writers_lose_no_rows(db: Database, db_url: str) -> None:
    writers = [db] + [Database(make_engine(sa.engine.make_url(db_url), 30_000)) for _ in range(3)]  # like other processes

    def write_many(n: int) -> list[int]:
        target = writers[n % len(writers)]
        ids = []
        for i in range(25):
            with target.write() as conn:
                ids.append(feedback.insert(conn, submission({"text": f"{n}-{i} {SENTENCE}", "verdict": "ok"}, 1000, 100))[0])
        return ids

    with ThreadPoolExecutor(8) as pool:
        ids = [i for batch in pool.map(write_many, range(8)) for i in batch]
    assert len(set(ids)) == 200 and _count(db) == 200
    for other in writers[1:]:
        other.close()


def test_concurrent_retries_under_one_key_store_once(api: Api) -> None:
    start = threading.Barrier(6)

    def send(_: int) -> tuple[int, int]:
        start.wait()
        response = api.client.post("/v1/feedback", json={"text": SENTENCE, "verdict": "ok"}, headers={"Idempotency-Key": "same"})
        return response.status_code, response.json()["id"]

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(send, range(6)))
    assert {status for status, _ in results} == {201}
    assert len({feedback_id for _, feedback_id in results}) == 1
    assert _count(api.db) == 1
