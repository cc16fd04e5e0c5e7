"""A fetched page's title and main text, by trafilatura: no navigation, footers or comments."""
from __future__ import annotations

from dataclasses import dataclass

from server.fetch.client import Page


@dataclass(frozen=True)
class Extracted:
    title: str | None
    text: str


def _decoded(page: Page) -> str | bytes:
    """Text in the charset the server named; bytes (for trafilatura to sniff) when it named none or a bad one."""
    if page.charset is None:
        return page.body
    try:
        return page.body.decode(page.charset)
    except (LookupError, UnicodeDecodeError):
        return page.body


def _html(page: Page) -> Extracted:
    # Imported on the first HTML page, not at start: with lxml it is about 0.06 s of the service's cold
    # start (README, "How fast it is"), and only URL scoring needs it.
    import trafilatura

    document = trafilatura.bare_extraction(
        _decoded(page), url=page.final_url, with_metadata=True, include_comments=False,
        include_images=False, include_links=False, include_formatting=False,
    )
    if document is None:
        return Extracted(None, "")
    return Extracted(getattr(document, "title", None) or None, getattr(document, "text", None) or "")


def extract(page: Page) -> Extracted:
    """Blocking (lxml parsing): run it off the event loop."""
    if page.is_html:
        return _html(page)
    body = _decoded(page)
    text = body if isinstance(body, str) else body.decode("utf-8", errors="replace")
    return Extracted(None, text)
