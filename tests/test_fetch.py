"""Fetching against a real HTTP server on 127.0.0.1: retries, robots.txt, limits, redirects, cache, SSRF."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from amity.errors import (
    ContentTypeError,
    FetchError,
    ResponseTooLargeError,
    RobotsDisallowedError,
    UnreachableError,
    URLRefusedError,
)
from amity.ingest.fetch import FEED_TYPES, HTML_TYPES, FetchConfig, Fetcher, check_url
from amity.ingest.sources import SourceOptions, read_sources
from amity.model import Document, Quarantined

PAGE = (b"<html><head><title>Talks on the river</title></head><body><article><p>Ministers of two "
        b"neighbouring countries met on Monday to discuss shipping on the river.</p></article></body></html>")
RSS = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>http://wire.example/</link>'
       b"<description>news</description><item><title>One</title><link>http://wire.example/1</link></item>"
       b"</channel></rss>")
CAFE_PARAGRAPH = ("Ministers met at the café on the quay, où the délégués of both countries agreed that the "
                  "river port would open to barges again before the summer, the préfet said.")


def latin1_page(meta: str) -> bytes:
    return (f"<!DOCTYPE html><html><head>{meta}<title>Café talks</title></head><body><article><h1>Café "
            f"talks</h1><p>{CAFE_PARAGRAPH}</p><p>{CAFE_PARAGRAPH}</p></article></body></html>").encode("latin-1")


class Handler(BaseHTTPRequestHandler):
    hits: ClassVar[Counter[str]] = Counter()
    conditional: ClassVar[Counter[str]] = Counter()

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        return

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        Handler.hits[path] += 1
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path == "/article":
            self._send(200, PAGE)
        elif path == "/flaky":
            if Handler.hits[path] <= 2:
                self._send(503, b"busy", headers={"Retry-After": "0"})
            else:
                self._send(200, PAGE)
        elif path == "/down":
            self._send(503, b"busy")
        elif path == "/big":
            self._send(200, b"<html>" + b"x" * 300_000 + b"</html>")
        elif path == "/big-stream":  # no Content-Length: the limit must hold while reading
            self.close_connection = True
            self._send(200, b"<html>" + b"y" * 300_000 + b"</html>", length=False)
        elif path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            target = "/article" if n == 0 else f"/hop/{n - 1}"
            self._send(302, b"", headers={"Location": target})
        elif path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                Handler.conditional[path] += 1
                self._send(304, b"", length=False)
            else:
                self._send(200, PAGE, headers={"ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"})
        elif path == "/pdf":
            self._send(200, b"%PDF-1.4", "application/pdf")
        elif path == "/feed.rss":  # what python -m http.server sends for .rss, and some real sites
            self._send(200, RSS, "application/x-rss+xml")
        elif path == "/feed-octet":
            self._send(200, RSS, "application/octet-stream")
        elif path == "/pdf-octet":
            self._send(200, b"%PDF-1.4 binary", "application/octet-stream")
        elif path == "/latin-meta":  # no charset in the header: the <meta> says it
            self._send(200, latin1_page('<meta charset="iso-8859-1">'), "text/html")
        elif path == "/latin-http-equiv":
            self._send(200, latin1_page('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'),
                       "text/html")
        elif path == "/latin-header":
            self._send(200, latin1_page(""), "text/html; charset=iso-8859-1")
        elif path == "/latin-bare":  # no charset anywhere: detected
            self._send(200, latin1_page(""), "text/html")
        elif path.startswith("/private/"):
            self._send(200, PAGE)
        else:
            self._send(404, b"not found")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def config(**overrides: object) -> FetchConfig:
    base: dict[str, object] = {"allow_private": True, "per_host_delay": 0.0, "backoff": 0.01, "retries": 3,
                               "timeout": 5.0, "max_bytes": 100_000, "cache_max_age": 0.0}
    base.update(overrides)
    return FetchConfig(**base)  # type: ignore[arg-type]  # test helper: keys are FetchConfig fields


@pytest.fixture()
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(config()) as f:
        yield f


def test_fetches_a_page(server: str, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server + "/article")
    assert result.status == 200
    assert result.content_type == "text/html"
    assert b"shipping on the river" in result.body
    assert not result.from_cache


def test_retries_with_backoff_then_succeeds(server: str, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server + "/flaky")
    assert result.status == 200
    assert Handler.hits["/flaky"] == 3


def test_gives_up_after_the_retries(server: str) -> None:
    with Fetcher(config(retries=2)) as f, pytest.raises(FetchError, match=r"after 3 attempts .*HTTP 503"):
        f.fetch(server + "/down")
    assert Handler.hits["/down"] == 3


def test_robots_txt_is_honoured(server: str, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match=r"robots\.txt"):
        fetcher.fetch(server + "/private/page")
    assert Handler.hits["/private/page"] == 0
    with Fetcher(config(respect_robots=False)) as rude:
        assert rude.fetch(server + "/private/page").status == 200


def test_size_limit_by_header_and_while_streaming(server: str, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="over the 100000-byte limit"):
        fetcher.fetch(server + "/big")
    with pytest.raises(FetchError, match="over the 100000-byte limit"):
        fetcher.fetch(server + "/big-stream")


def test_content_type_is_checked(server: str, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="content type 'application/pdf'"):
        fetcher.fetch(server + "/pdf")


def test_redirects_are_followed_up_to_the_limit(server: str) -> None:
    with Fetcher(config(max_redirects=3)) as f:
        result = f.fetch(server + "/hop/2")
        assert result.final_url == server + "/article"
        assert len(result.redirects) == 3
        with pytest.raises(FetchError, match="more than 3 redirects"):
            f.fetch(server + "/hop/5")


def test_etag_cache_makes_a_rerun_cheap(server: str, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    with Fetcher(config(), cache=cache) as first:
        fresh = first.fetch(server + "/etag")
    assert not fresh.from_cache and fresh.etag == '"v1"'
    with Fetcher(config(), cache=cache) as rerun:  # a new run, same cache file
        again = rerun.fetch(server + "/etag")
    assert again.from_cache
    assert again.body == fresh.body
    assert Handler.conditional["/etag"] == 1  # the server answered 304 Not Modified
    before = Handler.hits["/etag"]
    with Fetcher(config(cache_max_age=3600), cache=cache) as recent:
        assert recent.fetch(server + "/etag").from_cache
    assert Handler.hits["/etag"] == before  # fresh enough: no request at all


def test_per_host_delay_spaces_requests(server: str) -> None:
    with Fetcher(config(per_host_delay=0.2, respect_robots=False)) as f:
        started = time.monotonic()
        for _ in range(3):
            f.fetch(server + "/article")
        assert time.monotonic() - started >= 0.4


def test_fetch_many_keeps_order_and_quarantines_failures(server: str, fetcher: Fetcher) -> None:
    urls = [server + "/article", server + "/pdf", server + "/missing", server + "/article"]
    results = list(fetcher.fetch_many(urls, workers=3))
    assert [type(r).__name__ for r in results] == ["FetchResult", "Quarantined", "Quarantined", "FetchResult"]
    missing = results[2]
    assert isinstance(missing, Quarantined) and "HTTP 404" in missing.reason and missing.code == "E108"


def test_each_kind_of_failure_has_its_own_code(server: str) -> None:
    with Fetcher(config(retries=1, max_bytes=100_000)) as f:
        failures: dict[str, FetchError] = {}
        for path in ("/missing", "/pdf", "/big", "/down", "/private/x"):
            with pytest.raises(FetchError) as info:
                f.fetch(server + path)
            failures[path] = info.value
    with Fetcher(FetchConfig(per_host_delay=0.0)) as guarded, pytest.raises(URLRefusedError) as refused:
        guarded.fetch(server + "/article")
    assert type(failures["/missing"]) is FetchError and failures["/missing"].code == "E108"
    assert failures["/missing"].status == 404 and failures["/missing"].transient
    assert "HTTP 404 Not Found" in str(failures["/missing"])
    assert isinstance(failures["/pdf"], ContentTypeError) and failures["/pdf"].code == "E121"
    assert isinstance(failures["/big"], ResponseTooLargeError) and failures["/big"].code == "E122"
    assert isinstance(failures["/down"], UnreachableError) and failures["/down"].code == "E120"
    assert failures["/down"].transient and failures["/down"].status == 503
    assert isinstance(failures["/private/x"], RobotsDisallowedError) and failures["/private/x"].code == "E124"
    assert refused.value.code == "E123" and "non-public" in str(refused.value)
    assert not any(failures[p].transient for p in ("/pdf", "/big", "/private/x")) and not refused.value.transient
    with Fetcher(config(retries=0)) as f:
        codes = [q.code for q in f.fetch_many([server + p for p in ("/missing", "/pdf", "/big", "/private/x")])
                 if isinstance(q, Quarantined)]
    assert codes == ["E108", "E121", "E122", "E124"]


def test_feed_content_types_are_accepted(server: str, fetcher: Fetcher) -> None:
    assert "application/x-rss+xml" in FEED_TYPES
    result = fetcher.fetch(server + "/feed.rss", allowed_types=FEED_TYPES)
    assert result.content_type == "application/x-rss+xml" and result.body == RSS
    sniffed = fetcher.fetch(server + "/feed-octet", allowed_types=FEED_TYPES + HTML_TYPES)
    assert sniffed.body == RSS and sniffed.content_type == "application/rss+xml"  # generic type, feed body
    with pytest.raises(ContentTypeError, match=r"'application/octet-stream'.*not a feed or an HTML page"):
        fetcher.fetch(server + "/pdf-octet", allowed_types=FEED_TYPES + HTML_TYPES)
    with pytest.raises(ContentTypeError, match="not one of text/html"):  # a feed where a page is wanted
        fetcher.fetch(server + "/feed-octet", allowed_types=HTML_TYPES)


@pytest.mark.parametrize("path", ["/latin-meta", "/latin-http-equiv", "/latin-header", "/latin-bare"])
def test_pages_are_decoded_with_their_charset(server: str, fetcher: Fetcher, path: str) -> None:
    result = fetcher.fetch(server + path)
    assert "Café talks" in result.text() and "\ufffd" not in result.text()
    options = SourceOptions(fetch=config())
    out = list(read_sources([server + path], options))
    assert len(out) == 1 and isinstance(out[0], Document), out
    assert out[0].title == "Café talks"
    assert "délégués" in out[0].text and "préfet" in out[0].text


def test_ssrf_guard_refuses_private_addresses_without_the_flag(server: str) -> None:
    with Fetcher(FetchConfig(per_host_delay=0.0)) as guarded:
        with pytest.raises(FetchError, match=r"non-public address 127\.0\.0\.1") as info:
            guarded.fetch(server + "/article")
        assert "--allow-private" in str(info.value)
    before = Handler.hits["/article"]
    for url in ("http://localhost/", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/", "http://192.168.1.1/", "http://0.0.0.0/"):
        with pytest.raises(FetchError, match="non-public"):
            check_url(url)
    with pytest.raises(FetchError, match="only http and https"):
        check_url("file:///etc/passwd")
    assert Handler.hits["/article"] == before
    check_url(server + "/article", allow_private=True)
