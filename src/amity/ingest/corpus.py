"""CSV and JSONL corpora with field mapping; gzip (``.gz``) is read transparently.

JSONL goes to the basic reader in :mod:`amity.ingest.jsonl`; this module adds CSV and TSV (a header
row names the columns, ``--text-field`` and friends say which holds what) and the choice between the
two. Rows are streamed: a corpus of millions of rows is never held in memory.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections.abc import Iterator
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
                    document = record_to_document(dict(record), fields, name=name, line=line)
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
