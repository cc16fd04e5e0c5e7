"""The extension's popup, tooltip, feedback and failure messages in real Chromium."""
from __future__ import annotations

import json
import sqlite3
import time
from typing import Any, Iterator

import httpx
import pytest

from extension_fixtures import Browser, browser, expected, pages, service, site  # noqa: F401
from extension_harness import ARTIFACTS, LiveService, json_body, serve_routes
from tests.live import free_port

XSS = "<img src=x onerror=alert(1)>"
TOOLTIP = "[data-overclaim-tooltip]"


def popup_for(browser: Browser, page: Any) -> Any:
    popup = browser.context.new_page()
    popup.goto(f"chrome-extension://{browser.id}/popup/popup.html?tabId={browser.tab_id(page)}")
    return popup


@pytest.fixture()
def article(browser: Browser, site: str) -> Iterator[Any]:
    page = browser.open(f"{site}/article")
    yield page
    page.close()


def test_popup_check_button_lists_and_scrolls(browser: Browser, service: LiveService, article: Any) -> None:
    want = expected(service, pages()["/article"][1])
    popup = popup_for(browser, article)
    popup.set_viewport_size({"width": 400, "height": 640})
    popup.click("#check")
    popup.locator("#summary").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    popup.screenshot(path=str(ARTIFACTS / "extension-popup.png"))
    items = popup.locator("#matches li button")
    assert items.all_text_contents() == [m["text"] for m in want["matches"]]
    assert popup.locator("#doc-score").text_content() == f"Score {want['document']['score']:.2f}"
    counts = popup.locator("#categories li").all_text_contents()
    assert sum(int(c.rsplit(": ", 1)[1]) for c in counts) == sum(len(m["categories"]) for m in want["matches"])
    last = len(want["matches"]) - 1
    items.nth(last).click()
    article.wait_for_function(
        "i => { const r = document.querySelector(`mark[data-overclaim-index=\"${i}\"]`).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }", arg=last)
    popup.close()


def test_tooltip_shows_categories_message_score_and_suggestion(browser: Browser, service: LiveService, article: Any) -> None:
    want = expected(service, pages()["/article"][1])["matches"]
    assert browser.check(article)["status"] == "done"
    with_suggestion = next(i for i, m in enumerate(want) if m["suggestion"])
    article.hover(f'mark[data-overclaim="match"][data-overclaim-index="{with_suggestion}"]')
    card = article.locator(f"{TOOLTIP} .card")
    card.wait_for()
    match = want[with_suggestion]
    assert card.locator(".cat").all_text_contents() == [c.replace("_", " ") for c in match["categories"]]
    assert card.locator(".message").text_content() == match["message"]
    assert card.locator(".score").text_content() == f"Score {match['score']:.2f}"
    assert card.locator(".suggestion").text_content() == f"Try: “{match['suggestion']}”"
    assert card.locator("button").text_content() == "Not an overclaim"
    assert article.evaluate("() => document.body.contains(document.querySelector('[data-overclaim-tooltip]'))") is False


def _feedback_rows(service: LiveService) -> list[dict[str, Any]]:
    db = sqlite3.connect(service.data_dir / "overclaim.db")
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute("SELECT id, text, verdict, categories, url, model_version, status FROM feedback")]
    finally:
        db.close()


def test_not_an_overclaim_stores_a_feedback_row(browser: Browser, service: LiveService, article: Any) -> None:
    assert browser.check(article)["status"] == "done"
    want = expected(service, pages()["/article"][1])
    first = want["matches"][0]
    article.hover('mark[data-overclaim="match"][data-overclaim-index="0"]')
    article.locator(f"{TOOLTIP} button").click()
    status = article.locator(f"{TOOLTIP} .status")
    status.filter(has_text="Thanks").wait_for()
    [row] = _feedback_rows(service)
    assert row["text"] == first["text"] and row["verdict"] == "ok" and row["status"] == "pending"
    assert json.loads(row["categories"]) == first["categories"]
    assert row["url"] == article.url
    assert row["model_version"] == want["model"]["version"]


def _xss_proxy(service: LiveService) -> Any:
    def score(handler: Any) -> None:
        reply = httpx.post(f"{service.url}/v1/score", json=json_body(handler), timeout=30).json()
        for match in reply["matches"]:
            match["message"] = match["suggestion"] = XSS
        handler.reply(200, httpx.Response(200, json=reply).content, "application/json")
    return serve_routes({"/v1/score": score})


def test_server_text_with_markup_renders_as_literal_text(browser: Browser, service: LiveService, article: Any) -> None:
    dialogs: list[str] = []
    article.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with _xss_proxy(service) as stub:
        browser.settings(serverUrl=stub)
        try:
            assert browser.check(article)["status"] == "done"
        finally:
            browser.settings(serverUrl=service.url)
    article.hover('mark[data-overclaim="match"]')
    card = article.locator(f"{TOOLTIP} .card")
    card.wait_for()
    assert card.locator(".message").text_content() == XSS
    assert card.locator(".suggestion").text_content() == f"Try: “{XSS}”"
    assert article.evaluate("() => document.querySelectorAll('img').length + document.querySelector('[data-overclaim-tooltip]').shadowRoot.querySelectorAll('img').length") == 0
    article.wait_for_timeout(300)  # give a wrongly created <img> time to fail loading and fire onerror
    assert dialogs == []


def test_server_down_shows_a_clear_error_in_the_popup(browser: Browser, service: LiveService, article: Any) -> None:
    down = f"http://127.0.0.1:{free_port()}"
    browser.settings(serverUrl=down)
    try:
        popup = popup_for(browser, article)
        popup.click("#check")
        error = popup.locator("#error")
        error.wait_for()
        assert f"Cannot reach the Overclaim server at {down}" in error.text_content()
    finally:
        browser.settings(serverUrl=service.url)
    assert article.evaluate("() => document.querySelectorAll('mark').length") == 0


def test_slow_server_times_out_with_a_message(browser: Browser, service: LiveService, article: Any) -> None:
    def slow(handler: Any) -> None:
        time.sleep(4)
        handler.reply(200, b"{}", "application/json")
    with serve_routes({"/v1/score": slow}) as stub:
        browser.settings(serverUrl=stub, timeoutMs=1000)
        try:
            state = browser.check(article)
        finally:
            browser.settings(serverUrl=service.url, timeoutMs=20000)
    assert state["status"] == "error"
    assert state["message"] == f"The Overclaim server at {stub} did not answer within 1 s. Try again, or check the server."


def test_options_page_saves_the_server_origin_and_choices(browser: Browser, service: LiveService) -> None:
    options = browser.context.new_page()
    options.goto(f"chrome-extension://{browser.id}/options/options.html")
    try:
        options.fill("#serverUrl", f"{service.url}/ignored/path")
        options.uncheck("#useModelThreshold")
        options.locator("#threshold").fill("0.8")
        options.uncheck("#categories input[value=hype]")
        options.click("button[type=submit]")
        options.locator("#saved").filter(has_text="Saved.").wait_for()
        stored = browser.worker.evaluate("() => chrome.storage.local.get(null)")
        assert stored["serverUrl"] == service.url
        assert stored["threshold"] == 0.8
        assert "hype" not in stored["categories"] and "causal" in stored["categories"]
    finally:
        browser.worker.evaluate("() => chrome.storage.local.remove(['threshold', 'categories'])")
        browser.settings(serverUrl=service.url)
        options.close()


def test_popup_removes_highlights(browser: Browser, article: Any) -> None:
    before = article.evaluate("() => document.body.innerHTML")
    popup = popup_for(browser, article)
    popup.click("#check")
    popup.locator("#summary").wait_for()
    assert article.evaluate("() => document.querySelectorAll('mark').length") > 0
    popup.click("#clear")
    popup.locator("#summary").wait_for(state="hidden")
    assert article.evaluate("() => document.body.innerHTML") == before
    popup.close()
