"""GDELT 2.0 export files as a source of article URLs: GDELT finds the stories, Amity reads them.

GDELT 2.0 publishes, every 15 minutes, an *events* export (``YYYYMMDDHHMMSS.export.CSV.zip``: one
event a line, 61 tab-separated columns, no header) and a *mentions* file
(``YYYYMMDDHHMMSS.mentions.CSV.zip``: one article mentioning an event a line, 16 columns). The
column names and order below are those of the GDELT 2.0 Event Codebook and the GDELT 2.0 Mentions
table documentation.

:func:`gdelt_articles` keeps the events whose actors belong to the requested countries (GDELT's
``Actor1CountryCode``/``Actor2CountryCode``, CAMEO country codes, which for states are ISO 3166
alpha-3 such as CHN and KHM) and whose day falls in the requested dates, and yields each article
URL once. A mentions file adds the other articles that mention a kept event: its rows are joined on
``GlobalEventID`` with the events files given (all events files are read before any mentions file),
or, when given without one, filtered on dates only.

Filters that cannot work are errors (:class:`amity.errors.ConfigError`), raised when the files are
read: ``mode="dyad"`` without countries, a start after the end, and a country filter on mentions
files given without an events file (a mentions row does not name the actors). A run whose filters
keep no article at all logs a WARNING with what was read.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from amity.errors import ConfigError, MalformedInputError, NotFoundError

logger = logging.getLogger(__name__)

_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")

EVENT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR),
    *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO),
    *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)

MENTION_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
)

_NAME = re.compile(r"\d{14}\.(?:translation\.)?(export|mentions)\.csv(?:\.zip)?$", re.IGNORECASE)
MENTION_TYPE_WEB = "1"

GdeltKind = Literal["events", "mentions"]


@dataclass(frozen=True, slots=True)
class GdeltFilter:
    """Which events to keep.

    ``countries``: keep an event when one of its actors belongs to one of these (``mode="any"``) or
    when its two actors' countries are both in the set and differ (``mode="dyad"``). Empty: keep all.
    ``start``/``end``: inclusive range on the event's day (events) or the mention's date (mentions).
    """

    countries: frozenset[str] = frozenset()
    start: date | None = None
    end: date | None = None
    mode: Literal["any", "dyad"] = "any"

    def check(self) -> None:
        """Raise ConfigError for a filter that cannot be meant: a dyad without countries, start > end."""
        if self.mode == "dyad" and len(self.countries) < 2:
            raise ConfigError(
                "a dyad filter needs at least two countries" + (f", not only {next(iter(self.countries))}"
                                                                if self.countries else ""),
                hint="give them with --countries, e.g. --countries CHN,KHM --dyad",
            )
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ConfigError(f"the start date {self.start} is after the end date {self.end}",
                              hint="--since must be on or before --until")

    def keeps_countries(self, a: str, b: str) -> bool:
        if not self.countries:
            return True
        if self.mode == "dyad":
            return a in self.countries and b in self.countries and a != b
        return a in self.countries or b in self.countries

    def keeps_day(self, day: date | None) -> bool:
        if day is None:
            return self.start is None and self.end is None
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass(slots=True)
class GdeltArticle:
    """An article URL found through GDELT, with what GDELT says about it."""

    url: str
    day: date | None
    source_name: str | None = None
    event_ids: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)


def gdelt_kind(path: Path) -> GdeltKind | None:
    """``events`` or ``mentions`` for a file named as GDELT names them, else None."""
    match = _NAME.search(path.name)
    if not match:
        return None
    return "events" if match.group(1).lower() == "export" else "mentions"


def _day(value: str) -> date | None:
    digits = value.strip()[:8]
    if len(digits) < 8 or not digits.isdigit():
        return None
    try:
        return datetime.strptime(digits, "%Y%m%d").date()
    except ValueError:
        return None


def iter_rows(path: Path, width: int) -> Iterator[list[str]]:
    """The tab-separated rows of a GDELT file (zipped or not), each checked for the column count."""
    name = str(path)
    if not path.is_file():
        raise NotFoundError("no such GDELT file", input=name)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if not m.endswith("/")]
            if not members:
                raise MalformedInputError("the zip file is empty", input=name)
            for member in members:
                with archive.open(member) as raw:
                    yield from _rows(io.TextIOWrapper(raw, encoding="utf-8", errors="replace"), width, name)
    else:
        with path.open(encoding="utf-8", errors="replace") as handle:
            yield from _rows(handle, width, name)


def _rows(handle: Iterable[str], width: int, name: str) -> Iterator[list[str]]:
    reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
    for number, row in enumerate(reader, start=1):
        if not row:
            continue
        if len(row) != width:
            raise MalformedInputError(
                f"line {number} has {len(row)} columns; a GDELT 2.0 file of this kind has {width}",
                input=name, hint="is it a GDELT 1.0 file, or another table?",
            )
        yield row


def gdelt_articles(
    paths: Sequence[Path], gdelt_filter: GdeltFilter | None = None
) -> Iterator[GdeltArticle]:
    """Each article URL once, from GDELT events files, then mentions files (each kind in the order given).

    Raises ConfigError for filters that cannot work (see the module docstring).
    """
    flt = gdelt_filter or GdeltFilter()
    flt.check()
    kinds = [(path, gdelt_kind(path) or _sniff(path)) for path in paths]
    events_files = [path for path, kind in kinds if kind == "events"]
    mentions_files = [path for path, kind in kinds if kind == "mentions"]
    if flt.countries and mentions_files and not events_files:
        raise ConfigError(
            "a country filter cannot be applied to mentions files alone: a mentions row does not name "
            "the event's actors", input=", ".join(map(str, mentions_files)),
            hint="give the events exports (*.export.CSV.zip) of the same times too, or drop --countries",
        )
    seen: dict[str, GdeltArticle] = {}
    kept_events: dict[str, tuple[str, str]] = {}  # event id -> actor countries, for the mentions join
    ev = {name: i for i, name in enumerate(EVENT_COLUMNS)}
    me = {name: i for i, name in enumerate(MENTION_COLUMNS)}
    events_read = mentions_read = 0
    for path in events_files:
        for row in iter_rows(path, len(EVENT_COLUMNS)):
            events_read += 1
            a, b = row[ev["Actor1CountryCode"]], row[ev["Actor2CountryCode"]]
            day = _day(row[ev["Day"]])
            if not flt.keeps_countries(a, b) or not flt.keeps_day(day):
                continue
            event_id = row[ev["GlobalEventID"]]
            kept_events[event_id] = (a, b)
            article = _add(seen, row[ev["SOURCEURL"]].strip(), day, None, event_id, (a, b))
            if article is not None:
                yield article
    for path in mentions_files:
        for row in iter_rows(path, len(MENTION_COLUMNS)):
            mentions_read += 1
            if row[me["MentionType"]] != MENTION_TYPE_WEB:
                continue
            event_id = row[me["GlobalEventID"]]
            day = _day(row[me["MentionTimeDate"]])
            if not flt.keeps_day(day):
                continue
            if events_files:  # joined with the events: only mentions of kept events
                if event_id not in kept_events:
                    continue
                countries = kept_events[event_id]
            else:
                countries = ("", "")
            article = _add(seen, row[me["MentionIdentifier"]].strip(), day,
                           row[me["MentionSourceName"]] or None, event_id, countries)
            if article is not None:
                yield article
    if not seen:
        logger.warning(
            "GDELT: no article URL kept from %d event rows and %d mention rows (%s); check --countries, "
            "--dyad, --since and --until", events_read, mentions_read, _describe(flt),
        )


def _describe(flt: GdeltFilter) -> str:
    parts = []
    if flt.countries:
        parts.append(("dyads of " if flt.mode == "dyad" else "countries ") + ",".join(sorted(flt.countries)))
    if flt.start or flt.end:
        parts.append(f"days {flt.start or '...'} to {flt.end or '...'}")
    return "; ".join(parts) or "no filter"


def _add(
    seen: dict[str, GdeltArticle], url: str, day: date | None, source: str | None, event_id: str,
    countries: tuple[str, str],
) -> GdeltArticle | None:
    """Record the article; return it only the first time its URL is seen."""
    if not url.startswith(("http://", "https://")):
        return None
    codes = [c for c in countries if c]
    known = seen.get(url)
    if known is not None:
        known.event_ids.append(event_id)
        known.countries.extend(c for c in codes if c not in known.countries)
        return None
    article = GdeltArticle(url=url, day=day, source_name=source, event_ids=[event_id],
                           countries=list(dict.fromkeys(codes)))
    seen[url] = article
    return article


def _sniff(path: Path) -> GdeltKind:
    width = _first_width(path)
    if width == len(EVENT_COLUMNS):
        return "events"
    if width == len(MENTION_COLUMNS):
        return "mentions"
    raise MalformedInputError(
        f"{width} columns: neither a GDELT 2.0 events export ({len(EVENT_COLUMNS)}) nor a mentions file "
        f"({len(MENTION_COLUMNS)})", input=str(path),
    )


def _first_width(path: Path) -> int:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if not m.endswith("/")]
            if not members:
                return 0
            with archive.open(members[0]) as raw:
                line = raw.readline().decode("utf-8", errors="replace")
    else:
        with path.open(encoding="utf-8", errors="replace") as handle:
            line = handle.readline()
    return len(line.rstrip("\r\n").split("\t")) if line.strip() else 0
