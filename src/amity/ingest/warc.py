"""Web archives (WARC, gzipped or not, via warcio): the HTML responses inside become documents.

Only ``response`` records with an HTTP 200 status and an HTML content type are read; requests,
metadata, redirects, images and scripts are passed over silently (they are not articles), while an
HTML page whose text cannot be extracted is quarantined with the record's URL and offset.

A damaged archive is read up to the damage: the records before it are kept, and the damage (an
archive cut short, corrupt gzip data, a record whose length is wrong) is quarantined once, naming
the file, the record number and the byte offset. A file that is not a WARC at all is quarantined as
such. warcio writes some of these conditions straight to stderr; the reader used here raises them
instead, so that they are reported once, through the quarantine.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from amity.errors import EmptyInputError, InputError, MalformedInputError, NotFoundError, require
from amity.ingest.charset import decode_html
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
        """The page decoded: HTTP charset, else ``<meta charset>``, else UTF-8, else detected."""
        return decode_html(self.html, self.charset)[0]


class _Damage(Exception):
    """Raised inside the archive iterator where warcio would write a warning to stderr."""


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@functools.cache
def _iterator_class() -> Any:
    """warcio's ArchiveIterator, made to raise :class:`_Damage` where it would print to stderr."""
    archive: Any = require("warcio.archiveiterator", feature="WARC files", extra="ingest")
    buffered: Any = require("warcio.bufferedreaders", feature="WARC files", extra="ingest")

    class QuietReader(buffered.DecompressingBufferedReader):  # type: ignore[misc]  # warcio is untyped
        def _decompress(self, data: bytes) -> bytes:
            if self.decompressor and data and self.num_block_read:
                try:
                    return bytes(self.decompressor.decompress(data))
                except Exception as exc:  # zlib.error; warcio prints it and reads on as if at the end
                    raise _Damage(f"corrupt gzip data ({exc})") from exc
            return bytes(super()._decompress(data))

    class QuietIterator(archive.ArchiveIterator):  # type: ignore[misc]  # warcio is untyped
        def __init__(self, fileobj: Any, **kwargs: Any) -> None:
            super().__init__(fileobj, **kwargs)
            self.reader = QuietReader(self.fh, block_size=archive.BUFF_SIZE)
            self.gzip_cut = False

        def close(self) -> None:
            decompressor = getattr(self.reader, "decompressor", None)
            self.gzip_cut = decompressor is not None and not getattr(decompressor, "eof", True)
            super().close()

        def read_to_end(self, record: Any = None) -> None:
            current = self.record
            done = self.member_info is not None
            super().read_to_end(record)
            if done or current is None:
                return
            length = current.rec_headers.get_header("Content-Length") or ""
            if not length.strip().isdigit():  # a header block cut short, or not a WARC record
                raise _Damage("the record header is incomplete (no valid Content-Length)")
            missing = getattr(current.raw_stream, "limit", 0)
            if isinstance(missing, int) and missing > 0:
                raise _Damage(f"the record is cut short ({missing} bytes of it are missing)")

        def _consume_blanklines(self) -> tuple[bytes | None, int]:
            empty = 0
            first = True
            while True:
                line: bytes = self.reader.readline()
                if not line:
                    return None, empty
                if line.strip() and first:
                    raise _Damage("the record is not followed by a blank line (its length is wrong, "
                                  "or the file is damaged)")
                if line.strip():
                    return line, empty
                empty += len(line)
                first = False

    return QuietIterator


def iter_warc_pages(path: Path, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> Iterator[WarcPage | Quarantined]:
    """Every HTML 200 response in the archive, streamed record by record."""
    name = str(path)
    iterator_class = _iterator_class()
    if not path.is_file():
        raise NotFoundError("no such WARC file", input=name)
    if path.stat().st_size == 0:
        raise EmptyInputError("the WARC file is empty", input=name)
    count = 0  # records read whole
    with path.open("rb") as handle:
        iterator = iterator_class(handle, arc2warc=True)
        try:
            for record in iterator:
                count += 1
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
                missing = getattr(record.raw_stream, "limit", 0)
                if isinstance(missing, int) and missing > 0:  # cut short: read_to_end reports it
                    count -= 1
                    continue
                charset = None
                if "charset=" in content_type:
                    charset = content_type.split("charset=", 1)[1].split(";", 1)[0].strip().strip('"') or None
                yield WarcPage(url=url, html=body, charset=charset, offset=iterator.offset,
                               date=_date(record.rec_headers.get_header("WARC-Date")))
            if iterator.gzip_cut:
                raise _Damage("the gzip data ends early (the file is cut short)")
            if isinstance(iterator.offset, int) and iterator.offset < path.stat().st_size:
                handle.seek(iterator.offset)
                if handle.read(4096).strip():
                    raise _Damage("the bytes there are not a complete WARC record (the file is cut short "
                                  "or damaged)")
        except Exception as exc:  # warcio raises assorted errors on a truncated or corrupt archive
            yield _damaged(name, exc, count, iterator.offset)
            return
    if count == 0:
        err = MalformedInputError("not a WARC file (no WARC records in it)", input=name)
        yield Quarantined(input=name, reason=err.one_line(), code=err.code)


def _damaged(name: str, exc: Exception, count: int, offset: object) -> Quarantined:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    unknown = "Unknown archive format" in text
    if count == 0 and unknown:
        err: InputError = MalformedInputError("not a WARC file (it does not start with a WARC or ARC record)",
                                              input=name)
    else:
        if unknown:
            detail = "no WARC record starts there (corrupt data)"
        elif isinstance(exc, _Damage) or type(exc).__name__ == "ArchiveLoadFailed":
            detail = text[:200]
        else:  # warcio's internal errors on odd bytes (AttributeError, ValueError...) say nothing useful
            detail = "the file is damaged or cut short"
        where = f"record {count + 1}" + (f", at byte {offset}" if isinstance(offset, int) else "")
        before = "1 record before it was read" if count == 1 else f"the {count} records before it were read"
        err = MalformedInputError(f"the archive is damaged at {where}: {detail}; {before}, the rest of the "
                                  "file is skipped", input=name)
    logger.info("quarantined: %s", err.one_line())
    return Quarantined(input=name, reason=err.one_line(), code=err.code)


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
