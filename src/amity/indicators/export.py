"""Exporting coded statements to CSV, JSON Lines or Parquet, streamed in batches (millions of rows fit).

The columns are :data:`COLUMNS`, in that order; new columns are only ever appended, so readers that go by
position keep working. ``co_speakers`` (last, since schema version 3) lists the other persons of a joint
source: a JSON list of objects in CSV, a list in JSON Lines, a list of structs in Parquet.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from amity.errors import ConfigError, require
from amity.indicators.scope import DbLike, Scope, engine_of, stores_co_speakers
from amity.indicators.sql import run
from amity.indicators.statements import _SELECT, decode
from amity.store.store import CO_SPEAKER_FIELDS, attach_co_speakers

EXPORT_FORMATS = ("csv", "jsonl", "parquet")
COLUMNS: tuple[str, ...] = (
    "id", "document_id", "idx", "start", "end", "text", "kind", "speaker_id", "speaker_name", "speaker_title",
    "speaker_country", "speaker_type", "cue_text", "confidence", "published", "cluster_id", "framework",
    "relevant", "primary_pillar", "pillars", "sub_areas", "mechanisms", "dyads", "event_type", "tone",
    "commitment", "coding_confidence", "document_title", "document_url", "document_path", "document_source",
    "co_speakers",  # appended in schema version 3: keep new columns at the end
)
_LIST_COLUMNS = ("pillars", "sub_areas", "mechanisms", "dyads", "co_speakers")


def iter_statements(db: DbLike, scope: Scope, *, relevant_only: bool = False, batch: int = 10_000
                    ) -> Iterator[list[dict[str, Any]]]:
    """Batches of decoded statement rows in the scope, in statement id order (keyset pagination), each
    with its ``co_speakers``."""
    engine = engine_of(db)
    where, params = scope.where(statement="s", co_speakers=stores_co_speakers(engine))
    if relevant_only:
        where += " AND c.relevant = :relevant"
        params["relevant"] = True
    last = ""
    with engine.connect() as conn:
        while True:
            sql = f"{_SELECT} WHERE {where} AND s.id > :after ORDER BY s.id LIMIT :batch"
            rows = run(conn, sql, {**params, "after": last, "batch": batch})
            if not rows:
                return
            last = rows[-1]["id"]
            attach_co_speakers(conn, rows)
            yield [decode(r) for r in rows]


def export_statements(db: DbLike, out: str | Path, fmt: str, scope: Scope | None = None, *,
                      relevant_only: bool = False) -> int:
    """Write the scope's statements to ``out`` as csv, jsonl or parquet; returns the number of rows."""
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown export format; use one of {', '.join(EXPORT_FORMATS)}", input=fmt)
    scope = scope or Scope()
    path = Path(out)
    batches = iter_statements(db, scope, relevant_only=relevant_only)
    if fmt == "parquet":
        return _write_parquet(batches, path)
    n = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        if fmt == "csv":
            writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
            writer.writeheader()
            for rows in batches:
                for r in rows:
                    writer.writerow({k: json.dumps(r[k]) if k in _LIST_COLUMNS else r.get(k) for k in COLUMNS})
                n += len(rows)
        else:
            for rows in batches:
                for r in rows:
                    handle.write(json.dumps({k: r.get(k) for k in COLUMNS}, ensure_ascii=False) + "\n")
                n += len(rows)
    return n


def _write_parquet(batches: Iterator[list[dict[str, Any]]], path: Path) -> int:
    pa: Any = require("pyarrow", feature="Parquet export", extra="web")
    pq: Any = require("pyarrow.parquet", feature="Parquet export", extra="web")
    list_of_str = pa.list_(pa.string())
    person = pa.struct([(name, pa.string()) for name in CO_SPEAKER_FIELDS])
    schema = pa.schema([
        (name, pa.int64() if name in ("idx", "start", "end") else
         pa.float64() if name in ("confidence", "coding_confidence") else
         pa.bool_() if name == "relevant" else
         pa.list_(list_of_str) if name == "dyads" else
         pa.list_(person) if name == "co_speakers" else
         list_of_str if name in _LIST_COLUMNS else pa.string())
        for name in COLUMNS
    ])
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        for rows in batches:
            columns = {k: [r.get(k) for r in rows] for k in COLUMNS}
            writer.write_table(pa.Table.from_pydict(columns, schema=schema))
            n += len(rows)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n
