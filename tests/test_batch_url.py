"""`overclaim batch` with {"id", "url"} records, fetched from a site on loopback (the only network touched)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
from conftest import OVERCLAIMING_SEED, seed
from loopback_site import Site
from test_batch_cli import batch, by_id, write_jsonl
from test_fetch_score import LOOPBACK, TITLE, app_client

from cli.batch_work import fetched
from server.errors import ApiError
from server.settings import PROJECT_ROOT, Settings

SHORT = "A small trial found a modest effect."


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with Site(seed(OVERCLAIMING_SEED), TITLE) as running:
        yield running


def http_answer(settings: Settings, url: str) -> dict[str, Any]:
    """What POST /v1/score {url} answers for the same page, loopback allowlisted."""
    allowed = Settings.from_env({}, model_dir=settings.model_dir, fetch_allowlist=LOOPBACK)
    with app_client(allowed) as client:
        response = client.post("/v1/score", json={"url": url})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_url_records_are_fetched_and_scored_by_two_workers(tmp_path: Path, site: Site, settings: Settings) -> None:
    url, missing = site.url("/article"), site.url("/no-such-page")
    source = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "text", "text": SHORT}, {"id": "page", "url": url}, {"id": "gone", "url": missing},
    ])
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "OVERCLAIM_FETCH_ALLOWLIST": "127.0.0.1/32"}
    command = [sys.executable, "-m", "cli.main", "batch", str(source), "-o", str(out), "--workers", "2", "--chunk-size", "1"]
    done = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert "2 scored, 1 error records, 0 bad lines" in done.stdout
    rows = by_id(out)
    assert list(rows) == ["text", "page", "gone"]
    assert rows["gone"] == {"id": "gone", "error": {"code": "fetch_failed", "message": rows["gone"]["error"]["message"]}}
    page = rows.pop("page")
    text = page["source"]["text"]
    assert page["source"]["url"] == url and TITLE in page["source"]["title"]
    assert page["document"]["label"] == "overclaiming" and page["matches"]
    for match in page["matches"]:
        assert text[match["start"] : match["end"]] == match["text"]
    assert {k: v for k, v in page.items() if k != "id"} == http_answer(settings, url)
    assert site.hits.get("/article") == 2 and site.hits.get("/no-such-page") == 1


def test_a_refused_address_is_an_error_record_and_never_fetched(
    tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OVERCLAIM_FETCH_ALLOWLIST", raising=False)
    before = site.total
    lines = [{"id": "loop", "url": site.url("/article")}, {"id": "named", "url": site.url("/article", host="localhost")},
             {"id": "ftp", "url": "ftp://example.org/a"}, {"id": "ok", "text": SHORT}]
    out = tmp_path / "out.jsonl"
    status, summary, _ = batch(capsys, write_jsonl(tmp_path / "in.jsonl", lines), "-o", out, "--workers", "1")
    assert status == 1 and "1 scored, 3 error records, 0 bad lines" in summary
    rows = by_id(out)
    assert [rows[i]["error"]["code"] for i in ("loop", "named", "ftp")] == ["url_forbidden", "url_forbidden", "url_scheme_not_allowed"]
    assert set(rows["loop"]) == {"id", "error"} and set(rows["loop"]["error"]) == {"code", "message"}
    assert rows["ok"]["document"]["sentences"] == 1
    assert site.total == before


def test_the_fetcher_reads_the_allowlist_and_url_limit_from_the_environment(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OVERCLAIM_FETCH_ALLOWLIST", "127.0.0.1/32")
    assert "Microdosing" in fetched(site.url("/article")).text
    monkeypatch.setenv("OVERCLAIM_MAX_URL_CHARS", "20")
    with pytest.raises(ApiError) as refused:
        fetched(site.url("/article"))
    assert refused.value.code == "url_too_long"
