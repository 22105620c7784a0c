"""RSS and Atom feeds (feedparser): items are followed to their articles.

A feed gives the links, titles, dates and authors of a site's latest stories; the article itself is
fetched (politely, through :class:`amity.ingest.fetch.Fetcher`) and read with the HTML reader, and
the item's metadata fills what the page lacks. :class:`FeedWatcher` remembers which items were
already ingested (a table in the store's database), so ``amity watch`` takes only new ones.

feedparser is always given bytes, never a URL: it would otherwise fetch by itself, past the SSRF
guard, robots.txt and the politeness rules.
"""

from __future__ import annotations

import calendar
import hashlib
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.dialects import postgresql, sqlite

from amity.errors import InputError, MalformedInputError, NotFoundError, require
from amity.ingest.fetch import FEED_TYPES, HTML_TYPES, Fetcher, FetchResult
from amity.model import Document, Provenance, Quarantined
from amity.store import schema as s

logger = logging.getLogger(__name__)

_FEED_ROOTS = (b"rss", b"feed", b"rdf:rdf")
_ROOT = re.compile(rb"<(?![?!])([A-Za-z][\w:.-]*)")  # the first element, past <?xml ?> and <!-- -->


@dataclass(slots=True)
class FeedItem:
    """One entry of a feed."""

    key: str  # the entry's id/guid, else its link: what "already seen" is about
    url: str | None
    title: str | None = None
    published: datetime | None = None
    authors: list[str] = field(default_factory=list)
    summary: str | None = None
    feed_title: str | None = None
    feed: str = ""


def looks_like_feed(data: bytes) -> bool:
    """True for bytes whose root element is RSS, Atom or RDF (after any XML declaration/comments)."""
    match = _ROOT.search(data[:4096])
    return match is not None and match.group(1).lower() in _FEED_ROOTS


def _feedparser() -> Any:
    return require("feedparser", feature="RSS and Atom feeds", extra="ingest")


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)  # plain dict lookup: FeedParserDict's aliasing warns
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
    return None


def parse_feed(data: bytes, *, source: str) -> list[FeedItem]:
    """The items of a feed given as bytes; raises MalformedInputError when it is not a feed."""
    parsed = _feedparser().parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "no feed entries")()
        raise MalformedInputError(f"not an RSS or Atom feed ({reason})", input=source)
    feed_title = parsed.feed.get("title")
    items: list[FeedItem] = []
    for entry in parsed.entries:
        link = entry.get("link")
        key = entry.get("id") or link or hashlib.sha256(repr(sorted(entry.keys())).encode()).hexdigest()
        authors = [a.get("name") for a in entry.get("authors", []) if a.get("name")]
        if not authors and entry.get("author"):
            authors = [entry["author"]]
        items.append(FeedItem(
            key=str(key), url=str(link) if link else None, title=entry.get("title"),
            published=_when(entry), authors=[str(a) for a in authors], summary=entry.get("summary"),
            feed_title=feed_title, feed=source,
        ))
    return items


def read_feed(feed: str | Path, fetcher: Fetcher | None = None) -> list[FeedItem]:
    """The items of a feed at a URL (fetched with ``fetcher``) or in a local file."""
    text = str(feed)
    if text.startswith(("http://", "https://")):
        if fetcher is None:
            raise InputError("a Fetcher is needed to read a feed from a URL", input=text)
        result = fetcher.fetch(text, allowed_types=FEED_TYPES + HTML_TYPES + ("text/plain",))
        return parse_feed(result.body, source=text)
    path = Path(text).expanduser()
    if not path.is_file():
        raise NotFoundError("no such feed file", input=text)
    return parse_feed(path.read_bytes(), source=text)


def item_document(item: FeedItem, page: FetchResult) -> Document:
    """The article an item links to, its gaps filled from the item."""
    from amity.ingest.html import parse_html

    document = parse_html(page.text(), source_name=page.final_url, url=page.final_url)
    document.title = document.title or item.title
    document.published = document.published or item.published
    document.authors = document.authors or list(item.authors)
    document.source = document.source or item.feed_title
    document.provenance = Provenance(source=item.feed, reader="feed", record=item.key,
                                     fetched_at=page.fetched_at)
    document.extra.setdefault("feed", item.feed)
    return document


def feed_documents(
    items: Sequence[FeedItem], fetcher: Fetcher, *, workers: int = 4
) -> Iterator[Document | Quarantined]:
    """Follow each item to its article; an item that cannot be fetched or read is quarantined."""
    linked = [item for item in items if item.url]
    for item in items:
        if not item.url:
            yield Quarantined(input=f"{item.feed}#{item.key}", reason="feed item without a link", code="E105")
    pages = fetcher.fetch_many([item.url for item in linked if item.url], workers=workers,
                               allowed_types=HTML_TYPES)
    for item, page in zip(linked, pages, strict=True):
        if isinstance(page, Quarantined):
            yield page
            continue
        try:
            yield item_document(item, page)
        except InputError as exc:
            yield Quarantined(input=page.final_url, reason=exc.one_line(), code=exc.code)


# -- watching -------------------------------------------------------------------------------------

# Declared with the store's schema (amity.store.schema), so its migrations create and version it.
feed_seen = s.feed_seen


class FeedWatcher:
    """Remembers ingested feed items (in the store's database), so each poll yields only new ones."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        s.metadata.create_all(engine, tables=[feed_seen])  # a no-op on a store's database

    def new_items(self, feed: str, items: Iterable[FeedItem]) -> list[FeedItem]:
        with self.engine.connect() as conn:
            seen = {row.item_key for row in conn.execute(
                select(feed_seen.c.item_key).where(feed_seen.c.feed == feed)
            )}
        return [item for item in items if item.key not in seen]

    def mark_seen(self, feed: str, items: Iterable[FeedItem]) -> None:
        rows = [{"feed": feed, "item_key": i.key, "url": i.url,
                 "seen_at": datetime.now(UTC).replace(tzinfo=None)} for i in items]
        if not rows:
            return
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(postgresql.insert(feed_seen).on_conflict_do_nothing(), rows)
            else:
                conn.execute(sqlite.insert(feed_seen).on_conflict_do_nothing(), rows)
