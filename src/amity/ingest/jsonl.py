"""JSON Lines corpora with configurable field names; gzip is read transparently."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from amity.errors import InputError, MalformedInputError
from amity.ingest.checks import MAX_DOCUMENT_BYTES, check_size, decode_text
from amity.model import Document, Provenance, Quarantined
from amity.nlp.dateline import dateline_of


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


def parse_datetime(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value)
    text = str(value).strip().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    from amity.ingest.corpus import fast_datetime  # here, not at the top: corpus imports this module

    if (iso := fast_datetime(str(value))) is not None:
        return datetime.fromisoformat(iso)
    try:
        import dateparser  # installed with trafilatura; handles "May 12, 2022 04:35 PM"

        parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False})
        return parsed if isinstance(parsed, datetime) else None
    except ImportError:  # pragma: no cover
        return None


def record_to_document(record: dict[str, Any], fields: JsonlFields, *, name: str, line: int) -> Document:
    label = f"{name}:{line}"
    raw_text = record.get(fields.text)
    if not isinstance(raw_text, str) or not raw_text.strip():
        raise MalformedInputError(f"no text in field '{fields.text}'", input=label,
                                  hint="set the text field with --text-field")
    authors = record.get(fields.authors) or []
    if isinstance(authors, str):
        authors = [a.strip() for a in authors.split(",") if a.strip()]
    extra = {}
    if fields.id and record.get(fields.id) is not None:
        extra["record_id"] = str(record[fields.id])
    return Document(
        text=raw_text.strip(),
        title=_str(record.get(fields.title)),
        source=_str(record.get(fields.source)),
        url=_str(record.get(fields.url)),
        published=parse_datetime(record.get(fields.published)),
        authors=[str(a) for a in authors],
        # read, not cut: the text (and so the document's id) stays as the record gives it
        dateline=dateline_of(raw_text),
        language=_str(record.get(fields.language)) or "en",
        provenance=Provenance(source=name, reader="jsonl", record=str(line)),
        extra=extra,
    )


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def open_lines(path: Path) -> Iterator[bytes]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        yield from handle


def iter_jsonl(path: Path, fields: JsonlFields | None = None) -> Iterator[Document | Quarantined]:
    """Documents from a JSONL file; a bad line becomes a Quarantined item and reading goes on."""
    return iter_jsonl_lines(open_lines(path), str(path), fields)


def iter_jsonl_lines(
    lines: Iterable[bytes], name: str, fields: JsonlFields | None = None, *, first_line: int = 0,
    whole_file: bool = True,
) -> Iterator[Document | Quarantined]:
    """Documents from the JSONL lines of the input ``name`` (a whole file, or a part of one that starts
    after line ``first_line``); a bad line becomes a Quarantined item and reading goes on. Line numbers
    count every line, blank ones too; a whole file without a line is quarantined as empty."""
    fields = fields or JsonlFields()
    any_line = False
    for number, raw in enumerate(lines, start=first_line + 1):
        if not raw.strip():
            continue
        any_line = True
        label = f"{name}:{number}"
        try:
            check_size(len(raw), label, MAX_DOCUMENT_BYTES)
            text = decode_text(raw, label)
            try:
                record = json.loads(text)
            except json.JSONDecodeError as exc:
                raise MalformedInputError(f"invalid JSON ({exc.msg} at column {exc.colno})", input=label) from exc
            if not isinstance(record, dict):
                raise MalformedInputError("a line must hold a JSON object", input=label)
            yield record_to_document(record, fields, name=name, line=number)
        except InputError as exc:
            yield Quarantined(input=label, reason=exc.one_line(), code=exc.code)
    if not any_line and whole_file:
        yield Quarantined(input=name, reason=f"[E101] {name}: the input is empty", code="E101")
