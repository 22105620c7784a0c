"""HTML pages: main text and metadata through trafilatura."""

from __future__ import annotations

import logging
import re
from datetime import datetime

import trafilatura
from lxml import html as lxml_html

from amity.errors import MalformedInputError
from amity.ingest.wire import is_boilerplate
from amity.model import Document, Provenance
from amity.nlp.dateline import match_dateline

logger = logging.getLogger(__name__)

_TIME_META = (
    "article:published_time", "og:article:published_time", "datePublished", "pubdate",
    "publishdate", "date", "dc.date",
)


def looks_like_html(data: bytes) -> bool:
    """Bytes that open like an HTML page (a doctype or an <html> tag, after any BOM and blanks)."""
    head = data[:64].lstrip(b"\xef\xbb\xbf").lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _published_meta(raw: str) -> datetime | None:
    """The full timestamp from the page's meta tags (trafilatura keeps only the day)."""
    try:
        tree = lxml_html.fromstring(raw)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip()
        if key in _TIME_META and meta.get("content"):
            value = meta.get("content", "").strip().replace("Z", "+00:00")
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                continue
    return None


def parse_html(raw: str, *, source_name: str = "<html>", url: str | None = None) -> Document:
    if "<" not in raw:
        raise MalformedInputError("no HTML markup found", input=source_name)
    try:
        result = trafilatura.bare_extraction(
            raw, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise MalformedInputError(f"cannot parse HTML ({exc.__class__.__name__})", input=source_name) from exc
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if not text:
        raise MalformedInputError("no article text could be extracted from the HTML", input=source_name)
    title = getattr(result, "title", None)
    lines = [line.strip() for line in text.split("\n")]
    if title and lines and lines[0] == title.strip():
        lines = lines[1:]
    removed = [line for line in lines if line and is_boilerplate(line)]
    lines = [line for line in lines if line and not is_boilerplate(line)]
    dateline = None
    if lines and (found := match_dateline(lines[0])):
        dateline = found.place
        lines[0] = lines[0][found.end :]
    published = _published_meta(raw)
    if published is None and getattr(result, "date", None):
        try:
            published = datetime.fromisoformat(str(getattr(result, "date", "")))
        except ValueError:
            published = None
    author = getattr(result, "author", None)
    authors = [a.strip() for a in re.split(r";|,|\band\b", author) if a.strip()] if author else []
    return Document(
        text="\n\n".join(lines),
        title=title,
        source=getattr(result, "sitename", None),
        url=url or getattr(result, "url", None),
        path=source_name if url is None and source_name != "<html>" else None,
        published=published,
        authors=authors,
        dateline=dateline,
        language=getattr(result, "language", None) or "en",
        boilerplate_removed=removed,
        provenance=Provenance(source=url or source_name, reader="html"),
    )
