"""The page at `/`, in real headless Chromium against the real server on loopback."""
from __future__ import annotations

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
def server() -> Iterator[str]:
    with live_server() as url:
        yield url


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
