"""CSV and JSONL corpora with field mapping; gzip (``.gz``) is read transparently.

JSONL goes to the basic reader in :mod:`amity.ingest.jsonl`; this module adds CSV and TSV (a header
row names the columns, ``--text-field`` and friends say which holds what) and the choice between the
two. Rows are streamed: a corpus of millions of rows is never held in memory.
"""

from __future__ import annotations

import csv
import email.utils
import gzip
import io
import re
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO

from amity.errors import EncodingError, InputError, MalformedInputError
from amity.ingest.checks import MAX_DOCUMENT_BYTES
from amity.ingest.jsonl import JsonlFields, iter_jsonl, record_to_document, with_day_first
from amity.model import Document, Quarantined

CSV_SUFFIXES = (".csv", ".tsv", ".csv.gz", ".tsv.gz")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".json.gz")


def corpus_kind(path: Path) -> str | None:
    """``csv``, ``jsonl`` or None, from the file name."""
    name = path.name.lower()
    if name.endswith(CSV_SUFFIXES):
        return "csv"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def _open_text(path: Path) -> IO[str]:
    # a byte that is not UTF-8 becomes a lone surrogate (U+DC80..U+DCFF): the row that holds it is
    # quarantined, and the rows after it are read as usual
    if path.name.lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", errors="surrogateescape",
                                newline="")
    return path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")


_BAD_BYTE = re.compile("[\udc80-\udcff]")


def _check_utf8(record: dict[str | None, object], label: str) -> None:
    """Raise an EncodingError when a value or column of the row held a byte that is not UTF-8."""
    for key, value in record.items():
        for text in (key, *(value if isinstance(value, list) else [value])):
            if isinstance(text, str) and (match := _BAD_BYTE.search(text)):
                where = f"in column '{_BAD_BYTE.sub('?', key)}'" if isinstance(key, str) else "in an extra column"
                raise EncodingError(f"not valid UTF-8 (byte 0x{ord(match.group()) - 0xDC00:02x} {where})",
                                    input=label, hint="re-encode the file as UTF-8")


_DATE_PREFIX = re.compile(r"^\s*(?:published|updated|posted|last updated|date)\s*:?\s*", re.IGNORECASE)
_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d",
    "%H:%M, %d-%b-%Y", "%d-%b-%Y %H:%M", "%d-%b-%Y",
    "%b %d, %Y %I:%M %p", "%B %d, %Y %I:%M %p", "%b %d, %Y %H:%M", "%B %d, %Y %H:%M", "%b %d, %Y", "%B %d, %Y",
    "%d %b %Y %H:%M", "%d %B %Y %H:%M", "%d %b %Y", "%d %B %Y",
)


def fast_datetime(value: object) -> str | None:
    """ISO 8601 text for the date layouts news corpora use, or None when none fits.

    Tried before the general parser because that one (dateparser) costs tens of milliseconds a
    call, more than annotating the headline it dates. Labels such as "Published:" are dropped.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = _DATE_PREFIX.sub("", value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    for layout in _FORMATS:
        try:
            return datetime.strptime(text, layout).isoformat()
        except ValueError:
            continue
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()  # RFC 2822, as in RSS
    except (TypeError, ValueError, IndexError):
        return None


def iter_csv(path: Path, fields: JsonlFields | None = None, *,
             day_first: bool | None = None) -> Iterator[Document | Quarantined]:
    """Documents from a CSV/TSV file with a header row; a bad row is quarantined and reading goes on.
    ``day_first`` (when given) overrides ``fields.day_first``."""
    fields = with_day_first(fields, day_first)
    name = str(path)
    delimiter = "\t" if ".tsv" in path.name.lower() else ","
    csv.field_size_limit(min(sys.maxsize, MAX_DOCUMENT_BYTES))
    line = 0
    try:
        with _open_text(path) as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            header = reader.fieldnames or []
            line = reader.line_num
            if fields.text not in header:
                err = MalformedInputError(
                    f"no column '{fields.text}' for the text (columns: {', '.join(header) or 'none'})",
                    input=name, hint="name the text column with --text-field",
                )
                yield Quarantined(input=name, reason=err.one_line(), code=err.code)
                return
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:  # the bad row is skipped; the reader starts afresh on the next line
                    line += 1
                    err = MalformedInputError(f"not a valid CSV row ({exc})", input=f"{name}:{line}")
                    yield Quarantined(input=f"{name}:{line}", reason=err.one_line(), code=err.code)
                    continue
                line = reader.line_num
                label = f"{name}:{line}"
                try:
                    _check_utf8(dict(record), label)
                    document = record_to_document(dict(record), fields, name=name, line=line)
                except InputError as exc:
                    yield Quarantined(input=label, reason=exc.one_line(), code=exc.code)
                    continue
                if document.provenance is not None:
                    document.provenance.reader = "csv"
                yield document
    except (csv.Error, OSError, EOFError, UnicodeError) as exc:
        where = f"after line {line}" if line else "at the start"
        err = MalformedInputError(f"cannot read the file further {where} ({exc.__class__.__name__}: {exc})",
                                  input=name)
        yield Quarantined(input=name, reason=err.one_line(), code=err.code)


def iter_corpus(path: Path, fields: JsonlFields | None = None, *,
                day_first: bool | None = None) -> Iterator[Document | Quarantined]:
    """Documents from a CSV, TSV or JSONL corpus, gzipped or not. ``day_first`` (when given) overrides
    ``fields.day_first``: read numeric dates such as 05/10/2024 day-first rather than month-first."""
    kind = corpus_kind(path)
    if kind == "csv":
        yield from iter_csv(path, fields, day_first=day_first)
    else:
        yield from iter_jsonl(path, fields, day_first=day_first)
