"""URL to the text that gets scored: fetch on the event loop, extract off it, then the usual text limits."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from anyio import CapacityLimiter, to_thread

from server.errors import ApiError
from server.fetch.client import FetchLimits, fetch
from server.fetch.extract import extract
from server.fetch.resolve import Resolver
from server.settings import Settings
from server.validation import text_field


@dataclass(frozen=True)
class Source:
    url: str
    final_url: str
    title: str | None
    text: str

    def as_json(self) -> dict[str, Any]:
        return {"url": self.url, "final_url": self.final_url, "title": self.title, "text": self.text}


async def fetch_source(url: str, settings: Settings, resolver: Resolver, limiter: CapacityLimiter) -> Source:
    page = await fetch(url, FetchLimits.from_settings(settings), resolver)
    extracted = await to_thread.run_sync(extract, page, limiter=limiter)
    if not extracted.text.strip():
        raise ApiError(422, "no_text_extracted", "no article text was found on the page; paste its text instead")
    text = text_field(extracted.text, settings.max_text_chars, field="source.text")
    return Source(url, page.final_url, extracted.title, text)
