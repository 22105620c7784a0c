"""RSS and Atom feeds (feedparser): items are followed to their articles.

A feed gives the links, titles, dates and authors of a site's latest stories; the article itself is
fetched (politely, through :class:`amity.ingest.fetch.Fetcher`) and read with the HTML reader, and
the item's metadata fills what the page lacks. :class:`FeedWatcher` remembers which items were
already ingested (a table in the store's database), so ``amity watch`` takes only new ones.

feedparser is always given bytes, never a URL: it would otherwise fetch by itself, past the SSRF
guard, robots.txt and the politeness rules.

Relative item links are resolved against the feed's URL (after redirects) or its ``xml:base``, and in
a local feed file against the feed's own absolute ``<link>``; one that cannot be resolved is
quarantined naming the feed, the item and the link. An item without a link whose text (RSS
``description``/``content:encoded``, Atom ``content``) is long enough becomes a document of that
text; a shorter one is quarantined naming the feed and the item's title.

An item whose page cannot be fetched *for now* (HTTP 404 or 408, 5xx or 429 after the retries, a
timeout, a network error) is flagged ``retry``; :meth:`FeedWatcher.mark_seen` leaves such items
unseen, so the next poll tries them again (up to ``max_attempts`` polls).
"""

from __future__ import annotations

import calendar
import hashlib
import html
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from sqlalchemy import Engine, select
from sqlalchemy.dialects import postgresql, sqlite

from amity.errors import EmptyInputError, FetchError, InputError, MalformedInputError, NotFoundError, require
from amity.ingest.fetch import FEED_TYPES, HTML_TYPES, Fetcher, FetchResult, looks_like_feed
from amity.model import Document, Provenance, Quarantined
from amity.store import schema as s

logger = logging.getLogger(__name__)

__all__ = ["FeedItem", "FeedWatcher", "feed_documents", "item_document", "looks_like_feed", "parse_feed",
           "read_feed"]

ITEM_TEXT_MIN_WORDS = 40  # an item without a link becomes a document when its own text is this long
_BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|blockquote|tr|section|article)\s*>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v]+")


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
    text: str | None = None  # the item's own full text (content, else description), as HTML or text
    retry: bool = False  # following it failed for now: a watcher leaves it unseen for the next poll

    def label(self) -> str:
        """The feed and the item, for messages: ``feed.xml, item 'Title'``."""
        return f"{self.feed}, item '{self.title}'" if self.title else f"{self.feed}, item {self.key}"


def _is_absolute(url: str) -> bool:
    return bool(urlsplit(url).scheme)


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed item's content): tags dropped, paragraphs kept."""
    text = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n\n", fragment)))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _item_text(entry: Any) -> str | None:
    for content in entry.get("content") or []:
        value = content.get("value")
        if value and value.strip():
            return str(value)
    summary = entry.get("summary")
    return str(summary) if summary and summary.strip() else None


def _feedparser() -> Any:
    return require("feedparser", feature="RSS and Atom feeds", extra="ingest")


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)  # plain dict lookup: FeedParserDict's aliasing warns
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
    return None


def parse_feed(data: bytes, *, source: str, base: str | None = None) -> list[FeedItem]:
    """The items of a feed given as bytes; raises MalformedInputError when it is not a feed.

    ``base`` (the URL the feed was fetched from, after redirects; ``source`` when that is a URL)
    resolves relative item links, as does an ``xml:base`` in the feed; in a feed with neither, the
    feed's own absolute ``<link>`` does.
    """
    if base is None and source.startswith(("http://", "https://")):
        base = source
    headers = {"content-location": base} if base else None
    parsed = _feedparser().parse(data, response_headers=headers)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "no feed entries")()
        raise MalformedInputError(f"not an RSS or Atom feed ({reason})", input=source)
    feed_title = parsed.feed.get("title")
    site = parsed.feed.get("link")
    site = str(site) if site and str(site).startswith(("http://", "https://")) else None
    items: list[FeedItem] = []
    for entry in parsed.entries:
        link = entry.get("link")
        if link and not _is_absolute(str(link)) and site is not None:
            link = urljoin(site, str(link))
        text = _item_text(entry)
        key = entry.get("id") or link or "sha256:" + hashlib.sha256(
            "\x1f".join(str(v or "") for v in (entry.get("title"), text, dict.get(entry, "published"),
                                                dict.get(entry, "updated"))).encode()
        ).hexdigest()[:32]
        authors = [a.get("name") for a in entry.get("authors", []) if a.get("name")]
        if not authors and entry.get("author"):
            authors = [entry["author"]]
        items.append(FeedItem(
            key=str(key), url=str(link) if link else None, title=entry.get("title"),
            published=_when(entry), authors=[str(a) for a in authors], summary=entry.get("summary"),
            feed_title=feed_title, feed=source, text=text,
        ))
    return items


def read_feed(feed: str | Path, fetcher: Fetcher | None = None) -> list[FeedItem]:
    """The items of a feed at a URL (fetched with ``fetcher``) or in a local file."""
    text = str(feed)
    if text.startswith(("http://", "https://")):
        if fetcher is None:
            raise InputError("a Fetcher is needed to read a feed from a URL", input=text)
        result = fetcher.fetch(text, allowed_types=FEED_TYPES + HTML_TYPES + ("text/plain",))
        return parse_feed(result.body, source=text, base=result.final_url)
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


def text_document(item: FeedItem) -> Document:
    """A document of an item's own text (an item without a link); raises EmptyInputError when short."""
    text = html_to_text(item.text or "")
    words = len(text.split())
    if words < ITEM_TEXT_MIN_WORDS:
        raise EmptyInputError(
            "feed item without a link" + (f", and its text is too short for an article ({words} words)"
                                          if words else ", and without text"), input=item.label())
    return Document(
        text=text, title=item.title, source=item.feed_title, published=item.published,
        authors=list(item.authors),
        provenance=Provenance(source=item.feed, reader="feed", record=item.key),
        extra={"feed": item.feed, "feed_item": item.key},
    )


def feed_documents(
    items: Sequence[FeedItem], fetcher: Fetcher, *, workers: int = 4
) -> Iterator[Document | Quarantined]:
    """Follow each item to its article; an item that cannot be fetched or read is quarantined.

    An item without a link gives a document of its own text when that is long enough. An item whose
    page fails for now (see :attr:`amity.errors.FetchError.transient`) has ``retry`` set.
    """
    linked: list[FeedItem] = []
    for item in items:
        item.retry = False
        if item.url and _is_absolute(item.url):
            linked.append(item)
            continue
        if item.url:
            err: InputError = MalformedInputError(
                f"relative link '{item.url}' and no base URL to resolve it against (a local feed file "
                "without an absolute <link> or xml:base)", input=item.label())
            yield Quarantined(input=item.label(), reason=err.one_line(), code=err.code)
            continue
        try:
            yield text_document(item)
        except InputError as exc:
            yield Quarantined(input=item.label(), reason=exc.one_line(), code=exc.code)
    pages = fetcher.fetch_each([item.url for item in linked if item.url], workers=workers,
                               allowed_types=HTML_TYPES)
    for item, (url, page) in zip(linked, pages, strict=True):
        if isinstance(page, FetchError):
            item.retry = page.transient
            logger.info("quarantined%s: %s", " (to retry)" if page.transient else "", page.one_line())
            yield Quarantined(input=url, reason=page.one_line(), code=page.code)
            continue
        try:
            yield item_document(item, page)
        except InputError as exc:
            yield Quarantined(input=page.final_url, reason=exc.one_line(), code=exc.code)


# -- watching -------------------------------------------------------------------------------------

# Declared with the store's schema (amity.store.schema), so its migrations create and version it.
feed_seen = s.feed_seen


class FeedWatcher:
    """Remembers ingested feed items (in the store's database), so each poll yields only new ones.

    An item flagged ``retry`` by :func:`feed_documents` (its page failed for now) is not marked seen,
    so the next poll takes it again, until it has failed ``max_attempts`` times in this process.
    """

    def __init__(self, engine: Engine, *, max_attempts: int = 24) -> None:
        self.engine = engine
        self.max_attempts = max_attempts
        self._failures: dict[tuple[str, str], int] = {}
        s.metadata.create_all(engine, tables=[feed_seen])  # a no-op on a store's database

    def new_items(self, feed: str, items: Iterable[FeedItem]) -> list[FeedItem]:
        with self.engine.connect() as conn:
            seen = {row.item_key for row in conn.execute(
                select(feed_seen.c.item_key).where(feed_seen.c.feed == feed)
            )}
        return [item for item in items if item.key not in seen]

    def mark_seen(self, feed: str, items: Iterable[FeedItem]) -> None:
        """Remember the items, except those flagged ``retry`` (fewer than ``max_attempts`` times)."""
        done: list[FeedItem] = []
        for item in items:
            if item.retry:
                failures = self._failures[(feed, item.key)] = self._failures.get((feed, item.key), 0) + 1
                if failures < self.max_attempts:
                    logger.info("will try again at the next poll: %s (%s)", item.url, item.label())
                    continue
                logger.warning("giving up on %s after %d failed polls (%s)", item.url, failures, item.label())
            self._failures.pop((feed, item.key), None)
            done.append(item)
        rows = [{"feed": feed, "item_key": i.key, "url": i.url,
                 "seen_at": datetime.now(UTC).replace(tzinfo=None)} for i in done]
        if not rows:
            return
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(postgresql.insert(feed_seen).on_conflict_do_nothing(), rows)
            else:
                conn.execute(sqlite.insert(feed_seen).on_conflict_do_nothing(), rows)
