"""The extension's end-to-end harness: the real service, loopback pages, Chromium with the extension."""
from __future__ import annotations

import contextlib
import html
import json
import re
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator

from server.settings import PROJECT_ROOT

EXTENSION = PROJECT_ROOT / "extension"
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = PROJECT_ROOT / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps",
]


@dataclass
class LiveService:
    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def article_page(title: str, paras: list[str], lang: str = "en") -> str:
    """An article with navigation, an aside and a footer around it, all of them overclaiming."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        "<style>body{font:17px/1.6 Georgia,serif;max-width:760px;margin:20px auto;color:#222}"
        "nav,footer,aside{font:13px sans-serif;color:#666}</style></head><body>"
        '<nav><a href="#">Home</a> <a href="#">This miracle supplement cures every disease, guaranteed!</a></nav>'
        f"<article><h1>{html.escape(title)}</h1>{body}</article>"
        "<aside>Scientists agree this superfood will definitely reverse aging.</aside>"
        "<footer>Proven by all experts to cure anxiety overnight. © Example</footer>"
        "</body></html>"
    )


def flat_text(title: str, paras: list[str]) -> str:
    """What the extension should send for `article_page`: blocks joined by a blank line."""
    return "\n\n".join([title, *paras])


class _Pages(BaseHTTPRequestHandler):
    routes: dict[str, Callable[["_Pages"], None]] = {}

    def _dispatch(self) -> None:
        handler = self.routes.get(self.path.split("?")[0])
        if handler is None:
            self.send_error(404)
        else:
            handler(self)

    do_GET = do_POST = _dispatch

    def reply(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
            self.wfile.write(body)

    def log_message(self, *args: Any) -> None:  # quiet
        pass


@contextlib.contextmanager
def serve_routes(routes: dict[str, Callable[[Any], None]]) -> Iterator[str]:
    """A threaded loopback HTTP server answering `routes`; yields its base URL."""
    handler = type("Routes", (_Pages,), {"routes": routes})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def html_route(page: str) -> Callable[[Any], None]:
    return lambda h: h.reply(200, page.encode("utf-8"), "text/html; charset=utf-8")


def json_body(handler: Any) -> Any:
    length = int(handler.headers.get("Content-Length", "0"))
    return json.loads(handler.rfile.read(length) or b"null")


def user_data_dir() -> str:
    return tempfile.mkdtemp(prefix="overclaim-chromium-")
