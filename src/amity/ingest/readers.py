"""From paths (files, directories, globs) to Documents, choosing the reader by extension and content."""

from __future__ import annotations

import glob
import gzip
import logging
import os
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from amity.errors import InputError, InputTooLargeError, MalformedInputError, NotFoundError, UnsupportedFormatError
from amity.ingest.charset import declared_charset
from amity.ingest.checks import MAX_DOCUMENT_BYTES, check_size, decode_text
from amity.ingest.html import looks_like_html, parse_html
from amity.ingest.jsonl import JsonlFields, iter_jsonl
from amity.ingest.wire import looks_like_wire, parse_plain, parse_wire
from amity.model import Document, Quarantined

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
GZIP_SUFFIX = ".gz"  # text, HTML and JSONL files are also read gzipped: .txt.gz, .html.gz, .jsonl.gz
PARQUET_SUFFIX = ".parquet"  # read as shards by amity.ingest.shards
# What read_documents reads, generated from the sets above so that the E106 message cannot drift.
SUPPORTED = sorted(
    {s for s in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES if s}
    | {s + GZIP_SUFFIX for s in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES if s}
    | {PARQUET_SUFFIX}
)
# SQLite databases (amity's own, the fetch cache) and their side files, skipped when walking a directory.
SQLITE_SUFFIXES = (".db", ".db3", ".sqlite", ".sqlite3")
SQLITE_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
SQLITE_MAGIC = b"SQLite format 3\x00"


def reader_kind(path: Path) -> str | None:
    """``jsonl``, ``html`` or ``text`` for a file the plain readers read (gzipped or not), else None."""
    name = path.name.lower()
    gzipped = name.endswith(GZIP_SUFFIX)
    suffix = Path(name[: -len(GZIP_SUFFIX)]).suffix if gzipped else Path(name).suffix
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES and not (gzipped and not suffix):  # a bare .gz could hold anything
        return "text"
    return None


def unsupported_error(path: Path, supported: Sequence[str]) -> UnsupportedFormatError:
    """The E106 error for a file of a type nothing reads, listing what is read."""
    name = path.name.lower()
    suffix = "".join(Path(name).suffixes[-2:]) if name.endswith(GZIP_SUFFIX) else Path(name).suffix
    return UnsupportedFormatError(
        f"unsupported file type '{suffix}'", input=str(path), hint=f"supported: {', '.join(supported)}"
    )


def is_sqlite_file(path: Path) -> bool:
    """A SQLite database or one of its journals, by name or by the SQLite header."""
    name = path.name.lower()
    for side in SQLITE_SIDE_SUFFIXES:
        if name.endswith(side):
            base = path.with_name(path.name[: -len(side)])
            return base.name.lower().endswith(SQLITE_SUFFIXES) or _has_sqlite_header(base)
    return name.endswith(SQLITE_SUFFIXES) or _has_sqlite_header(path)


def _has_sqlite_header(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def walk_directory(directory: Path) -> list[Path]:
    """The files under a directory, sorted; hidden files and directories and SQLite files are skipped."""
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        hidden = [d for d in dirs if d.startswith(".")]
        if hidden:
            logger.debug("skipping hidden directories in %s: %s", root, ", ".join(sorted(hidden)))
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(root, name)
            if name.startswith(".") or not path.is_file():
                continue
            if is_sqlite_file(path):
                logger.info("skipping %s: a SQLite database file", path)
                continue
            found.append(path)
    return sorted(found)


def no_readable_files(directory: str, *, warn: bool = False) -> Quarantined:
    """What a directory with nothing to read gives (reported like any other unreadable input).

    ``warn`` logs it as a WARNING too, for callers (``amity ingest``) that report quarantined inputs
    only as a count.
    """
    err = NotFoundError(f"no readable files in {directory}", input=directory,
                        hint="hidden files and directories and SQLite files are skipped")
    logger.log(logging.WARNING if warn else logging.INFO, "%s", err.one_line())
    return Quarantined(input=directory, reason=err.one_line(), code=err.code)


def is_glob(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def expand_glob(pattern: str) -> Iterator[Path | Quarantined]:
    """The files a glob matches, sorted; a pattern that matches none comes out Quarantined."""
    matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True)
                     if Path(p).is_file() and not is_sqlite_file(Path(p)))
    if not matches:
        err = NotFoundError("the pattern matches no file", input=pattern)
        yield Quarantined(input=pattern, reason=err.one_line(), code=err.code)
    yield from matches


def expand_inputs(inputs: Sequence[str | Path]) -> Iterator[Path | Quarantined]:
    """Files, directories (recursively, supported files only, sorted) and globs, in order.

    A directory is walked without its hidden files and directories (``.git``, ``.venv``) and without
    SQLite files (a database kept beside the documents); a file named explicitly is always read.
    """
    for item in inputs:
        text = str(item)
        path = Path(text).expanduser()
        if path.is_dir():
            files = [p for p in walk_directory(path) if reader_kind(p) is not None
                     or p.name.lower().endswith(PARQUET_SUFFIX)]
            if not files:
                yield no_readable_files(text)
            yield from files
        elif path.is_file():
            yield path
        elif is_glob(text):
            yield from expand_glob(text)
        else:
            err = NotFoundError("no such file or directory", input=text)
            yield Quarantined(input=text, reason=err.one_line(), code=err.code)


def read_path(path: Path, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> Document:
    """Read one text or HTML file (gzipped or not) into a Document; raises an InputError subclass when it can't.

    Text is UTF-8 (or UTF-16 with a BOM); an HTML page may declare another encoding in a ``<meta>``;
    other text is decoded in the encoding detected with confidence, with a WARNING.
    """
    name = str(path)
    kind = reader_kind(path)
    if kind is None or kind == "jsonl":
        raise unsupported_error(path, SUPPORTED)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise NotFoundError(f"cannot read ({exc.strerror})", input=name) from exc
    check_size(size, name, max_bytes)
    data = _read_gzip(path, max_bytes) if path.name.lower().endswith(GZIP_SUFFIX) else path.read_bytes()
    is_html = kind == "html" or looks_like_html(data)
    text = decode_text(data, name, declared=declared_charset(data, limit=8192) if is_html else None, detect=True)
    if is_html or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        return parse_html(text, source_name=name)
    if looks_like_wire(text):
        return parse_wire(text, source_name=name)
    return parse_plain(text, source_name=name)


def _read_gzip(path: Path, max_bytes: int) -> bytes:
    """The decompressed bytes, at most max_bytes of them (a small .gz can hold a huge file)."""
    try:
        with gzip.open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise MalformedInputError(f"not a valid gzip file ({exc})", input=str(path)) from exc
    if len(data) > max_bytes:
        raise InputTooLargeError(
            f"more than the {max_bytes / 1e6:.0f} MB limit for one document once decompressed",
            input=str(path), hint="split it, or use JSONL with one document a line",
        )
    return data


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
        if text.lower().endswith(PARQUET_SUFFIX) or is_url(text):
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
        if reader_kind(item) == "jsonl":
            yield from iter_jsonl(item, fields)
            continue
        try:
            yield read_path(item, max_bytes=max_bytes)
        except InputError as exc:
            logger.info("quarantined: %s", exc.one_line())  # the caller reports the Quarantined item
            yield Quarantined(input=str(item), reason=exc.one_line(), code=exc.code)
