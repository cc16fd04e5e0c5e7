"""The extension in real Chromium against the real service: highlights are the server's matches."""
from __future__ import annotations

from typing import Any

from extension_fixtures import Browser, browser, cue_marks, expected, highlighted, pages, service, site  # noqa: F401
from extension_harness import ARTIFACTS, LiveService

BODY_STATE = "() => ({html: document.body.innerHTML, text: document.body.textContent, nodes: document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT).nextNode() && [...document.body.querySelectorAll('*')].reduce((n, el) => n + [...el.childNodes].filter(c => c.nodeType === 3).length, 0)})"


def check_page(browser: Browser, service: LiveService, site: str, path: str) -> tuple[Any, dict[str, Any], dict[str, Any], dict[str, Any]]:
    page = browser.open(f"{site}{path}")
    before = page.evaluate(BODY_STATE)
    state = browser.check(page)
    return page, before, state, expected(service, pages()[path][1])


def test_article_highlights_exactly_the_servers_matches(browser: Browser, service: LiveService, site: str) -> None:
    page, before, state, want = check_page(browser, service, site, "/article")
    assert state["status"] == "done", state
    assert len(want["matches"]) >= 3
    assert highlighted(page) == [m["text"] for m in want["matches"]]
    assert sorted(map(tuple, cue_marks(page))) == sorted((c["category"], c["text"]) for m in want["matches"] for c in m["cues"])
    assert page.evaluate("() => document.querySelectorAll('nav mark, footer mark, aside mark, [hidden] mark').length") == 0
    assert page.evaluate("() => document.body.textContent") == before["text"]
    assert state["document"]["score"] == want["document"]["score"]
    assert state["document"]["flagged"] == want["document"]["flagged"]
    assert [m["text"] for m in state["matches"]] == [m["text"] for m in want["matches"]]
    browser.clear(page)
    assert page.evaluate(BODY_STATE) == before, "removing the highlights restores the DOM"
    assert browser.check(page)["status"] == "done"
    page.hover('mark[data-overclaim="match"]')
    page.locator("[data-overclaim-tooltip] .card").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "extension-article.png"))
    page.close()


def test_nested_inline_markup_highlights_across_elements(browser: Browser, service: LiveService, site: str) -> None:
    page, before, state, want = check_page(browser, service, site, "/inline")
    assert [m["text"] for m in want["matches"]] == [
        "Numerous studies have proven that this miracle herb completely cures depression in every patient."
    ]
    assert highlighted(page) == [m["text"] for m in want["matches"]]
    assert page.evaluate("() => document.querySelectorAll('mark[data-overclaim=\"match\"]').length") >= 8
    assert page.evaluate("() => document.querySelector('b mark[data-overclaim-cue]')?.textContent") == "Numerous "
    assert ["causal", "cures "] in cue_marks(page) or ["causal", "cures"] in cue_marks(page)
    assert page.evaluate("() => document.body.textContent") == before["text"]
    browser.clear(page)
    assert page.evaluate(BODY_STATE) == before
    page.close()


def test_emoji_before_the_sentence_highlights_it_exactly(browser: Browser, service: LiveService, site: str) -> None:
    page, before, state, want = check_page(browser, service, site, "/emoji")
    text = pages()["/emoji"][1]
    [match] = want["matches"]
    assert match["start"] > len(text[: text.index("Numerous")].encode("utf-16-le")) // 2 - 1 > text.index("Numerous")
    assert highlighted(page) == ["Numerous studies have shown that green tea cures cancer."]
    assert page.evaluate("() => document.body.textContent") == before["text"]
    page.close()


def test_cautious_seed_gets_no_marks(browser: Browser, service: LiveService, site: str) -> None:
    page, before, state, want = check_page(browser, service, site, "/cautious")
    assert want["matches"] == []
    assert state["status"] == "done" and state["matches"] == []
    assert page.evaluate("() => document.querySelectorAll('mark').length") == 0
    assert page.evaluate(BODY_STATE) == before
    page.close()


def test_selected_text_is_checked_alone(browser: Browser, service: LiveService, site: str) -> None:
    page = browser.open(f"{site}/inline")
    page.evaluate("""() => {
      const p = document.querySelectorAll('p')[1];
      const range = document.createRange();
      range.setStart(p.firstChild.firstChild, 0);
      range.setEnd(p.lastChild, p.lastChild.data.indexOf('The trial'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    }""")
    selected = page.evaluate("() => getSelection().toString()")
    state = browser.check(page, scope="selection")
    want = expected(service, selected)
    assert state["scope"] == "selection"
    assert highlighted(page) == [m["text"] for m in want["matches"]] != []
    assert page.evaluate("() => document.querySelectorAll('p')[0].querySelectorAll('mark').length") == 0
    page.close()


def test_long_page_is_scored_in_chunks_and_fully_highlighted(browser: Browser, service: LiveService, site: str) -> None:
    text = pages()["/long"][1]
    assert len(text) > 50_000
    page, before, state, want = check_page(browser, service, site, "/long")
    assert state["status"] == "done"
    assert highlighted(page) == [m["text"] for m in want["matches"]]
    assert state["document"]["sentences"] == want["document"]["sentences"]
    assert page.evaluate("() => document.body.textContent") == before["text"]
    badge = browser.worker.evaluate("id => chrome.action.getBadgeText({tabId: id})", browser.tab_id(page))
    assert badge == str(len(want["matches"]))
    page.close()


def test_opted_in_site_is_checked_on_load(browser: Browser, site: str) -> None:
    browser.settings(autoSites=[site])
    try:
        page = browser.open(f"{site}/inline")
        page.locator('mark[data-overclaim="match"]').first.wait_for()
    finally:
        browser.settings(autoSites=[])
    assert highlighted(page) == ["Numerous studies have proven that this miracle herb completely cures depression in every patient."]
    page.close()
