"""Polite, safe HTTP fetching with httpx: what ``amity ingest URL...`` and feeds use.

What a crawler of news sites owes the sites and its own host:

* **timeouts** on connect and read, and **retries with exponential backoff** on network errors and on
  429/5xx answers (``Retry-After`` honoured, capped);
* **per-host politeness**: at most ``per_host_concurrency`` requests in flight to one host and at
  least ``per_host_delay`` seconds between the starts of two requests (or the site's robots.txt
  ``Crawl-delay``, when longer);
* **robots.txt** honoured (fetched once per host; 401/403 mean "keep out", other 4xx "no rules");
* a **maximum response size** (checked on ``Content-Length`` and again while streaming), a
  **content-type** allow-list (a response of a generic type such as ``application/octet-stream`` is
  accepted when its body is a feed or an HTML page the caller accepts), and at most
  ``max_redirects`` redirects, each one checked again;
* a **cache** keyed by URL (a sidecar SQLite file) holding the body with its ETag and Last-Modified, so
  a rerun asks ``If-None-Match``/``If-Modified-Since`` and a 304 costs no download;
* a guard against **server-side request forgery**: a URL whose host resolves to a private, loopback,
  link-local, multicast or reserved address is refused unless ``allow_private`` is set. The check runs
  on every redirect hop. (A DNS answer that changes between the check and the connection is not
  covered; run behind an egress proxy when fetching untrusted URL lists on a sensitive network.)

Redirects are followed by hand, not by httpx, because every hop must pass the SSRF guard and robots.

Each kind of failure has its own error (and code): an HTTP error status is a :class:`FetchError`
(E108, ``HTTP 404 Not Found``), and :class:`UnreachableError` (E120: network, timeout, 429/5xx after
the retries), :class:`ContentTypeError` (E121), :class:`ResponseTooLargeError` (E122),
:class:`URLRefusedError` (E123: scheme, no host, non-public address) and
:class:`RobotsDisallowedError` (E124) are its subclasses. ``FetchError.transient`` says whether a
later attempt may succeed (404, 408, and everything unreachable), which a feed watcher uses to
try an item again at its next poll. :meth:`FetchResult.text` decodes with the header charset, else
the page's ``<meta charset>``, else UTF-8, else a detected charset (:mod:`amity.ingest.charset`).
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import re
import socket
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from amity.errors import (
    ContentTypeError,
    FetchError,
    ResponseTooLargeError,
    RobotsDisallowedError,
    UnreachableError,
    URLRefusedError,
)
from amity.ingest.charset import decode_html
from amity.model import Quarantined

logger = logging.getLogger(__name__)

USER_AGENT = "amity/0.1 (research crawler for cooperation indicators)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml", "application/x-rss+xml", "application/atom+xml", "application/x-atom+xml",
    "application/rdf+xml", "application/xml", "text/xml",
)
TEXT_TYPES = ("text/plain",)
# Types that say nothing about the body: accepted when the body sniffs as a feed or page the caller takes.
GENERIC_TYPES = ("application/octet-stream", "binary/octet-stream", "text/plain", "application/unknown", "")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
TRANSIENT_STATUSES = frozenset({404, 408, 425})  # not retried at once, but worth trying at a later poll

_FEED_ROOTS = (b"rss", b"feed", b"rdf:rdf")
_ROOT = re.compile(rb"<(?![?!])([A-Za-z][\w:.-]*)")  # the first element, past <?xml ?> and <!-- -->
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.I | re.S)


def looks_like_feed(data: bytes) -> bool:
    """True for bytes whose root element is RSS, Atom or RDF (after any XML declaration/comments)."""
    match = _ROOT.search(data[:4096].lstrip(b"\xef\xbb\xbf"))
    return match is not None and match.group(1).lower() in _FEED_ROOTS


def sniff_type(data: bytes) -> str | None:
    """``application/rss+xml`` for a feed, ``text/html`` for an HTML page, else None."""
    if looks_like_feed(data):
        return "application/rss+xml"
    if _HTML_START.match(data[:4096].lstrip(b"\xef\xbb\xbf")):
        return "text/html"
    return None
MAX_RETRY_AFTER = 60.0


@dataclass(slots=True)
class FetchConfig:
    """How to fetch. Defaults suit crawling news sites one article at a time."""

    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0  # seconds; doubled at each retry
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    allowed_types: tuple[str, ...] = HTML_TYPES + FEED_TYPES + TEXT_TYPES
    per_host_delay: float = 1.0
    per_host_concurrency: int = 2
    respect_robots: bool = True
    allow_private: bool = False
    user_agent: str = USER_AGENT
    cache_max_age: float = 3600.0  # seconds a cached page is used without asking the server again


@dataclass(slots=True)
class FetchResult:
    """A fetched response body and what is known about it."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    fetched_at: datetime
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    from_cache: bool = False
    redirects: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The body decoded: header charset, else ``<meta charset>``, else UTF-8, else detected."""
        return decode_html(self.body, self.encoding)[0]


# -- SSRF guard -----------------------------------------------------------------------------------


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified)


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Refuse URLs that are not http(s) or whose host resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise URLRefusedError(f"only http and https URLs are fetched, not '{parts.scheme or 'none'}'",
                              input=url)
    try:
        host = parts.hostname
        port = parts.port
    except ValueError as exc:  # a bad port or IPv6 literal
        raise URLRefusedError(f"invalid URL ({exc})", input=url) from exc
    if not host:
        raise URLRefusedError("the URL has no host", input=url)
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnreachableError(f"cannot resolve host '{host}' ({exc})", input=url, transient=True) from exc
    for info in infos:
        address = str(info[4][0])
        if not _is_public(address):
            raise URLRefusedError(
                f"refused: host '{host}' resolves to the non-public address {address}",
                input=url,
                hint="pass --allow-private to fetch from private, loopback or link-local addresses",
            )


# -- cache ----------------------------------------------------------------------------------------


class FetchCache:
    """Responses by URL in a SQLite file: body, validators, final URL. Thread-safe."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS fetch_cache (url TEXT PRIMARY KEY, final_url TEXT NOT NULL, "
            "status INTEGER NOT NULL, content_type TEXT NOT NULL, encoding TEXT, etag TEXT, "
            "last_modified TEXT, fetched_at TEXT NOT NULL, body BLOB NOT NULL)"
        )

    def get(self, url: str) -> FetchResult | None:
        with self._lock:
            row = self._db.execute(
                "SELECT final_url, status, content_type, encoding, etag, last_modified, fetched_at, body "
                "FROM fetch_cache WHERE url = ?", (url,)
            ).fetchone()
        if row is None:
            return None
        return FetchResult(url=url, final_url=row[0], status=row[1], content_type=row[2], encoding=row[3],
                           etag=row[4], last_modified=row[5], fetched_at=datetime.fromisoformat(row[6]),
                           body=row[7], from_cache=True)

    def put(self, result: FetchResult) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO fetch_cache VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (result.url, result.final_url, result.status, result.content_type, result.encoding,
                 result.etag, result.last_modified, result.fetched_at.isoformat(), result.body),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()


# -- politeness -----------------------------------------------------------------------------------


class _HostGate:
    """Per-host concurrency limit and minimum delay between request starts."""

    def __init__(self, concurrency: int) -> None:
        self.semaphore = threading.Semaphore(max(1, concurrency))
        self.lock = threading.Lock()
        self.next_start = 0.0


class Fetcher:
    """Fetch URLs politely and safely. Reuse one Fetcher for a whole run (connection pool, robots)."""

    def __init__(
        self,
        config: FetchConfig | None = None,
        *,
        cache: FetchCache | str | Path | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config or FetchConfig()
        self.cache = FetchCache(cache) if isinstance(cache, str | Path) else cache
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.config.timeout),
            follow_redirects=False,
            headers={"User-Agent": self.config.user_agent},
            transport=transport,
        )
        self._sleep = sleep
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._host_delays: dict[str, float] = {}  # robots.txt Crawl-delay, per host
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()
        if self.cache is not None:
            self.cache.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public ----------------------------------------------------------------------------------

    def fetch(self, url: str, *, allowed_types: tuple[str, ...] | None = None) -> FetchResult:
        """Fetch one URL (from the cache when the server says it has not changed)."""
        allowed = allowed_types or self.config.allowed_types
        cached = self.cache.get(url) if self.cache is not None else None
        if cached is not None and self.config.cache_max_age > 0:
            age = (datetime.now(UTC) - cached.fetched_at).total_seconds()
            if age < self.config.cache_max_age:
                logger.info("fresh in cache (%.0f s old): %s", age, url)
                return cached
        current = url
        redirects: list[str] = []
        for _ in range(self.config.max_redirects + 1):
            check_url(current, allow_private=self.config.allow_private)
            if self.config.respect_robots and not self.allowed_by_robots(current):
                raise RobotsDisallowedError("disallowed by the site's robots.txt", input=current)
            headers: dict[str, str] = {}
            if cached is not None and not redirects:
                if cached.etag:
                    headers["If-None-Match"] = cached.etag
                if cached.last_modified:
                    headers["If-Modified-Since"] = cached.last_modified
            outcome = self._request(current, headers, allowed)
            if isinstance(outcome, str):  # a redirect target
                redirects.append(current)
                current = outcome
                continue
            if outcome.status == 304 and cached is not None:
                logger.info("not modified, from cache: %s", url)
                cached.redirects = redirects
                return cached
            outcome.url = url
            outcome.redirects = redirects
            if self.cache is not None and outcome.status == 200:
                self.cache.put(outcome)
            return outcome
        raise FetchError(f"more than {self.config.max_redirects} redirects", input=url)

    def fetch_many(
        self, urls: Iterable[str], *, workers: int = 4, allowed_types: tuple[str, ...] | None = None
    ) -> Iterator[FetchResult | Quarantined]:
        """Fetch URLs concurrently (politeness still per host), yielding results in input order.

        At most ``4 * workers`` URLs are in flight, so a long URL list is streamed, not loaded.
        A URL that cannot be fetched comes out Quarantined, with its error's code and reason.
        """
        for url, outcome in self.fetch_each(urls, workers=workers, allowed_types=allowed_types):
            if isinstance(outcome, FetchError):
                logger.info("quarantined: %s", outcome.one_line())  # the caller reports the Quarantined item
                yield Quarantined(input=url, reason=outcome.one_line(), code=outcome.code)
            else:
                yield outcome

    def fetch_each(
        self, urls: Iterable[str], *, workers: int = 4, allowed_types: tuple[str, ...] | None = None
    ) -> Iterator[tuple[str, FetchResult | FetchError]]:
        """As :meth:`fetch_many`, but each URL with its result or its FetchError (``.transient``...)."""
        def task(u: str) -> tuple[str, FetchResult | FetchError]:
            try:
                return u, self.fetch(u, allowed_types=allowed_types)
            except FetchError as exc:
                return u, exc

        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            pending: deque[Future[tuple[str, FetchResult | FetchError]]] = deque()
            for url in urls:
                pending.append(pool.submit(task, url))
                if len(pending) >= 4 * max(1, workers):
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    def allowed_by_robots(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            known = origin in self._robots
        if not known:
            parser = self._load_robots(origin)
            with self._lock:
                self._robots[origin] = parser
        parser = self._robots[origin]
        return True if parser is None else parser.can_fetch(self.config.user_agent, url)

    # -- internals -------------------------------------------------------------------------------

    def _load_robots(self, origin: str) -> RobotFileParser | None:
        robots_url = origin + "/robots.txt"
        parser = RobotFileParser(robots_url)
        try:
            outcome = self._request(robots_url, {}, ("text/plain", "text/html", ""), any_type=True)
        except FetchError as exc:
            logger.info("no robots.txt rules for %s: %s", origin, exc.one_line())
            return None
        if isinstance(outcome, str):
            return None  # a redirected robots.txt: treat as no rules rather than chase it
        if outcome.status in (401, 403):
            parser.parse(["User-agent: *", "Disallow: /"])
            return parser
        if outcome.status >= 400:
            return None
        parser.parse(outcome.text().splitlines())
        delay = parser.crawl_delay(self.config.user_agent)
        if delay:
            with self._lock:
                self._host_delays[urlsplit(origin).netloc] = float(delay)
        return parser

    def _gate(self, host: str) -> _HostGate:
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = _HostGate(self.config.per_host_concurrency)
            return gate

    def _wait_turn(self, host: str) -> None:
        gate = self._gate(host)
        delay = max(self.config.per_host_delay, self._host_delays.get(host, 0.0))
        with gate.lock:
            now = time.monotonic()
            start = max(now, gate.next_start)
            gate.next_start = start + delay
        if start > now:
            self._sleep(start - now)

    def _request(
        self, url: str, headers: dict[str, str], allowed: tuple[str, ...], *, any_type: bool = False
    ) -> FetchResult | str:
        """One URL with retries: a FetchResult, or the redirect target as a string."""
        host = urlsplit(url).netloc
        gate = self._gate(host)
        last_error = "no attempt made"
        last_status: int | None = None
        for attempt in range(self.config.retries + 1):
            if attempt:
                pause = self.config.backoff * (2 ** (attempt - 1))
                self._sleep(pause)
            with gate.semaphore:
                self._wait_turn(host)
                try:
                    outcome = self._once(url, headers, allowed, any_type=any_type)
                except httpx.TransportError as exc:
                    last_error = f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__
                    last_status = None
                    logger.info("attempt %d for %s failed: %s", attempt + 1, url, last_error)
                    continue
            if isinstance(outcome, tuple):  # retryable status
                status, retry_after = outcome
                last_error = f"HTTP {status}"
                last_status = status
                if retry_after is not None and attempt < self.config.retries:
                    self._sleep(min(retry_after, MAX_RETRY_AFTER))
                continue
            return outcome
        raise UnreachableError(f"failed after {self.config.retries + 1} attempts ({last_error})", input=url,
                               status=last_status, transient=True)

    def _once(
        self, url: str, headers: dict[str, str], allowed: tuple[str, ...], *, any_type: bool
    ) -> FetchResult | str | tuple[int, float | None]:
        try:
            return self._stream(url, headers, allowed, any_type=any_type)
        except httpx.TransportError:
            raise  # retried by _request
        except httpx.HTTPError as exc:  # a body that does not decode (bad gzip), and the like
            raise FetchError(f"cannot read the response ({exc.__class__.__name__}: {exc})", input=url) from exc
        except httpx.InvalidURL as exc:
            raise URLRefusedError(f"invalid URL ({exc})", input=url) from exc

    def _stream(
        self, url: str, headers: dict[str, str], allowed: tuple[str, ...], *, any_type: bool
    ) -> FetchResult | str | tuple[int, float | None]:
        with self._client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if status in RETRY_STATUSES:
                return status, _retry_after(response.headers.get("Retry-After"))
            if status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location", input=url)
                return str(urljoin(url, location))
            content_type = response.headers.get("Content-Type", "")
            media_type = content_type.split(";", 1)[0].strip().lower()
            if status == 304:
                return self._result(url, response, b"", media_type)
            if status >= 400 and not any_type:
                phrase = f" {response.reason_phrase}" if response.reason_phrase else ""
                raise FetchError(f"HTTP {status}{phrase}", input=url, status=status,
                                 transient=status in TRANSIENT_STATUSES)
            sniff = False
            if not any_type and status < 300 and media_type not in allowed:
                if media_type not in GENERIC_TYPES or not any(t in allowed for t in HTML_TYPES + FEED_TYPES):
                    raise ContentTypeError(
                        f"content type '{media_type or 'none'}' is not one of {', '.join(allowed)}", input=url
                    )
                sniff = True  # a generic type: accepted if the body is a feed or page the caller takes
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > self.config.max_bytes:
                raise ResponseTooLargeError(
                    f"response of {int(length)} bytes is over the {self.config.max_bytes}-byte limit",
                    input=url,
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.config.max_bytes:
                    raise ResponseTooLargeError(f"response is over the {self.config.max_bytes}-byte limit",
                                                input=url)
                chunks.append(chunk)
            body = b"".join(chunks)
            if sniff:
                found = sniff_type(body)
                if found is None or found not in allowed:
                    raise ContentTypeError(
                        f"content type '{media_type or 'none'}' is not one of {', '.join(allowed)}, and the "
                        "body is not " + ("a feed or an HTML page" if found is None else f"{found}"),
                        input=url,
                    )
                logger.info("content type '%s' taken as %s (sniffed): %s", media_type or "none", found, url)
                media_type = found
            return self._result(url, response, body, media_type)

    @staticmethod
    def _result(url: str, response: httpx.Response, body: bytes, media_type: str) -> FetchResult:
        return FetchResult(
            url=url, final_url=str(response.url), status=response.status_code, content_type=media_type,
            body=body, fetched_at=datetime.now(UTC), encoding=response.charset_encoding,
            etag=response.headers.get("ETag"), last_modified=response.headers.get("Last-Modified"),
        )


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
