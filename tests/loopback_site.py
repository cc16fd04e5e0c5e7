"""A small threaded HTTP site on 127.0.0.1 (free port) that URL-scoring tests fetch from; it counts every request."""
from __future__ import annotations

import gzip
import html
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qs, urlsplit

NAV = '<nav><ul><li><a href="/">Home</a></li><li><a href="/health">Health news menu</a></li></ul></nav>'
FOOTER = "<footer><p>Copyright 2026 Example Wellness Media. All rights reserved. Subscribe to our newsletter.</p></footer>"
COMMENTS = '<div id="comments" class="comments"><h3>Comments</h3><p>Reader comment: amazing, buy it now!</p></div>'


def article_html(title: str, body: str) -> str:
    """The text's paragraphs as an article page between navigation, comments and a footer."""
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    inner = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head><body>"
        f"{NAV}<main><article><h1>{html.escape(title)}</h1>{inner}</article></main>{COMMENTS}{FOOTER}</body></html>"
    )


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that hang up early (cut-off bodies, deadlines) are expected here, not worth a traceback."""


class Site:
    """Routes are path -> handler(request handler); `hits` counts requests per path (and in total)."""

    def __init__(self, article: str, title: str) -> None:
        self.article = article_html(title, article)
        self.hits: dict[str, int] = {}
        self.hosts: list[str] = []
        self.lock = threading.Lock()
        self.bomb = gzip.compress(b" " * 20_000_000, compresslevel=9)
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.hits.values())

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def __enter__(self) -> "Site":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                with site.lock:
                    site.hits[path] = site.hits.get(path, 0) + 1
                    site.hosts.append(self.headers.get("Host", ""))
                ROUTES.get(path, _not_found)(site, self)

        return Handler


Handler = BaseHTTPRequestHandler


def _send(handler: Handler, status: int, body: bytes, content_type: str, **headers: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(body)


def _query(handler: Handler, name: str) -> str:
    return parse_qs(urlsplit(handler.path).query).get(name, [""])[0]


def _not_found(site: Site, handler: Handler) -> None:
    _send(handler, 404, b"<html><body><p>Not found</p></body></html>", "text/html")


def _article(site: Site, handler: Handler) -> None:
    _send(handler, 200, site.article.encode("utf-8"), "text/html; charset=utf-8")


def _plain(site: Site, handler: Handler) -> None:
    _send(handler, 200, "Scientists have discovered a miracle cure that works for everyone.".encode(), "text/plain; charset=utf-8")


def _empty(site: Site, handler: Handler) -> None:
    _send(handler, 200, b"<!doctype html><html><head><title>Nothing</title></head><body></body></html>", "text/html")


def _json(site: Site, handler: Handler) -> None:
    _send(handler, 200, b'{"text": "Scientists have discovered a miracle cure."}', "application/json")


def _typed(site: Site, handler: Handler) -> None:
    """/typed?type=T serves the article as type T (no Content-Type header at all when T is empty)."""
    body = site.article.encode("utf-8")
    handler.send_response(200)
    if _query(handler, "type"):
        handler.send_header("Content-Type", _query(handler, "type"))
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _big(site: Site, handler: Handler) -> None:
    _send(handler, 200, site.article.encode("utf-8") + b"<!--" + b"x" * 3_000_000 + b"-->", "text/html")


def _bomb(site: Site, handler: Handler) -> None:
    _send(handler, 200, site.bomb, "text/html", Content_Encoding="gzip")


def _redirect(site: Site, handler: Handler) -> None:
    """/redirect?to=URL answers 302 to URL; /redirect?hops=N chains N more redirects, then the article."""
    hops = int(_query(handler, "hops") or 0)
    target = _query(handler, "to") or (f"/redirect?hops={hops - 1}" if hops > 1 else "/article")
    _send(handler, 302, b"", "text/html", Location=target)


def _slow(site: Site, handler: Handler) -> None:
    """A byte every 0.1 s of a long page: each read is quick, only a total deadline stops it."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    try:
        for _ in range(100):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass


ROUTES: dict[str, Callable[[Site, Handler], None]] = {
    "/article": _article, "/plain": _plain, "/empty": _empty, "/json": _json, "/big": _big,
    "/bomb": _bomb, "/redirect": _redirect, "/slow": _slow, "/typed": _typed,
}
