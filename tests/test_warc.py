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


def _many(path: Path, gzip: bool) -> Path:
    """Five articles whose bodies do not compress much, so that a cut lands inside the archive."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        for n in range(5):
            words = " ".join(f"w{(j * 7919 + n) % 100003}" for j in range(300))
            _response(writer, f"https://news.example/{n}", "200 OK", "text/html",
                      article_html(f"Story {n}", [ARTICLES["https://news.example/a"][0], words]))
    return path


@pytest.mark.parametrize("gzip", [True, False])
def test_a_cut_archive_keeps_what_comes_before_and_quarantines_the_damage(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], gzip: bool
) -> None:
    whole = _many(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), gzip)
    data = whole.read_bytes()
    assert len([d for d in read_warc(whole) if isinstance(d, Document)]) == 5
    for cut in (2500, len(data) // 2, len(data) - 40):
        broken = tmp_path / ("t.warc.gz" if gzip else "t.warc")
        broken.write_bytes(data[:cut])
        out = list(read_warc(broken))
        docs = [d for d in out if isinstance(d, Document)]
        bad = [q for q in out if isinstance(q, Quarantined)]
        assert [d.url for d in docs] == [f"https://news.example/{n}" for n in range(len(docs))]
        assert len(bad) == 1 and bad[0].input == str(broken) and bad[0].code == "E105", (cut, bad)
        assert f"{broken}: the archive is damaged at record {len(docs) + 1}, at byte " in bad[0].reason
        assert "the rest of the file is skipped" in bad[0].reason
        assert "AttributeError" not in bad[0].reason and "NoneType" not in bad[0].reason
    out = capfd.readouterr()
    assert out.err == "" and out.out == ""  # warcio's own warnings are not let through to stderr


def test_corrupt_gzip_data_is_quarantined_quietly(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    data = bytearray(_many(tmp_path / "crawl.warc.gz", True).read_bytes())
    data[2500:2520] = b"x" * 20
    broken = tmp_path / "corrupt.warc.gz"
    broken.write_bytes(bytes(data))
    out = list(read_warc(broken))
    assert [type(o).__name__ for o in out][-1] == "Quarantined"
    assert any(isinstance(o, Document) for o in out)
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("content", [
    b"<!DOCTYPE html><html><head><title>x</title></head><body><p>Not an archive.</p></body></html>",
    bytes(range(256)) * 20,
])
def test_a_file_that_is_not_a_warc_is_quarantined(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], content: bytes
) -> None:
    fake = tmp_path / "page.warc"
    fake.write_bytes(content)
    out = list(read_sources([str(fake)]))
    assert len(out) == 1 and isinstance(out[0], Quarantined)
    assert out[0].reason.startswith(f"[E105] {fake}: not a WARC file") and out[0].input == str(fake)
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    assert [q.code for q in read_warc(empty) if isinstance(q, Quarantined)] == ["E101"]
    assert capfd.readouterr().err == ""


def test_sources_dispatch_warc_files(warc_file: Path) -> None:
    docs = [d for d in read_sources([str(warc_file)]) if isinstance(d, Document)]
    assert len(docs) == 2
