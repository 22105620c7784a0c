"""Finding the statements behind a number: filtered, paginated, with full-text search and evidence.

Full-text search uses SQLite FTS5 through a table this module creates and keeps in step with
``statements`` by triggers (built once, lazily, on first search), and PostgreSQL's ``to_tsvector`` on
PostgreSQL; elsewhere, or when FTS5 is missing, it falls back to ``LIKE`` on every search word.

The FTS5 table (``statements_fts``, its shadow tables and the three triggers) is deliberately not part
of the store's schema (``amity.store.schema``) nor of its Alembic revisions: it exists only on SQLite,
only where SQLite was built with FTS5, and holds nothing but a copy of ``statements``. It is a derived
index: :func:`ensure_fts` makes it on first search and drops and rebuilds it whenever it disagrees
with ``statements`` (row counts or rowids), so a database never needs migrating for it, and deleting
it costs one rebuild.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from amity.errors import ConfigError
from amity.indicators.scope import DbLike, Scope, check_scope, engine_of, period_bounds, stores_co_speakers
from amity.indicators.sql import run
from amity.store.store import attach_co_speakers

logger = logging.getLogger(__name__)

FTS_TABLE = "statements_fts"
MAX_LIMIT = 500
# Counting every match of a broad search costs more than a dashboard may wait; past this, "at least".
COUNT_CAP = 10_000
# With more matches than this, reading statements newest-first and stopping at the page beats
# sorting every match.
BROAD_MATCHES = 2_000
BROAD_COUNT_CAP = 1_000
_JSON_FIELDS = ("pillars", "sub_areas", "mechanisms", "dyads")
_fts_ready: dict[str, bool] = {}

_FTS_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(statement_id UNINDEXED, text, speaker_name)",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON statements BEGIN
      INSERT INTO {FTS_TABLE}(rowid, statement_id, text, speaker_name)
      VALUES (new.rowid, new.id, new.text, new.speaker_name);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON statements BEGIN
      DELETE FROM {FTS_TABLE} WHERE rowid = old.rowid;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF text, speaker_name ON statements BEGIN
      DELETE FROM {FTS_TABLE} WHERE rowid = old.rowid;
      INSERT INTO {FTS_TABLE}(rowid, statement_id, text, speaker_name)
      VALUES (new.rowid, new.id, new.text, new.speaker_name);
    END""",
)
_FTS_TRIGGERS = (f"{FTS_TABLE}_ai", f"{FTS_TABLE}_ad", f"{FTS_TABLE}_au")
# An FTS row whose rowid is not its statement's (an index from an older version, or rowids renumbered
# by VACUUM) makes the index unusable: it is rebuilt.
_FTS_MISALIGNED = (f"SELECT 1 FROM statements s JOIN {FTS_TABLE} f ON f.rowid = s.rowid "
                   "WHERE f.statement_id != s.id LIMIT 1")


def ensure_fts(engine: Engine) -> bool:
    """Create and fill the FTS5 index of statement text on SQLite if it is missing; True when usable.

    A standalone FTS table (not ``content='statements'``) because statements have a text primary key,
    and SQLite may renumber the implicit rowids of such a table on VACUUM, which would silently break an
    external-content index.
    """
    if engine.dialect.name != "sqlite":
        return False
    key = str(engine.url)
    if key in _fts_ready:
        return _fts_ready[key]
    try:
        with engine.begin() as conn:
            exists = conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": FTS_TABLE}).first()
            stale = exists is not None and (
                conn.execute(text(_FTS_MISALIGNED)).first() is not None
                or conn.execute(text(f"SELECT COUNT(*) FROM {FTS_TABLE}")).scalar_one()
                != conn.execute(text("SELECT COUNT(*) FROM statements")).scalar_one()
            )
            if stale:
                for trigger in _FTS_TRIGGERS:
                    conn.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
                conn.execute(text(f"DROP TABLE {FTS_TABLE}"))
            if exists is None or stale:
                for ddl in _FTS_DDL:
                    conn.execute(text(ddl))
                conn.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, statement_id, text, speaker_name) "
                                  "SELECT rowid, id, text, speaker_name FROM statements"))
                logger.info("built the full-text index of statements")
        _fts_ready[key] = True
    except SQLAlchemyError as exc:  # no FTS5 in this SQLite, or a read-only database
        logger.warning("full-text index unavailable (%s); searching with LIKE", exc.__class__.__name__)
        _fts_ready[key] = False
    return _fts_ready[key]


def _fts_matches(engine: Engine, fts: str) -> int:
    """How many statements match, counted only up to BROAD_MATCHES + 1 (cheap either way)."""
    with engine.connect() as conn:
        sql = (f"SELECT COUNT(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts "
               f"LIMIT {BROAD_MATCHES + 1}) AS matched")
        return int(conn.execute(text(sql), {"fts": fts}).scalar_one())


def _words(q: str) -> list[str]:
    return re.findall(r"\w+\*?", q)


def fts_query(q: str) -> str:
    """User text -> a safe FTS5 query: every word quoted (so operators and quotes are literal), ANDed;
    a trailing ``*`` keeps its prefix meaning."""
    parts = []
    for word in _words(q):
        prefix = word.endswith("*")
        core = word.rstrip("*").replace('"', "")
        if core:
            parts.append(f'"{core}"' + ("*" if prefix else ""))
    return " ".join(parts)


def _search_condition(engine: Engine, q: str, params: dict[str, Any]) -> str:
    if not fts_query(q):  # "*", '"': a search for nothing must not read as a search that found everything
        raise ConfigError("the search has no word to look for", input=q,
                          hint="give a word or a name, e.g. q=railway; a trailing * matches a prefix (rail*)")
    if engine.dialect.name == "sqlite" and ensure_fts(engine):
        params["fts"] = fts_query(q)
        # A prefix term is expanded again at every per-row test, so prefix searches take the list.
        if "*" not in params["fts"] and _fts_matches(engine, params["fts"]) > BROAD_MATCHES:
            # Broad: test each statement read newest-first by its own FTS row, and stop at the page.
            params["_broad"] = True
            return (f"EXISTS (SELECT 1 FROM {FTS_TABLE} f WHERE {FTS_TABLE} MATCH :fts "
                    "AND f.rowid = s.rowid)")
        return f"s.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts)"
    # Text and speaker's name, as the FTS5 index holds them.
    searched = "s.text || ' ' || coalesce(s.speaker_name, '')"
    if engine.dialect.name == "postgresql":
        params["tsq"] = q
        return f"to_tsvector('simple', {searched}) @@ plainto_tsquery('simple', :tsq)"
    conds = []
    for i, word in enumerate(_words(q)[:10]):
        params[f"like{i}"] = f"%{word.rstrip('*').lower()}%"
        conds.append(f"lower({searched}) LIKE :like{i}")
    return " AND ".join(conds) or "1 = 1"


def narrow_to_period(scope: Scope, period: str | None, by: str | None) -> Scope:
    """The scope limited to one period label (as in the indicator tables)."""
    if not period or not by:
        return scope
    start, end = period_bounds(period, by)
    return dataclasses.replace(
        scope, start=max(start, scope.start) if scope.start else start, end=min(end, scope.end) if scope.end else end
    )


_SELECT = """
SELECT s.id AS id, s.document_id AS document_id, s.idx AS idx, s.start AS start, s."end" AS "end",
       s.text AS text, s.kind AS kind, s.speaker_id AS speaker_id, s.speaker_name AS speaker_name,
       s.speaker_title AS speaker_title, s.speaker_country AS speaker_country, s.speaker_type AS speaker_type,
       s.cue_text AS cue_text, s.confidence AS confidence, s.published AS published, s.cluster_id AS cluster_id,
       c.framework AS framework, c.relevant AS relevant, c.primary_pillar AS primary_pillar, c.pillars AS pillars,
       c.sub_areas AS sub_areas, c.mechanisms AS mechanisms, c.dyads AS dyads, c.event_type AS event_type,
       c.tone AS tone, c.commitment AS commitment, c.confidence AS coding_confidence,
       d.title AS document_title, d.url AS document_url, d.path AS document_path, d.source AS document_source
FROM statements s
JOIN codings c ON c.statement_id = s.id AND c.framework = :framework
JOIN documents d ON d.id = s.document_id
"""


def search_statements(
    db: DbLike,
    scope: Scope,
    *,
    q: str | None = None,
    period: str | None = None,
    by: str | None = None,
    relevant_only: bool = True,
    limit: int = 50,
    offset: int = 0,
    with_evidence: bool = True,
    document_id: str | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page of statements) in the scope, newest first, each with its evidence spans and its
    ``co_speakers`` (the other persons of a joint source, with ``id``, ``name``, ``type``, ``title``,
    ``organisation`` and ``country`` as in the JSON output).

    ``total`` is exact up to COUNT_CAP matches and COUNT_CAP beyond ("at least"); for a full-text
    search matching more than BROAD_MATCHES statements, the cap is BROAD_COUNT_CAP.
    """
    engine = engine_of(db)
    scope = narrow_to_period(check_scope(engine, scope), period, by)
    where, params = scope.where(statement="s", co_speakers=stores_co_speakers(engine))
    conds = [where]
    if relevant_only:
        conds.append("c.relevant = :relevant")
        params["relevant"] = True
    if q and q.strip():
        conds.append(_search_condition(engine, q, params))
    if document_id:
        conds.append("s.document_id = :document_id")
        params["document_id"] = document_id
    condition = " AND ".join(conds)
    limit = max(0, min(int(limit), MAX_LIMIT))
    order = "ORDER BY s.published DESC, s.document_id, s.idx LIMIT :limit OFFSET :offset"
    broad = bool(params.pop("_broad", False))
    # A broad full-text search checks each statement against its own index row; counting 10,000 of
    # those takes seconds, so its count stops at BROAD_COUNT_CAP.
    cap = BROAD_COUNT_CAP if broad else COUNT_CAP
    count_sql = ("SELECT COUNT(*) AS n FROM (SELECT 1 FROM statements s JOIN codings c ON c.statement_id = s.id "
                 f"AND c.framework = :framework WHERE {condition} LIMIT {cap}) AS matched")
    with engine.connect() as conn:
        total = int(run(conn, count_sql, params)[0]["n"])
        select = _SELECT
        if engine.dialect.name == "sqlite" and (broad or total >= COUNT_CAP):
            select = _SELECT.replace("FROM statements s", "FROM statements s INDEXED BY ix_statements_published", 1)
        rows = run(conn, f"{select} WHERE {condition} {order}",
                   {**params, "limit": limit, "offset": max(0, int(offset))})
        if with_evidence:
            attach_evidence(conn, rows, scope.framework)
        attach_co_speakers(conn, rows)
    return total, [decode(r) for r in rows]


def get_statement(db: DbLike, statement_id: str, framework: str) -> dict[str, Any] | None:
    engine = engine_of(db)
    with engine.connect() as conn:
        rows = run(conn, f"{_SELECT} WHERE s.id = :sid", {"sid": statement_id, "framework": framework})
        attach_evidence(conn, rows, framework)
        attach_co_speakers(conn, rows)
    return decode(rows[0]) if rows else None


def attach_evidence(conn: Any, rows: list[dict[str, Any]], framework: str) -> None:
    """Add ``evidence`` (document offsets, as stored) to each statement row, in one query."""
    for row in rows:
        row["evidence"] = []
    if not rows:
        return
    by_id = {r["id"]: r for r in rows}
    ids = list(by_id)
    placeholders = ", ".join(f":id{i}" for i in range(len(ids)))
    sql = (f'SELECT statement_id, field, value, start, "end", text, cue FROM evidence '
           f"WHERE framework = :framework AND statement_id IN ({placeholders}) ORDER BY start, id")
    params: dict[str, Any] = {"framework": framework, **{f"id{i}": sid for i, sid in enumerate(ids)}}
    for ev in run(conn, sql, params):
        sid = ev.pop("statement_id")
        by_id[sid]["evidence"].append(ev)


def decode(row: dict[str, Any]) -> dict[str, Any]:
    """JSON columns to lists, timestamps to ISO text, booleans to bool."""
    for key in _JSON_FIELDS:
        if isinstance(row.get(key), str):
            row[key] = json.loads(row[key])
    published = row.get("published")
    if published is not None and hasattr(published, "isoformat"):
        row["published"] = published.isoformat()
    elif isinstance(published, str):  # SQLite's text: the same ISO form as PostgreSQL's timestamps give
        try:
            row["published"] = datetime.fromisoformat(published).isoformat()
        except ValueError:
            row["published"] = published.replace(" ", "T")
    if "relevant" in row and row["relevant"] is not None:
        row["relevant"] = bool(row["relevant"])
    return row
