"""POST /v1/score {"url"} through the real app against a site served on loopback (the only network touched)."""
from __future__ import annotations

import contextlib
import dataclasses
import shutil
import socket
import ssl
import subprocess
import threading
from ipaddress import ip_network
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

import pytest
from conftest import OVERCLAIMING_SEED, seed
from loopback_site import COMMENTS, FOOTER, Site
from starlette.testclient import TestClient

from server.app import create_app
from server.settings import Settings

TITLE = "Breaking the Stigma: Microdosing"
LOOPBACK = (ip_network("127.0.0.1/32"),)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with Site(seed(OVERCLAIMING_SEED), TITLE) as running:
        yield running


def app_client(settings: Settings, **kwargs: Any) -> TestClient:
    unlimited = dataclasses.replace(settings, rate_limit_anon_rate=0.0, rate_limit_key_rate=0.0)
    return TestClient(create_app(unlimited, **kwargs), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def allowed(settings: Settings) -> Iterator[TestClient]:
    """Loopback allowlisted, with small limits so the limit tests stay small and quick."""
    limits = Settings.from_env({}, model_dir=settings.model_dir, fetch_allowlist=LOOPBACK,
                               fetch_max_bytes=500_000, fetch_timeout_seconds=1.5)
    with app_client(limits) as client:
        yield client


def post(client: TestClient, url: str, **options: Any) -> tuple[int, dict[str, Any]]:
    response = client.post("/v1/score", json={"url": url, **options})
    return response.status_code, response.json()


def error(client: TestClient, url: str) -> tuple[int, str]:
    status, body = post(client, url)
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    return status, body["error"]["code"]


def test_article_is_fetched_extracted_and_scored(allowed: TestClient, site: Site) -> None:
    url = site.url("/article")
    status, body = post(allowed, url)
    assert status == 200, body
    source = body["source"]
    assert source["url"] == url == source["final_url"]
    assert TITLE in source["title"]
    text = source["text"]
    assert "Microdosing involves taking small" in text
    for boilerplate in ("Health news menu", "All rights reserved", "Reader comment", "buy it now"):
        assert boilerplate not in text, boilerplate
    assert "Subscribe" in FOOTER and "buy it now" in COMMENTS
    assert body["document"]["label"] == "overclaiming" and body["matches"]
    for match in body["matches"]:
        assert text[match["start"] : match["end"]] == match["text"]
        for cue in match["cues"]:
            assert text[cue["start"] : cue["end"]] == cue["text"]


def test_article_offsets_in_utf16(allowed: TestClient, site: Site) -> None:
    status, body = post(allowed, site.url("/article"), offset_encoding="utf16", all_sentences=True)
    assert status == 200, body
    units = body["source"]["text"].encode("utf-16-le")
    for match in body["matches"]:
        assert units[2 * match["start"] : 2 * match["end"]].decode("utf-16-le") == match["text"]
    assert len(body["sentences"]) == body["document"]["sentences"]


def test_plain_text_page_is_scored_as_is(allowed: TestClient, site: Site) -> None:
    status, body = post(allowed, site.url("/plain"))
    assert status == 200, body
    assert body["source"]["text"].startswith("Scientists have discovered a miracle cure")
    assert body["source"]["title"] is None and body["matches"]


@pytest.mark.parametrize(("content_type", "status"), [
    ("text/html; charset=utf-8", 200), ("application/xhtml+xml", 200), ("TEXT/HTML", 200), ("text/plain", 200),
    ("application/pdf", 415), ("image/png", 415), ("text/css", 415), ("application/javascript", 415), ("", 415),
])
def test_only_html_and_text_pages_are_scored(allowed: TestClient, site: Site, content_type: str, status: int) -> None:
    got, body = post(allowed, site.url(f"/typed?type={quote(content_type)}"))
    assert got == status, body
    if status == 415:
        assert body["error"]["code"] == "unsupported_content_type"


def test_redirects_are_followed_and_final_url_reported(allowed: TestClient, site: Site) -> None:
    status, body = post(allowed, site.url("/redirect?hops=3"))
    assert status == 200, body
    assert body["source"]["final_url"] == site.url("/article")


def test_more_than_three_redirects_are_refused(allowed: TestClient, site: Site) -> None:
    assert error(allowed, site.url("/redirect?hops=4")) == (422, "too_many_redirects")


@pytest.mark.parametrize(("to", "status", "code"), [
    ("http://127.0.0.2:{port}/canary", 422, "url_forbidden"),
    ("http://0x7f.0.0.2:{port}/canary", 422, "url_forbidden"),
    ("http://[::1]:{port}/canary", 422, "url_forbidden"),
    ("http://[::ffff:127.0.0.1]:{port}/canary", 422, "url_forbidden"),
    ("http://169.254.169.254/canary", 422, "url_forbidden"),
    ("http://10.0.0.1/canary", 422, "url_forbidden"),
    ("file:///etc/passwd", 400, "url_scheme_not_allowed"),
])
def test_redirect_to_a_refused_address_is_refused(allowed: TestClient, site: Site, to: str, status: int, code: str) -> None:
    assert error(allowed, site.url("/redirect?to=" + to.format(port=site.port))) == (status, code)
    assert site.hits.get("/canary", 0) == 0


@pytest.mark.parametrize(("path", "status", "code"), [
    ("/json", 415, "unsupported_content_type"),
    ("/missing", 502, "fetch_failed"),
    ("/empty", 422, "no_text_extracted"),
    ("/big", 413, "page_too_large"),
    ("/bomb", 413, "page_too_large"),
    ("/slow", 504, "fetch_timeout"),
])
def test_bad_pages_answer_the_error_json(allowed: TestClient, site: Site, path: str, status: int, code: str) -> None:
    assert error(allowed, site.url(path)) == (status, code)
    assert allowed.get("/healthz").status_code == 200


def test_nothing_listening_is_a_fetch_failure(allowed: TestClient, site: Site) -> None:
    assert error(allowed, "http://127.0.0.1:1/article") == (502, "fetch_failed")


def test_extracted_text_is_held_to_max_text_chars(settings: Settings, site: Site) -> None:
    tight = Settings.from_env({}, model_dir=settings.model_dir, fetch_allowlist=LOOPBACK, max_text_chars=500)
    with app_client(tight) as client:
        assert error(client, site.url("/article")) == (413, "text_too_long")


@pytest.mark.parametrize(("url", "status", "code"), [
    ("ftp://127.0.0.1/article", 400, "url_scheme_not_allowed"),
    ("javascript:alert(1)", 400, "url_scheme_not_allowed"),
    ("127.0.0.1/article", 400, "url_scheme_not_allowed"),
    ("http://user:secret@127.0.0.1/article", 422, "url_forbidden"),
    ("http://" + "a" * 2100 + ".com/", 422, "url_too_long"),
    ("http://", 422, "invalid_url"),
    ("http://[::1/", 422, "invalid_url"),
])
def test_bad_urls_are_refused_before_fetching(allowed: TestClient, url: str, status: int, code: str) -> None:
    assert error(allowed, url) == (status, code)


@pytest.mark.parametrize("body", [{"url": 5}, {"url": ""}, {"url": ["http://x"]}])
def test_url_must_be_a_string(allowed: TestClient, body: dict[str, Any]) -> None:
    response = allowed.post("/v1/score", json=body)
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_url"


REFUSED_SPELLINGS = [
    "http://127.0.0.1:{port}/canary", "http://2130706433:{port}/canary", "http://0x7f.1:{port}/canary",
    "http://0x7f000001:{port}/canary", "http://127.1:{port}/canary", "http://0177.0.0.1:{port}/canary",
    "http://017700000001:{port}/canary", "http://127.0.0.1.:{port}/canary", "http://0.0.0.0:{port}/canary",
    "http://0:{port}/canary", "http://localhost:{port}/canary", "http://LOCALHOST:{port}/canary",
    "http://[::ffff:127.0.0.1]:{port}/canary", "http://[::ffff:7f00:1]:{port}/canary", "http://[::1]:{port}/canary",
    "http://[::]:{port}/canary", "http://[2002:7f00:1::]:{port}/canary", "http://[64:ff9b::7f00:1]:{port}/canary",
    "https://127.0.0.1:{port}/canary", "http://127.0.0.1:{port}/redirect?to=/canary",
]


@pytest.fixture(scope="module")
def refusing(settings: Settings) -> Iterator[TestClient]:
    """Default policy: no allowlist, the system resolver."""
    with app_client(settings) as client:
        yield client


@pytest.mark.parametrize("spelling", REFUSED_SPELLINGS)
def test_every_loopback_spelling_is_refused_and_never_reaches_the_server(refusing: TestClient, site: Site, spelling: str) -> None:
    before = site.total
    assert error(refusing, spelling.format(port=site.port)) == (422, "url_forbidden")
    assert site.total == before


class FakeDns:
    """Stands in for DNS: a table of names, and a count of every lookup."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.lookups: list[str] = []

    def __call__(self, host: str) -> list[str]:
        self.lookups.append(host)
        if host not in self.table:
            raise OSError(f"no such host {host}")
        return self.table[host]


DNS = {
    "mixed.test": ["93.184.215.14", "10.0.0.7"],
    "mixed6.test": ["2606:4700:4700::1111", "fd00::1"],
    "private.test": ["192.168.0.10"],
    "metadata.test": ["169.254.169.254"],
    "cgnat.test": ["100.64.1.2"],
    "mapped.test": ["::ffff:10.0.0.1"],
    "sixtofour.test": ["2002:c0a8:1::1"],
    "teredo.test": ["2001:0:4136:e378:8000:63bf:3fff:fdd2"],
    "nat64.test": ["64:ff9b::a00:1"],
    "multicast.test": ["224.0.0.251"],
    "loopback.test": ["127.0.0.1"],
    "article.test": ["127.0.0.1"],
}


@pytest.fixture(scope="module")
def dns() -> FakeDns:
    return FakeDns(DNS)


@pytest.fixture(scope="module")
def faked(settings: Settings, dns: FakeDns) -> Iterator[TestClient]:
    """Loopback allowlisted and a fake resolver: no real lookups, traffic only to 127.0.0.1."""
    faking = Settings.from_env({}, model_dir=settings.model_dir, fetch_allowlist=LOOPBACK)
    with app_client(faking, resolver=dns) as client:
        yield client


@pytest.mark.parametrize("host", [h for h in DNS if h not in ("loopback.test", "article.test")])
def test_a_host_with_any_forbidden_address_is_refused(faked: TestClient, site: Site, host: str) -> None:
    before = site.total
    status, body = post(faked, f"http://{host}:{site.port}/canary")
    assert (status, body["error"]["code"]) == (422, "url_forbidden")
    assert host in body["error"]["message"]
    assert site.total == before


def test_unresolvable_host_is_a_fetch_failure(faked: TestClient) -> None:
    assert error(faked, "http://nowhere.test/article") == (502, "fetch_failed")


def test_connects_to_the_checked_address_with_the_name_in_host(faked: TestClient, site: Site, dns: FakeDns) -> None:
    """article.test exists only in the fake resolver: a second, real lookup would fail the fetch."""
    dns.lookups.clear()
    status, body = post(faked, f"http://article.test:{site.port}/article")
    assert status == 200, body
    assert dns.lookups == ["article.test"]
    assert site.hosts[-1] == f"article.test:{site.port}"
    assert body["source"]["final_url"] == f"http://article.test:{site.port}/article"


def test_redirect_to_a_name_resolving_to_a_forbidden_address_is_refused(faked: TestClient, site: Site, dns: FakeDns) -> None:
    dns.lookups.clear()
    to = f"http://private.test:{site.port}/canary"
    assert error(faked, site.url("/redirect?to=" + to)) == (422, "url_forbidden")
    assert dns.lookups == ["private.test"] and site.hits.get("/canary", 0) == 0


def test_a_hung_lookup_hits_the_deadline(settings: Settings) -> None:
    release = threading.Event()

    def hung(host: str) -> list[str]:
        release.wait(10)
        raise OSError("gave up")

    quick = Settings.from_env({}, model_dir=settings.model_dir, fetch_timeout_seconds=0.5)
    with app_client(quick, resolver=hung) as client:
        try:
            assert error(client, "http://slow-dns.test/article") == (504, "fetch_timeout")
        finally:
            release.set()


@pytest.fixture
def tls_listener(tmp_path: Path) -> Iterator[tuple[int, list[str]]]:
    """A TLS listener on loopback with a self-signed certificate; it records the SNI name of each handshake."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=article.test",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names: list[str] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)  # type: ignore[assignment, func-returns-value]
    with socket.create_server(("127.0.0.1", 0)) as listener:
        def handshake() -> None:
            conn, _ = listener.accept()
            with conn, contextlib.suppress(OSError):
                context.wrap_socket(conn, server_side=True).close()
        thread = threading.Thread(target=handshake, daemon=True)
        thread.start()
        yield listener.getsockname()[1], names
        thread.join(5)


def test_https_connects_to_the_checked_address_with_the_name_in_sni(faked: TestClient, tls_listener: tuple[int, list[str]]) -> None:
    """article.test resolves (fake DNS) to 127.0.0.1; TLS still names article.test, and its untrusted cert fails the fetch."""
    port, names = tls_listener
    assert error(faked, f"https://article.test:{port}/article") == (502, "fetch_failed")
    assert names == ["article.test"]


@pytest.mark.parametrize("host", ["127.0.0.1", "2130706433", "0x7f.1", "[::1]", "10.0.0.1"])
def test_numeric_hosts_are_never_looked_up(faked: TestClient, site: Site, dns: FakeDns, host: str) -> None:
    dns.lookups.clear()
    post(faked, f"http://{host}:{site.port}/plain")
    assert dns.lookups == []
