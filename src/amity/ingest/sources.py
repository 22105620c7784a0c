"""Everything ``amity ingest`` accepts, turned into one stream of documents (or quarantined inputs).

An input is, in order of the checks: an ``http(s)://`` URL (an article page, or a feed whose items
are followed); a WARC file; a GDELT 2.0 events or mentions export (article URLs, filtered by actor
countries and dates, then fetched); a CSV/TSV/JSONL corpus (gzip too); a feed file; a list of URLs
(a text file whose lines are URLs); a directory or a glob (each file by the same rules); anything
else goes to the plain readers (wire text, HTML, JSONL) of :mod:`amity.ingest.readers`.

Everything is a generator: a million-line corpus or a long URL list is streamed, never loaded.
"""

from __future__ import annotations

import codecs
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from amity.errors import InputError, NotFoundError, UnsupportedFormatError
from amity.ingest.corpus import CSV_SUFFIXES, corpus_kind, iter_corpus
from amity.ingest.corpus import JSONL_SUFFIXES as CORPUS_JSONL_SUFFIXES
from amity.ingest.feeds import feed_documents, looks_like_feed, parse_feed, read_feed
from amity.ingest.fetch import FetchConfig, Fetcher, FetchResult
from amity.ingest.gdelt import GdeltFilter, gdelt_articles, gdelt_kind
from amity.ingest.jsonl import JsonlFields
from amity.ingest.readers import (
    SUPPORTED,
    expand_glob,
    is_glob,
    no_readable_files,
    read_documents,
    reader_kind,
    unsupported_error,
    walk_directory,
)
from amity.ingest.warc import WARC_SUFFIXES, is_warc, read_warc
from amity.model import Document, Provenance, Quarantined

logger = logging.getLogger(__name__)

FEED_SUFFIXES = (".rss", ".atom", ".xml")
URL_LIST_SUFFIXES = (".txt", ".urls", ".lst", ".list")
GDELT_SUFFIXES = (".export.CSV.zip", ".mentions.CSV.zip")  # as GDELT names them (gdelt_kind)
# Everything ``amity ingest`` reads, generated from the readers' own lists (the E106 message).
INGEST_SUFFIXES = sorted(
    set(SUPPORTED) | set(CSV_SUFFIXES) | set(CORPUS_JSONL_SUFFIXES) | set(WARC_SUFFIXES)
    | set(FEED_SUFFIXES) | set(URL_LIST_SUFFIXES) | set(GDELT_SUFFIXES),
    key=str.lower,
)


@dataclass(slots=True)
class SourceOptions:
    """How to read the inputs of one ingest run."""

    fields: JsonlFields | None = None
    fetch: FetchConfig = field(default_factory=FetchConfig)
    cache: Path | None = None  # the fetch cache (a SQLite file); None: no cache
    gdelt: GdeltFilter = field(default_factory=GdeltFilter)
    fetch_workers: int = 4
    # Of some URLs, those whose documents are stored already: not fetched again (a resumed run). None: all.
    stored: Callable[[Sequence[str]], set[str]] | None = None


_STORED_CHUNK = 200  # URLs looked up in the store at a time


def unstored(urls: Iterable[str], stored: Callable[[Sequence[str]], set[str]] | None) -> Iterator[str]:
    """The URLs whose documents are not stored yet, in order, looked up a chunk at a time (memory stays flat)."""
    if stored is None:
        yield from urls
        return
    pending = iter(urls)
    while chunk := list(itertools.islice(pending, _STORED_CHUNK)):
        known = stored(chunk)
        if known:
            logger.info("%d URL(s) stored already: not fetched again", len(known))
        yield from (url for url in chunk if url not in known)


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _looks_like_url_list(path: Path) -> bool:
    """A text file whose first non-blank, non-comment lines are all URLs (a BOM before them is fine)."""
    if not path.name.lower().endswith(URL_LIST_SUFFIXES):
        return False
    try:
        lines = list(itertools.islice(_url_list(path), 5))
    except OSError:
        return False
    return bool(lines) and all(is_url(line) and " " not in line for line in lines)


def _text_encoding(path: Path) -> str:
    """UTF-16 when the file starts with its BOM (Notepad's "Unicode"), else UTF-8 with its BOM dropped."""
    with path.open("rb") as handle:
        head = handle.read(2)
    return "utf-16" if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8-sig"


def _url_list(path: Path) -> Iterator[str]:
    with path.open(encoding=_text_encoding(path), errors="replace") as handle:
        for line in handle:
            line = line.strip().lstrip("\ufeff")
            if line and not line.startswith("#"):
                yield line


def page_document(page: FetchResult) -> Document:
    """A fetched page as a document: HTML through the HTML reader, plain text as it is."""
    from amity.ingest.html import parse_html
    from amity.ingest.wire import looks_like_wire, parse_plain, parse_wire

    text = page.text()
    if page.content_type == "text/plain":
        document = parse_wire(text, source_name=page.final_url) if looks_like_wire(text) else \
            parse_plain(text, source_name=page.final_url)
        document.path = None
        document.url = page.final_url
    else:
        document = parse_html(text, source_name=page.final_url, url=page.final_url)
    document.provenance = Provenance(source=page.url, reader="url", fetched_at=page.fetched_at)
    return document


class SourceReader:
    """Reads inputs of every kind; owns the Fetcher (and its cache) for the run."""

    def __init__(self, options: SourceOptions | None = None, *, fetcher: Fetcher | None = None) -> None:
        self.options = options or SourceOptions()
        self._fetcher = fetcher

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.options.fetch, cache=self.options.cache)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    def __enter__(self) -> SourceReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- dispatch --------------------------------------------------------------------------------

    def read(self, inputs: Sequence[str | Path]) -> Iterator[Document | Quarantined]:
        """Every document in the inputs, in order; what cannot be read comes out Quarantined."""
        urls: list[str] = []
        gdelt_files: list[Path] = []
        for item in inputs:
            text = str(item)
            if is_url(text):
                urls.append(text)
                continue
            yield from self._urls(urls)
            urls = []
            for path in self._expand(text):
                if isinstance(path, Quarantined):
                    yield path
                elif gdelt_kind(path) is not None:
                    gdelt_files.append(path)  # read together: mentions join the events before them
                else:
                    yield from self.read_file(path)
        yield from self._urls(urls)
        if gdelt_files:
            yield from self.read_gdelt(gdelt_files)

    def _expand(self, text: str) -> Iterator[Path | Quarantined]:
        path = Path(text).expanduser()
        if path.is_dir():
            # hidden entries (.git, .venv) and SQLite files (the database itself) are not inputs
            files = walk_directory(path)
            if not files:
                yield no_readable_files(text, warn=True)
            yield from files
        elif path.is_file():
            yield path
        elif is_glob(text):
            yield from expand_glob(text)
        else:
            err = NotFoundError("no such file, directory or URL", input=text)
            yield Quarantined(input=text, reason=err.one_line(), code=err.code)

    def read_file(self, path: Path) -> Iterator[Document | Quarantined]:
        if is_warc(path):
            yield from read_warc(path)
        elif corpus_kind(path) is not None:
            yield from iter_corpus(path, self.options.fields)
        elif _looks_like_url_list(path):
            yield from self._urls(_url_list(path))
        elif path.name.lower().endswith(FEED_SUFFIXES) or _sniff_feed(path):
            yield from self.read_feed(str(path))
        elif reader_kind(path) is not None or path.name.lower().endswith(".parquet"):
            yield from read_documents([path], fields=self.options.fields)
        else:
            err = _not_read(path)
            yield Quarantined(input=str(path), reason=err.one_line(), code=err.code)

    def _urls(self, urls: Iterable[str]) -> Iterator[Document | Quarantined]:
        """Fetch URLs (streamed); a page that turns out to be a feed has its items followed."""
        pending = unstored(urls, self.options.stored)
        first = next(pending, None)
        if first is None:
            return  # no HTTP client for a run of local files: building one costs 0.14 s and httpx's import
        for page in self.fetcher.fetch_many(itertools.chain((first,), pending), workers=self.options.fetch_workers):
            if isinstance(page, Quarantined):
                yield page
                continue
            if looks_like_feed(page.body):
                try:
                    items = parse_feed(page.body, source=page.url, base=page.final_url)
                except InputError as exc:
                    yield Quarantined(input=page.url, reason=exc.one_line(), code=exc.code)
                    continue
                yield from feed_documents(items, self.fetcher, workers=self.options.fetch_workers)
                continue
            try:
                yield page_document(page)
            except InputError as exc:
                yield Quarantined(input=page.url, reason=exc.one_line(), code=exc.code)

    def read_feed(self, feed: str) -> Iterator[Document | Quarantined]:
        try:
            items = read_feed(feed, self.fetcher if is_url(feed) else None)
        except InputError as exc:
            yield Quarantined(input=feed, reason=exc.one_line(), code=exc.code)
            return
        yield from feed_documents(items, self.fetcher, workers=self.options.fetch_workers)

    def read_gdelt(self, paths: Sequence[Path]) -> Iterator[Document | Quarantined]:
        """Fetch the articles that GDELT files point to, with GDELT's metadata attached."""
        try:
            articles = list(gdelt_articles(paths, self.options.gdelt))
        except InputError as exc:
            yield Quarantined(input=", ".join(map(str, paths)), reason=exc.one_line(), code=exc.code)
            return
        logger.info("GDELT: %d article URLs after filtering", len(articles))
        todo = set(unstored([a.url for a in articles], self.options.stored))
        articles = [a for a in articles if a.url in todo]
        pages = self.fetcher.fetch_many([a.url for a in articles], workers=self.options.fetch_workers)
        for article, page in zip(articles, pages, strict=True):
            if isinstance(page, Quarantined):
                yield page
                continue
            try:
                document = page_document(page)
            except InputError as exc:
                yield Quarantined(input=page.url, reason=exc.one_line(), code=exc.code)
                continue
            if document.published is None and article.day is not None:
                document.published = datetime(article.day.year, article.day.month, article.day.day,
                                              tzinfo=UTC)
            document.source = document.source or article.source_name
            document.provenance = Provenance(source=str(paths[0]), reader="gdelt", record=article.url,
                                             fetched_at=page.fetched_at)
            document.extra["gdelt"] = {"event_ids": article.event_ids[:50], "countries": article.countries}
            yield document


def _not_read(path: Path) -> InputError:
    if path.name.lower().endswith(URL_LIST_SUFFIXES):
        return UnsupportedFormatError(
            f"'{path.suffix}' files are read as lists of URLs, and this one's first lines are not URLs",
            input=str(path), hint="one http(s):// URL a line; lines starting with # are comments",
        )
    return unsupported_error(path, INGEST_SUFFIXES)


def _sniff_feed(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return looks_like_feed(handle.read(2048))
    except OSError:
        return False


def read_sources(
    inputs: Sequence[str | Path], options: SourceOptions | None = None, *, fetcher: Fetcher | None = None
) -> Iterator[Document | Quarantined]:
    """Every document from inputs of any kind (see the module docstring)."""
    with SourceReader(options, fetcher=fetcher) as reader:
        yield from reader.read(inputs)
