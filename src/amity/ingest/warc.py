"""Web archives (WARC, gzipped or not, via warcio): the HTML responses inside become documents.

Only ``response`` records with an HTTP 200 status and an HTML content type are read; requests,
metadata, redirects, images and scripts are passed over silently (they are not articles), while an
HTML page whose text cannot be extracted is quarantined with the record's URL and offset.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from amity.errors import InputError, MalformedInputError, NotFoundError, require
from amity.ingest.checks import MAX_DOCUMENT_BYTES
from amity.model import Document, Provenance, Quarantined

logger = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class WarcPage:
    """An HTML response from an archive."""

    url: str
    html: bytes
    date: datetime | None
    offset: int
    charset: str | None = None

    def text(self) -> str:
        try:
            return self.html.decode(self.charset or "utf-8")
        except (LookupError, UnicodeDecodeError):
            return self.html.decode("utf-8", errors="replace")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def iter_warc_pages(path: Path, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> Iterator[WarcPage | Quarantined]:
    """Every HTML 200 response in the archive, streamed record by record."""
    archive: Any = require("warcio.archiveiterator", feature="WARC files", extra="ingest")
    name = str(path)
    if not path.is_file():
        raise NotFoundError("no such WARC file", input=name)
    with path.open("rb") as handle:
        iterator = archive.ArchiveIterator(handle, arc2warc=True)
        try:
            for record in iterator:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                if record.http_headers.get_statuscode() != "200":
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                media = content_type.split(";", 1)[0].strip().lower()
                if media not in _HTML_TYPES:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or f"{name}@{iterator.offset}"
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    yield Quarantined(input=url, reason=f"[E103] {url}: page larger than {max_bytes} bytes",
                                      code="E103")
                    continue
                charset = None
                if "charset=" in content_type:
                    charset = content_type.split("charset=", 1)[1].split(";", 1)[0].strip().strip('"') or None
                yield WarcPage(url=url, html=body, charset=charset, offset=iterator.offset,
                               date=_date(record.rec_headers.get_header("WARC-Date")))
        except Exception as exc:  # warcio raises assorted errors on a truncated or corrupt archive
            err = MalformedInputError(f"cannot read the archive further ({exc.__class__.__name__}: {exc})",
                                      input=name)
            yield Quarantined(input=name, reason=err.one_line(), code=err.code)


def read_warc(path: Path) -> Iterator[Document | Quarantined]:
    """Documents from the HTML pages of a WARC file; pages without article text are quarantined."""
    from amity.ingest.html import parse_html

    name = str(path)
    try:
        pages = iter_warc_pages(path)
        for page in pages:
            if isinstance(page, Quarantined):
                yield page
                continue
            try:
                document = parse_html(page.text(), source_name=page.url, url=page.url)
            except InputError as exc:
                yield Quarantined(input=page.url, reason=exc.one_line(), code=exc.code)
                continue
            document.provenance = Provenance(source=name, reader="warc", record=str(page.offset),
                                             fetched_at=page.date)
            yield document
    except InputError as exc:
        yield Quarantined(input=name, reason=exc.one_line(), code=exc.code)
