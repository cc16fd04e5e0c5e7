"""The page at `/`, in real headless Chromium against the real server on loopback."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from server.settings import PROJECT_ROOT
from tests.conftest import CAUTIOUS_SEED, OVERCLAIMING_SEED, seed
from tests.live import live_server

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = PROJECT_ROOT / "artifacts"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("web-data"))


@pytest.fixture(scope="module")
def server(data_dir: str) -> Iterator[str]:
    with live_server({"OVERCLAIM_DATA_DIR": data_dir}) as url:
        yield url


@pytest.fixture(scope="module")
def trainer_key(data_dir: str, server: str) -> str:
    env = {**os.environ, "OVERCLAIM_DATA_DIR": data_dir}
    done = subprocess.run([sys.executable, "-m", "cli.main", "keys", "create", "--role", "trainer"],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def feedback_items(server: str, key: str, status: str) -> list[dict]:
    response = httpx.get(f"{server}/v1/feedback", params={"status": status, "limit": 100},
                         headers={"authorization": f"Bearer {key}"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["items"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "/")
    yield page
    context.close()


def check(page: Page, text: str) -> None:
    page.fill("#text", text)
    page.click("#check")
    page.wait_for_selector("#status[data-kind=done], #status[data-kind=error]")


def api_matches(server: str, text: str) -> list[dict]:
    body = {"text": text, "offset_encoding": "utf16"}
    return httpx.post(f"{server}/v1/score", json=body, timeout=30).json()["matches"]


def test_overclaiming_seed_is_highlighted_exactly(page: Page, server: str) -> None:
    text = seed(OVERCLAIMING_SEED)
    check(page, text)
    expected = api_matches(server, text)
    marks = page.locator("mark[data-overclaim=match]")
    assert expected and marks.all_inner_texts() == [m["text"] for m in expected]
    cues = page.locator("[data-overclaim-cue]")
    assert cues.all_inner_texts() == [c["text"] for m in expected for c in m["cues"]]
    assert page.eval_on_selector("#article", "a => a.textContent") == text
    assert "Overclaiming" in page.inner_text("#summary")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-page.png"), full_page=True)


def test_cautious_seed_gets_no_mark(page: Page) -> None:
    check(page, seed(CAUTIOUS_SEED))
    assert page.locator("mark[data-overclaim]").count() == 0
    assert page.inner_text("#status") == "Nothing flagged."


def test_tooltip_says_why(page: Page, server: str) -> None:
    text = "Numerous studies have shown that this miracle supplement cures anxiety in everyone."
    check(page, text)
    match = api_matches(server, text)[0]
    page.click("mark[data-overclaim=match]")
    tooltip = page.inner_text("#tooltip")
    assert f"score {match['score']:.2f}" in tooltip
    assert all(e["message"] in tooltip for e in match["explanations"])
    assert (match["suggestion"] or "") in tooltip
    assert "Not an overclaim" in tooltip


def test_markup_in_text_stays_text(page: Page) -> None:
    text = '<img src=x onerror="window.__xss=1"> Scientists agree this miracle cure works for everyone.'
    check(page, text)
    assert page.locator("#article img").count() == 0
    assert page.eval_on_selector("#article", "a => a.textContent") == text
    assert page.evaluate("window.__xss") is None


def test_emoji_before_a_flagged_sentence(page: Page, server: str) -> None:
    text = "🧪🧬 Lab notes 👩🏽‍🔬. Numerous studies have shown that this miracle tea cures anxiety."
    check(page, text)
    assert page.locator("mark[data-overclaim=match]").all_inner_texts() == [m["text"] for m in api_matches(server, text)]


def test_server_errors_are_shown(page: Page) -> None:
    check(page, "   ")
    assert page.get_attribute("#status", "data-kind") == "error"
    assert "empty_text" in page.inner_text("#status")


def test_page_forbids_inline_script(server: str) -> None:
    response = httpx.get(server + "/", timeout=10)
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_not_an_overclaim_stores_feedback(page: Page, server: str, trainer_key: str) -> None:
    text = "Everyone knows this detox tea cures bloating for good."
    check(page, text)
    match = api_matches(server, text)[0]
    page.click("mark[data-overclaim=match]")
    page.click("#tooltip .tip-feedback")
    page.wait_for_selector("#tooltip .tip-feedback:has-text('stored')")
    stored = [i for i in feedback_items(server, trainer_key, "pending") if i["text"] == match["text"]]
    assert [(i["verdict"], i["categories"]) for i in stored] == [("ok", match["categories"])]


def load_queue(page: Page, key: str) -> None:
    page.fill("#review-key", key)
    page.click("#review-load")
    page.wait_for_selector("#review-status:not(:has-text('Loading'))")


def test_review_queue_accepts_a_report(page: Page, server: str, trainer_key: str) -> None:
    sent = httpx.post(f"{server}/v1/feedback", json={"text": "Studies show garlic clears colds.", "verdict": "ok"}, timeout=10)
    item_id = sent.json()["id"]
    load_queue(page, trainer_key)
    row = page.locator(f".review-item[data-id='{item_id}']")
    row.locator(".review-accept").click()
    page.wait_for_selector(f".review-item[data-id='{item_id}'][data-state=reviewed]")
    reviewed = {i["id"]: i for i in feedback_items(server, trainer_key, "reviewed")}
    assert reviewed[item_id]["status"] == "reviewed"


def test_review_queue_corrects_to_an_overclaim_with_its_cue(page: Page, server: str, trainer_key: str) -> None:
    text = "🌿🌿 This root tea melts belly fat overnight."
    item_id = httpx.post(f"{server}/v1/feedback", json={"text": text, "verdict": "ok"}, timeout=10).json()["id"]
    load_queue(page, trainer_key)
    row = page.locator(f".review-item[data-id='{item_id}']")
    row.locator(".review-label").select_option("overclaim")
    row.locator("input[value=causal]").check()
    row.locator(".review-cue").fill("melts belly fat")
    row.locator(".review-save").click()
    page.wait_for_selector(f".review-item[data-id='{item_id}'][data-state=reviewed]")
    export = httpx.get(f"{server}/v1/feedback/export", params={"doc": "web-review"},
                       headers={"authorization": f"Bearer {trainer_key}"}, timeout=10)
    records = [json.loads(line) for line in export.text.splitlines() if line.strip()]
    (record,) = [r for r in records if r["text"] == text]
    (start, end), = record["cues"]
    assert (record["label"], record["categories"], text[start:end]) == ("overclaim", ["causal"], "melts belly fat")


def test_review_queue_refuses_a_wrong_key(page: Page) -> None:
    load_queue(page, "ovc_not-a-key")
    assert page.inner_text("#review-status").endswith("(unauthorized)")
    assert page.locator(".review-item").count() == 0
