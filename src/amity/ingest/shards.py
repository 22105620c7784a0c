"""Input at scale: JSONL and Parquet shards from folders, globs and fsspec URLs (s3://, gs://, ...).

A corpus of millions of articles comes as many shard files, often in object storage. This module
turns inputs into :class:`Shard` units of reading (a file, or some row groups of a Parquet file, so
that one large Parquet file still spreads over many workers) and reads each into documents. The
Dask engine ships shards, not documents, to its workers; :func:`read_shards` is the same reading in
one process.

Local paths are expanded as :func:`amity.ingest.expand_inputs` expands them (sorted, hidden files
left out), with Parquet added; text and HTML files go through :func:`amity.ingest.read_path`.
Remote URLs need ``fsspec`` and the filesystem's own package (``s3fs``, ``gcsfs``); only JSONL and
Parquet are read from them, since a bucket of single articles is better packed into shards first.
"""

from __future__ import annotations

import glob
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from amity.errors import InputError, MalformedInputError, NotFoundError, UnsupportedFormatError, require
from amity.ingest.jsonl import JsonlFields, iter_jsonl, iter_jsonl_lines, record_to_document
from amity.ingest.readers import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES, read_path
from amity.model import Document, Quarantined

logger = logging.getLogger(__name__)

ShardKind = Literal["jsonl", "parquet", "file"]
PARQUET_SUFFIXES = {".parquet", ".pq"}
# Row groups are gathered into one shard until it holds about this many rows.
DEFAULT_ROWS_PER_SHARD = 5_000


@dataclass(frozen=True, slots=True)
class Shard:
    """One unit of reading: a local file or URL, or a run of row groups of a Parquet file."""

    location: str
    kind: ShardKind
    size: int = 0  # bytes (estimated for row groups): used to balance work
    row_groups: tuple[int, ...] | None = None  # Parquet only; None means the whole file
    first_row: int = 0  # rows (Parquet) or lines (JSONL) before this shard's first, for provenance
    byte_range: tuple[int, int] | None = None  # JSONL only: [start, end) of whole lines; None: all

    @property
    def is_url(self) -> bool:
        return is_url(self.location)


def is_url(text: str) -> bool:
    """``s3://bucket/x``, ``gs://...``, ``https://...``, ``file://...``, but not a Windows drive."""
    head, sep, _ = text.partition("://")
    return bool(sep) and len(head) > 1 and head.replace("+", "").replace("-", "").isalnum()


def shard_kind(name: str) -> ShardKind | None:
    """The kind of a file by its name; None for a file a directory scan leaves out."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
        return "jsonl" if Path(lower).suffix in JSONL_SUFFIXES else None
    suffix = Path(lower).suffix
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    if suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES:
        return "file"
    return None


def _quarantine(exc: InputError, where: str | None = None) -> Quarantined:
    return Quarantined(input=where or exc.input or "", reason=exc.one_line(), code=exc.code)


def _not_found(text: str, message: str) -> Quarantined:
    return _quarantine(NotFoundError(message, input=text))


def _local_files(text: str) -> Iterator[Path | Quarantined]:
    path = Path(text).expanduser()
    if path.is_dir():
        files = sorted(p for p in path.rglob("*")
                       if p.is_file() and not p.name.startswith(".") and shard_kind(p.name) is not None)
        if not files:
            yield _not_found(text, "no supported files in directory")
        yield from files
    elif path.is_file():
        yield path
    elif any(ch in text for ch in "*?["):
        matches = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
        if not matches:
            yield _not_found(text, "the pattern matches no file")
        yield from matches
    else:
        yield _not_found(text, "no such file or directory")


_FILESYSTEM_PACKAGES = {"s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "az": "adlfs",
                        "abfs": "adlfs", "abfss": "adlfs"}


def _filesystem(url: str) -> tuple[Any, str]:
    fsspec = require("fsspec", feature="reading s3://, gs:// and other URLs", extra="dask")
    try:
        fs, path = fsspec.core.url_to_fs(url)  # type: ignore[attr-defined]  # require() returns a plain object
        return fs, str(path)
    except (ImportError, ValueError) as exc:
        # ImportError: the protocol's package (s3fs, gcsfs) is missing; fsspec says which.
        protocol = url.partition("://")[0]
        package = _FILESYSTEM_PACKAGES.get(protocol, "the fsspec filesystem package for this protocol")
        raise UnsupportedFormatError(f"cannot open this URL: {exc}", input=url,
                                     hint=f"install {package}") from exc


def _remote_files(url: str) -> Iterator[tuple[str, int] | Quarantined]:
    try:
        fs, path = _filesystem(url)
    except InputError as exc:
        yield Quarantined(input=url, reason=exc.one_line(), code=exc.code)
        return
    try:
        if any(ch in path for ch in "*?["):
            found = sorted(fs.glob(path, detail=True).items())
            if not found:
                yield _not_found(url, "the pattern matches no file")
        elif fs.isdir(path):
            found = sorted(fs.find(path, detail=True).items())
            found = [(p, info) for p, info in found if shard_kind(p) is not None
                     and not p.rsplit("/", 1)[-1].startswith(".")]
            if not found:
                yield _not_found(url, "no JSONL or Parquet files under this URL")
        elif fs.exists(path):
            found = [(path, fs.info(path))]
        else:
            yield _not_found(url, "no such object")
            return
    except OSError as exc:
        yield _not_found(url, f"cannot list ({exc})")
        return
    for name, info in found:
        if info.get("type", "file") == "file":
            yield fs.unstrip_protocol(name), int(info.get("size") or 0)


def _parquet_file(location: str) -> Any:
    pq = require("pyarrow.parquet", feature="reading Parquet", extra="dask")
    if is_url(location):
        fs, path = _filesystem(location)
        return pq.ParquetFile(fs.open(path, "rb"))  # type: ignore[attr-defined]  # pyarrow is untyped
    return pq.ParquetFile(location)  # type: ignore[attr-defined]  # pyarrow is untyped


def _parquet_shards(location: str, rows_per_shard: int) -> Iterator[Shard]:
    metadata = _parquet_file(location).metadata
    groups: list[int] = []
    rows = size = first = row = 0
    for i in range(metadata.num_row_groups):
        group = metadata.row_group(i)
        if not groups:
            first = row
        groups.append(i)
        rows += group.num_rows
        size += group.total_byte_size
        row += group.num_rows
        if rows >= rows_per_shard:
            yield Shard(location, "parquet", size, tuple(groups), first)
            groups, rows, size = [], 0, 0
    if groups or metadata.num_row_groups == 0:
        yield Shard(location, "parquet", size, tuple(groups), first)


def expand_shards(
    inputs: Sequence[str | Path], *, rows_per_shard: int = DEFAULT_ROWS_PER_SHARD
) -> Iterator[Shard | Quarantined]:
    """Every unit of reading in the inputs, in order; inputs that match nothing come out Quarantined.

    Parquet files are split into runs of row groups of about ``rows_per_shard`` rows.
    """
    for item in inputs:
        text = str(item)
        located: Iterable[Path | tuple[str, int] | Quarantined]
        located = _remote_files(text) if is_url(text) else _local_files(text)
        for found in located:
            if isinstance(found, Quarantined):
                yield found
                continue
            if isinstance(found, Path):
                location, size = str(found), found.stat().st_size
            else:
                location, size = found
            kind = shard_kind(location) or "file"
            if kind == "parquet":
                try:
                    yield from _parquet_shards(location, rows_per_shard)
                except (OSError, ValueError) as exc:  # pyarrow raises ArrowInvalid, a ValueError
                    err = MalformedInputError(f"not a readable Parquet file ({exc})", input=location)
                    yield Quarantined(input=location, reason=err.one_line(), code=err.code)
            elif kind == "file" and is_url(location):
                yield _quarantine(UnsupportedFormatError(
                    "only JSONL and Parquet are read from URLs", input=location,
                    hint="pack articles into JSONL shards"))
            else:
                yield Shard(location, kind, size)


def split_jsonl(shard: Shard, block_bytes: int) -> list[Shard]:
    """Cut a large local, uncompressed JSONL shard into byte ranges of whole lines of about
    ``block_bytes``, so that one big file still spreads over many workers.

    The lines are counted on the way, so each range knows its first line number and documents
    keep the provenance they get when the whole file is read.
    """
    if shard.kind != "jsonl" or shard.is_url or shard.byte_range is not None \
            or shard.location.lower().endswith(".gz") or shard.size <= block_bytes:
        return [shard]
    pieces: list[Shard] = []
    start = lines_before = 0
    with open(shard.location, "rb") as handle:
        while True:
            handle.seek(max(start + block_bytes - 1, start))
            handle.readline()  # on to the end of the line the block ends in
            end = min(handle.tell(), shard.size)
            if end >= shard.size or shard.size - end < block_bytes // 4:  # no small tail piece
                end = shard.size
            handle.seek(start)
            lines_in = handle.read(end - start).count(b"\n")
            pieces.append(Shard(shard.location, "jsonl", end - start, first_row=lines_before,
                                byte_range=(start, end)))
            lines_before += lines_in
            start = end
            if start >= shard.size:
                return pieces


def _line_range(location: str, byte_range: tuple[int, int]) -> Iterator[bytes]:
    start, end = byte_range
    with open(location, "rb") as handle:
        handle.seek(start)
        while handle.tell() < end:
            line = handle.readline()
            if not line:
                return
            yield line


def read_shard(shard: Shard, fields: JsonlFields | None = None) -> Iterator[Document | Quarantined]:
    """The documents of one shard; unreadable records come out as Quarantined and reading goes on."""
    fields = fields or JsonlFields()
    if shard.kind == "parquet":
        yield from iter_parquet(shard.location, fields, row_groups=shard.row_groups,
                                first_row=shard.first_row)
    elif shard.kind == "jsonl":
        if shard.byte_range is not None:
            yield from iter_jsonl_lines(_line_range(shard.location, shard.byte_range), shard.location, fields,
                                        first_line=shard.first_row, whole_file=False)
        elif shard.is_url:
            yield from iter_jsonl_url(shard.location, fields)
        else:
            yield from iter_jsonl(Path(shard.location), fields)
    else:
        try:
            yield read_path(Path(shard.location))
        except InputError as exc:
            yield Quarantined(input=shard.location, reason=exc.one_line(), code=exc.code)


def read_shards(
    inputs: Sequence[str | Path], *, fields: JsonlFields | None = None
) -> Iterator[Document | Quarantined]:
    """Every document in the inputs, read in this process (the Dask engine reads on its workers)."""
    for shard in expand_shards(inputs):
        if isinstance(shard, Quarantined):
            yield shard
        else:
            yield from read_shard(shard, fields)


def iter_jsonl_url(url: str, fields: JsonlFields | None = None) -> Iterator[Document | Quarantined]:
    """Documents from a JSONL (or .jsonl.gz) object at an fsspec URL."""
    fields = fields or JsonlFields()
    try:
        fs, path = _filesystem(url)
        handle: IO[bytes] = fs.open(path, "rb", compression="infer")
    except InputError as exc:
        yield Quarantined(input=url, reason=exc.one_line(), code=exc.code)
        return
    except OSError as exc:
        err = NotFoundError(f"cannot open ({exc})", input=url)
        yield Quarantined(input=url, reason=err.one_line(), code=err.code)
        return
    with handle:
        yield from iter_jsonl_lines(handle, url, fields)


def iter_parquet(
    location: str,
    fields: JsonlFields | None = None,
    *,
    row_groups: Sequence[int] | None = None,
    first_row: int = 0,
) -> Iterator[Document | Quarantined]:
    """Documents from a Parquet file (local or URL), one row group at a time to bound memory.

    Columns are mapped with the same :class:`JsonlFields` as JSONL; a row's provenance record is
    its 1-based row number in the file.
    """
    fields = fields or JsonlFields()
    try:
        parquet = _parquet_file(location)
    except InputError as exc:
        yield Quarantined(input=location, reason=exc.one_line(), code=exc.code)
        return
    except (OSError, ValueError) as exc:
        err = MalformedInputError(f"not a readable Parquet file ({exc})", input=location)
        yield Quarantined(input=location, reason=err.one_line(), code=err.code)
        return
    wanted = {fields.text, fields.title, fields.published, fields.url, fields.source, fields.authors,
              fields.language, *([fields.id] if fields.id else [])}
    columns = [name for name in parquet.schema_arrow.names if name in wanted]
    if fields.text not in columns:
        err = MalformedInputError(f"no column '{fields.text}' for the text", input=location,
                                  hint="set the text field with --text-field")
        yield Quarantined(input=location, reason=err.one_line(), code=err.code)
        return
    groups = range(parquet.metadata.num_row_groups) if row_groups is None else row_groups
    row = first_row
    for group in groups:
        for record in parquet.read_row_group(group, columns=columns).to_pylist():
            row += 1
            try:
                document = record_to_document(record, fields, name=location, line=row)
            except InputError as exc:
                yield Quarantined(input=f"{location}:{row}", reason=exc.one_line(), code=exc.code)
                continue
            if document.provenance is not None:
                document.provenance.reader = "parquet"
            yield document
