"""Pytest fixtures for the extension's end-to-end tests (imported by those test modules)."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

from extension_harness import (
    CHROMIUM, CHROMIUM_ARGS, EXTENSION, LiveService, article_page, flat_text, html_route, paragraphs,
    serve_routes, user_data_dir,
)
from conftest import CAUTIOUS_SEED, OVERCLAIMING_SEED, seed
from tests.live import live_process

INLINE_HTML = (
    "<p>Our reporter visited the clinic.</p>"
    "<p><b>Numerous <em>studies</em> have</b> <a href='#'>proven</a> that this <span><i>miracle</i> herb</span>"
    " completely <strong>cures <u>depression</u></strong> in every patient. The trial enrolled 40 adults and found a small effect.</p>"
)
INLINE_FLAT = (
    "Our reporter visited the clinic.\n\nNumerous studies have proven that this miracle herb completely cures depression"
    " in every patient. The trial enrolled 40 adults and found a small effect."
)
EMOJI_FLAT = "Lab notes 🧪🔬 from the 𝒜 team 👩🏽‍🔬.\n\nNumerous studies have shown that green tea cures cancer. Others disagree with that."
HIDDEN_EXTRAS = (
    "<div hidden>This hidden miracle pill cures all cancers.</div>"
    "<div style='display:none'>Doctors agree it always works.</div>"
    "<div contenteditable='true'>Studies prove this editable claim.</div><script>var claim = 'cures everything';</script>"
)

LONG_REPEATS = 14  # the seed 14 times: over the extension's 50,000 characters per request


def _page(body: str, title: str = "Test page") -> str:
    return f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head><body><article>{body}</article></body></html>'


def pages() -> dict[str, tuple[str, str]]:
    """path -> (html, the flat text the extension should read from it)."""
    over = paragraphs(seed(OVERCLAIMING_SEED))
    calm = paragraphs(seed(CAUTIOUS_SEED))
    article = article_page(over[0], over[1:]).replace("</h1>", "</h1>" + HIDDEN_EXTRAS, 1)
    return {
        "/article": (article, flat_text(over[0], over[1:])),
        "/cautious": (article_page(calm[0], calm[1:]), flat_text(calm[0], calm[1:])),
        "/inline": (_page(INLINE_HTML), INLINE_FLAT),
        "/emoji": (_page("".join(f"<p>{p}</p>" for p in EMOJI_FLAT.split("\n\n"))), EMOJI_FLAT),
        "/long": (article_page(over[0], over[1:] * LONG_REPEATS), flat_text(over[0], over[1:] * LONG_REPEATS)),
    }


class Browser:
    """Chromium with the extension loaded, and a page of the extension to act from."""

    def __init__(self, context: Any) -> None:
        self.context = context
        worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
        self.worker = worker
        self.id = worker.url.split("/")[2]
        self.control = context.new_page()
        self.control.goto(f"chrome-extension://{self.id}/options/options.html")

    def settings(self, **values: Any) -> None:
        self.worker.evaluate("v => chrome.storage.local.set(v)", values)

    def open(self, url: str) -> Any:
        page = self.context.new_page()
        page.goto(url)
        return page

    def tab_id(self, page: Any) -> int:
        return self.control.evaluate("async url => (await chrome.tabs.query({url}))[0].id", page.url)

    def send(self, message: dict[str, Any]) -> Any:
        return self.control.evaluate("m => chrome.runtime.sendMessage(m)", message)

    def check(self, page: Any, scope: str | None = None) -> Any:
        message = {"type": "overclaim:check-tab", "tabId": self.tab_id(page)} | ({"scope": scope} if scope else {})
        return self.send(message)

    def clear(self, page: Any) -> Any:
        return self.control.evaluate("id => chrome.tabs.sendMessage(id, {type: 'overclaim:clear'})", self.tab_id(page))


def highlighted(page: Any) -> list[str]:
    """The text of each highlighted match, in index order, joined across its marks."""
    return page.evaluate("""() => {
      const byIndex = new Map();
      for (const m of document.querySelectorAll('mark[data-overclaim="match"]')) {
        const i = Number(m.dataset.overclaimIndex);
        byIndex.set(i, (byIndex.get(i) ?? '') + m.textContent);
      }
      return [...byIndex.keys()].sort((a, b) => a - b).map(i => byIndex.get(i));
    }""")


def cue_marks(page: Any) -> list[list[str]]:
    return page.evaluate("() => [...document.querySelectorAll('mark[data-overclaim-cue]')].map(m => [m.dataset.overclaimCue, m.textContent])")


def expected(service: LiveService, text: str) -> dict[str, Any]:
    reply = httpx.post(f"{service.url}/v1/score", json={"text": text, "offset_encoding": "utf16"}, timeout=30)
    reply.raise_for_status()
    return reply.json()


def ensure_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install -y chromium)")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    data_dir = tmp_path_factory.mktemp("overclaim-data")
    with live_process({"OVERCLAIM_DATA_DIR": str(data_dir)}) as (url, process):
        yield LiveService(url, data_dir, process)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve_routes({path: html_route(page) for path, (page, _) in pages().items()}) as url:
        yield url


@pytest.fixture(scope="module")
def browser(service: LiveService) -> Iterator[Browser]:
    ensure_chromium()
    from playwright.sync_api import sync_playwright

    data_dir = user_data_dir()
    with sync_playwright() as p:
        args = [*CHROMIUM_ARGS, f"--disable-extensions-except={EXTENSION}", f"--load-extension={EXTENSION}"]
        context = p.chromium.launch_persistent_context(data_dir, executable_path=CHROMIUM, headless=True, args=args)
        b = Browser(context)
        b.settings(serverUrl=service.url)
        yield b
        context.close()
    shutil.rmtree(data_dir, ignore_errors=True)

