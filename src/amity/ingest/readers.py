"""From paths (files, directories, globs) to Documents, choosing the reader by extension and content."""

from __future__ import annotations

import glob
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path

from amity.errors import InputError, NotFoundError, UnsupportedFormatError
from amity.ingest.checks import MAX_DOCUMENT_BYTES, check_size, decode_text
from amity.ingest.html import parse_html
from amity.ingest.jsonl import JsonlFields, iter_jsonl
from amity.ingest.wire import looks_like_wire, parse_plain, parse_wire
from amity.model import Document, Quarantined

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = sorted(TEXT_SUFFIXES - {""} | HTML_SUFFIXES | JSONL_SUFFIXES | {".jsonl.gz", ".ndjson.gz"})


def _kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith((".jsonl.gz", ".ndjson.gz")) or path.suffix.lower() in JSONL_SUFFIXES:
        return "jsonl"
    if path.suffix.lower() in HTML_SUFFIXES:
        return "html"
    if path.suffix.lower() in TEXT_SUFFIXES:
        return "text"
    return "unknown"


def is_glob(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def expand_glob(pattern: str) -> Iterator[Path | Quarantined]:
    """The files a glob matches, sorted; a pattern that matches none comes out Quarantined."""
    matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
    if not matches:
        err = NotFoundError("the pattern matches no file", input=pattern)
        yield Quarantined(input=pattern, reason=err.one_line(), code=err.code)
    yield from matches


def expand_inputs(inputs: Sequence[str | Path]) -> Iterator[Path | Quarantined]:
    """Files, directories (recursively, supported files only, sorted) and globs, in order."""
    for item in inputs:
        text = str(item)
        path = Path(text).expanduser()
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _kind(p) != "unknown"
                           and not p.name.startswith("."))
            if not files:
                err = NotFoundError(f"no supported files in directory (looked for {', '.join(SUPPORTED)})",
                                    input=text)
                yield Quarantined(input=text, reason=err.one_line(), code=err.code)
            yield from files
        elif path.is_file():
            yield path
        elif is_glob(text):
            yield from expand_glob(text)
        else:
            err = NotFoundError("no such file or directory", input=text)
            yield Quarantined(input=text, reason=err.one_line(), code=err.code)


def read_path(path: Path, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> Document:
    """Read one text or HTML file into a Document; raises an InputError subclass when it can't."""
    name = str(path)
    kind = _kind(path)
    if kind == "unknown":
        raise UnsupportedFormatError(
            f"unsupported file type '{path.suffix}'", input=name, hint=f"supported: {', '.join(SUPPORTED)}"
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise NotFoundError(f"cannot read ({exc.strerror})", input=name) from exc
    check_size(size, name, max_bytes)
    data = path.read_bytes()
    text = decode_text(data, name)
    if kind == "html" or (kind == "text" and text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))):
        return parse_html(text, source_name=name)
    if looks_like_wire(text):
        return parse_wire(text, source_name=name)
    return parse_plain(text, source_name=name)


def read_documents(
    inputs: Sequence[str | Path], *, fields: JsonlFields | None = None, max_bytes: int = MAX_DOCUMENT_BYTES
) -> Iterator[Document | Quarantined]:
    """Every document in the inputs; each input that cannot be read comes out as Quarantined.

    Parquet files and fsspec URLs (s3://, gs://, ...) are read as shards by ``amity.ingest.shards``.
    """
    from amity.ingest.shards import is_url, read_shards  # here: shards imports this module

    local: list[str | Path] = []
    for raw in inputs:
        text = str(raw)
        if text.lower().endswith(".parquet") or is_url(text):
            yield from _flush(local, fields, max_bytes)
            local = []
            yield from read_shards([text], fields=fields)
        else:
            local.append(raw)
    yield from _flush(local, fields, max_bytes)


def _flush(
    inputs: Sequence[str | Path], fields: JsonlFields | None, max_bytes: int
) -> Iterator[Document | Quarantined]:
    for item in expand_inputs(inputs):
        if isinstance(item, Quarantined):
            yield item
            continue
        if _kind(item) == "jsonl":
            yield from iter_jsonl(item, fields)
            continue
        try:
            yield read_path(item, max_bytes=max_bytes)
        except InputError as exc:
            logger.info("quarantined: %s", exc.one_line())  # the caller reports the Quarantined item
            yield Quarantined(input=str(item), reason=exc.one_line(), code=exc.code)
