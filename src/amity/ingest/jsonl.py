"""JSON Lines corpora with configurable field names; gzip is read transparently."""

from __future__ import annotations

import gzip
import json
import logging
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from amity.errors import InputError, InputTooLargeError, MalformedInputError
from amity.ingest.checks import MAX_DOCUMENT_BYTES, decode_text
from amity.model import Document, Provenance, Quarantined
from amity.nlp.dateline import dateline_of

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class JsonlFields:
    """Which JSON keys hold which document field."""

    text: str = "text"
    title: str = "title"
    published: str = "published"
    url: str = "url"
    source: str = "source"
    authors: str = "authors"
    language: str = "language"
    id: str | None = None
    #: read numeric dates such as 05/10/2024 day-first (5 October) rather than month-first (May 10)
    day_first: bool = False


_MISSING = frozenset({
    "", "na", "n/a", "n.a.", "n.a", "#n/a", "nan", "nat", "null", "none", "nil", "undefined", "unknown",
    "n.d.", "n.d", "nd", "n/d", "no date", "undated", "-", "--", "---", "\u2013", "\u2014", "?", "??", ".",
})
_RELATIVE = re.compile(
    r"\b(?:ago|today|tonight|yesterday|tomorrow|now|last|next|this|hence|earlier|later)\b|\bin\s+\d+\s+\w+",
    re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_DAY_FIRST_ONLY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b")
# Unix timestamps: from 1973-03-03 (1e8 s); from 1e11 (year 5138 in seconds) on they are milliseconds
_MIN_TIMESTAMP, _MS_FROM, _MAX_MS = 1e8, 1e11, 1e14
_hinted_day_first: set[str] = set()


class DateValueError(ValueError):
    """A date value that is there but cannot be used (relative, partial, in the future, not a date)."""


def parse_datetime(value: Any, *, day_first: bool = False) -> datetime | None:
    """A record's date, or None when it is missing or cannot be used (see :func:`read_datetime`)."""
    try:
        return read_datetime(value, day_first=day_first)
    except DateValueError:
        return None


def read_datetime(value: Any, *, day_first: bool = False) -> datetime | None:
    """A record's publication date.

    None for a missing value (None, "", NA, N/A, nan, null, n.d., "-", ...). A number (or a string of
    digits) from 1e8 on is a Unix timestamp, read in UTC; from 1e11 on it counts milliseconds. Text is
    read as ISO 8601, then as the layouts of :func:`amity.ingest.corpus.fast_datetime`, then by
    dateparser with a day, a month and a year required and no relative dates; numeric dates such as
    05/10/2024 are read month-first, or day-first with ``day_first``. A date with a time zone keeps it;
    a date without one is taken as UTC. Raises :class:`DateValueError` for a value that is there but
    is not a usable date: relative ("2 days ago"), partial ("2024", "May"), after tomorrow, not a date.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise DateValueError("a true/false value, not a date")
    if isinstance(value, datetime):
        return None if value != value else _not_future(value)  # pandas' NaT is not equal to itself
    if isinstance(value, date):
        return _not_future(datetime(value.year, value.month, value.day))
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return None
        return _not_future(_from_timestamp(value))
    if not isinstance(value, str):
        raise DateValueError(f"a JSON {'array' if isinstance(value, list | tuple) else 'object'}, not a date"
                             if isinstance(value, list | tuple | dict) else f"a {type(value).__name__}, not a date")
    text = value.strip()
    if text.lower() in _MISSING:
        return None
    try:
        return _not_future(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    if _NUMBER.match(text):
        number = float(text)
        if abs(number) < _MIN_TIMESTAMP:
            raise DateValueError("a bare number, not a full date (a day, a month and a year are needed)")
        return _not_future(_from_timestamp(number))
    from amity.ingest.corpus import fast_datetime  # here, not at the top: corpus imports this module

    if (iso := fast_datetime(text)) is not None:
        return _not_future(datetime.fromisoformat(iso))
    if _RELATIVE.search(text):
        raise DateValueError("a relative date, which would count from the time of ingest")
    parsed = _dateparser(text, day_first)
    if parsed is None:
        raise DateValueError("not a full date (a day, a month and a year are needed)")
    return _not_future(parsed)


def _from_timestamp(number: float) -> datetime:
    if not math.isfinite(number):
        raise DateValueError("not a finite number")
    if number < _MIN_TIMESTAMP:
        raise DateValueError("a number below 1e8, not taken as a Unix timestamp")
    if number >= _MAX_MS:
        raise DateValueError("a number too large for a Unix timestamp in seconds or milliseconds")
    seconds = number / 1000 if number >= _MS_FROM else number
    try:
        return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)  # naive UTC, as stored
    except (OverflowError, OSError, ValueError) as exc:
        raise DateValueError(f"timestamp out of range ({exc})") from exc


def _not_future(value: datetime) -> datetime:
    utc = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo is not None else value
    limit = datetime.combine(datetime.now(UTC).date() + timedelta(days=2), time())
    if utc >= limit:
        raise DateValueError("a date in the future")
    return value


def _dateparser(text: str, day_first: bool) -> datetime | None:
    try:
        import dateparser  # installed with trafilatura; handles "May 12, 2022 04:35 PM"
    except ImportError:  # pragma: no cover
        return None
    settings = {
        "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["custom-formats", "absolute-time"],  # no relative dates, no local-time timestamps
        "DATE_ORDER": "DMY" if day_first else "MDY",
    }
    try:
        parsed = dateparser.parse(text, settings=settings)
    except (ValueError, OverflowError, TypeError):  # dateparser can fail on odd input rather than say None
        return None
    return parsed if isinstance(parsed, datetime) else None


def _record_date(value: Any, fields: JsonlFields, label: str) -> datetime | None:
    try:
        published = read_datetime(value, day_first=fields.day_first)
    except DateValueError as exc:
        logger.warning("%s: date %r not used: %s", label, _shown(value), exc)
        return None
    if not fields.day_first and isinstance(value, str) and (match := _DAY_FIRST_ONLY.match(value)):
        name = label.rsplit(":", 1)[0]
        if int(match.group(1)) > 12 and name not in _hinted_day_first and len(_hinted_day_first) < 1000:
            _hinted_day_first.add(name)
            logger.warning("%s: date %r can only be day-first, but numeric dates are read month-first; if "
                           "this corpus writes dates day-first, ingest it with --day-first", label, value)
    return published


def _shown(value: Any) -> Any:
    return value[:80] if isinstance(value, str) else value


def record_to_document(record: dict[str, Any], fields: JsonlFields, *, name: str, line: int) -> Document:
    """The document of one record; a value that cannot be converted raises an :class:`InputError`
    naming the record, so that the record is quarantined and reading goes on."""
    label = f"{name}:{line}"
    try:
        return _record_to_document(record, fields, name=name, line=line, label=label)
    except (TypeError, ValueError, OverflowError, RecursionError) as exc:
        raise MalformedInputError(f"cannot convert the record ({exc.__class__.__name__}: {exc})",
                                  input=label) from exc


def _record_to_document(record: dict[str, Any], fields: JsonlFields, *, name: str, line: int,
                        label: str) -> Document:
    raw_text = record.get(fields.text)
    if not isinstance(raw_text, str) or not raw_text.strip():
        raise MalformedInputError(f"no text in field '{fields.text}'", input=label,
                                  hint="set the text field with --text-field")
    extra = {}
    if fields.id and record.get(fields.id) is not None:
        extra["record_id"] = str(record[fields.id])
    return Document(
        text=raw_text.strip(),
        title=_str(record.get(fields.title)),
        source=_str(record.get(fields.source)),
        url=_str(record.get(fields.url)),
        published=_record_date(record.get(fields.published), fields, label),
        authors=_authors(record.get(fields.authors), fields, label),
        # read, not cut: the text (and so the document's id) stays as the record gives it
        dateline=dateline_of(raw_text),
        language=_str(record.get(fields.language)) or "en",
        provenance=Provenance(source=name, reader="jsonl", record=str(line)),
        extra=extra,
    )


def _authors(value: Any, fields: JsonlFields, label: str) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [a.strip() for a in value.split(",") if a.strip()]
    if isinstance(value, list | tuple):
        return [str(a) for a in value if a is not None and str(a).strip()]
    logger.warning("%s: authors in field '%s' not used: %r is neither a list nor a string",
                   label, fields.authors, _shown(value))
    return []


def _str(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return str(value)


def open_lines(path: Path) -> Iterator[bytes]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        yield from handle


def iter_jsonl(path: Path, fields: JsonlFields | None = None, *,
               day_first: bool | None = None) -> Iterator[Document | Quarantined]:
    """Documents from a JSONL file; a bad line becomes a Quarantined item and reading goes on.
    ``day_first`` (when given) overrides ``fields.day_first``."""
    return iter_jsonl_lines(open_lines(path), str(path), fields, day_first=day_first)


def iter_jsonl_lines(
    lines: Iterable[bytes], name: str, fields: JsonlFields | None = None, *, first_line: int = 0,
    whole_file: bool = True, day_first: bool | None = None,
) -> Iterator[Document | Quarantined]:
    """Documents from the JSONL lines of the input ``name`` (a whole file, or a part of one that starts
    after line ``first_line``); a bad line becomes a Quarantined item and reading goes on. Line numbers
    count every line, blank ones too; a whole file without a line is quarantined as empty."""
    fields = with_day_first(fields, day_first)
    any_line = False
    for number, raw in enumerate(lines, start=first_line + 1):
        if not raw.strip():
            continue
        any_line = True
        label = f"{name}:{number}"
        try:
            if len(raw) > MAX_DOCUMENT_BYTES:
                raise InputTooLargeError(
                    f"the line has {len(raw) / 1e6:.1f} MB, more than the {MAX_DOCUMENT_BYTES / 1e6:.0f} MB "
                    "limit for one document", input=label, hint="split the document into several lines")
            text = decode_text(raw, label)
            yield record_to_document(_json_object(text, label), fields, name=name, line=number)
        except InputError as exc:
            yield Quarantined(input=label, reason=exc.one_line(), code=exc.code)
    if not any_line and whole_file:
        yield Quarantined(input=name, reason=f"[E101] {name}: the input is empty", code="E101")


def with_day_first(fields: JsonlFields | None, day_first: bool | None) -> JsonlFields:
    """``fields`` (or the default fields) with ``day_first`` set, when it is given."""
    fields = fields or JsonlFields()
    return fields if day_first is None or day_first == fields.day_first else replace(fields, day_first=day_first)


def _json_object(text: str, label: str) -> dict[str, Any]:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        message = exc.msg.removesuffix(" at")  # "Invalid control character at": the position follows
        raise MalformedInputError(f"invalid JSON ({message} at column {exc.colno})", input=label) from exc
    except (ValueError, RecursionError) as exc:  # an integer of over 4300 digits; nesting too deep
        raise MalformedInputError(f"invalid JSON ({exc.__class__.__name__}: {exc})", input=label) from exc
    if not isinstance(record, dict):
        raise MalformedInputError("a line must hold a JSON object", input=label)
    return record
