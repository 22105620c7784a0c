"""WARC files written here with warcio: HTML 200 responses become documents, the rest is passed over."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from _http_support import article_html
from amity.ingest.sources import read_sources
from amity.ingest.warc import iter_warc_pages, read_warc
from amity.model import Document, Quarantined

ARTICLES = {
    "https://news.example/a": ["Vietnam and Laos agreed to build a power line across the border, the energy "
                               "ministers said on Friday after a meeting in the capital.",
                               "The line will be finished within three years, they said."],
    "https://news.example/b": ["The Philippines and Japan began talks on a coast guard training programme, "
                               "the foreign ministries of the two countries said on Monday.",
                               "Twenty officers will train together every year from next spring."],
}


def _response(writer: WARCWriter, url: str, status: str, content_type: str, body: bytes) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                        http_headers=headers)  # a length: no unclosed temp file
    writer.write_record(record)


@pytest.fixture()
def warc_file(tmp_path: Path) -> Path:
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://news.example/a", "request",
                                                      http_headers=request))
        url_a, url_b = list(ARTICLES)
        _response(writer, url_a, "200 OK", "text/html; charset=utf-8", article_html("Power line", ARTICLES[url_a]))
        _response(writer, "https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG....")
        _response(writer, "https://news.example/gone", "404 Not Found", "text/html", b"<html>gone</html>")
        _response(writer, "https://news.example/empty", "200 OK", "text/html", b"<html><body></body></html>")
        _response(writer, url_b, "200 OK", "text/html", article_html("Coast guard", ARTICLES[url_b]))
    return path


def test_html_responses_become_documents(warc_file: Path) -> None:
    out = list(read_warc(warc_file))
    docs = [d for d in out if isinstance(d, Document)]
    bad = [q for q in out if isinstance(q, Quarantined)]
    assert [d.url for d in docs] == list(ARTICLES)
    assert "power line across the border" in docs[0].text
    assert docs[0].title == "Power line"
    assert docs[0].provenance is not None and docs[0].provenance.reader == "warc"
    assert docs[0].provenance.fetched_at is not None
    assert [q.input for q in bad] == ["https://news.example/empty"]


def test_pages_are_streamed_with_their_urls(warc_file: Path) -> None:
    pages = list(iter_warc_pages(warc_file))
    assert [getattr(p, "url", None) for p in pages] == [
        "https://news.example/a", "https://news.example/empty", "https://news.example/b"]


def test_a_truncated_archive_is_quarantined_not_fatal(warc_file: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.warc.gz"
    data = warc_file.read_bytes()
    broken.write_bytes(data[: len(data) - 200])
    out = list(read_warc(broken))
    assert any(isinstance(d, Document) for d in out)
    assert isinstance(out[-1], Quarantined)


def test_sources_dispatch_warc_files(warc_file: Path) -> None:
    docs = [d for d in read_sources([str(warc_file)]) if isinstance(d, Document)]
    assert len(docs) == 2
