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

from amity.errors import InputError, MalformedInputError
from amity.ingest.checks import MAX_DOCUMENT_BYTES
from amity.ingest.jsonl import JsonlFields, iter_jsonl, record_to_document
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
    if path.name.lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", errors="strict", newline="")
    return path.open(encoding="utf-8-sig", errors="strict", newline="")


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


def iter_csv(path: Path, fields: JsonlFields | None = None) -> Iterator[Document | Quarantined]:
    """Documents from a CSV/TSV file with a header row; a bad row is quarantined and reading goes on."""
    fields = fields or JsonlFields()
    name = str(path)
    delimiter = "\t" if ".tsv" in path.name.lower() else ","
    csv.field_size_limit(min(sys.maxsize, MAX_DOCUMENT_BYTES))
    try:
        with _open_text(path) as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            header = reader.fieldnames or []
            if fields.text not in header:
                err = MalformedInputError(
                    f"no column '{fields.text}' for the text (columns: {', '.join(header) or 'none'})",
                    input=name, hint="name the text column with --text-field",
                )
                yield Quarantined(input=name, reason=err.one_line(), code=err.code)
                return
            for record in reader:
                line = reader.line_num
                try:
                    document = record_to_document(dict(record), fields,
                                                  name=name, line=line)
                    if document.provenance is not None:
                        document.provenance.reader = "csv"
                    yield document
                except InputError as exc:
                    yield Quarantined(input=f"{name}:{line}", reason=exc.one_line(), code=exc.code)
    except (UnicodeDecodeError, csv.Error, OSError, EOFError) as exc:
        err = MalformedInputError(f"cannot read on ({exc.__class__.__name__}: {exc})", input=name)
        yield Quarantined(input=name, reason=err.one_line(), code=err.code)


def iter_corpus(path: Path, fields: JsonlFields | None = None) -> Iterator[Document | Quarantined]:
    """Documents from a CSV, TSV or JSONL corpus, gzipped or not."""
    kind = corpus_kind(path)
    if kind == "csv":
        yield from iter_csv(path, fields)
    else:
        yield from iter_jsonl(path, fields)
