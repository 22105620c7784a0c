"""Summary tables that keep dashboard queries under a second on millions of statements.

Grouping a third of a million statements through four joins on text keys takes SQLite seconds, so the
indicator counts are also kept pre-aggregated, by *key* and day: a key is a dyad ``(A, B)``, one country
against all ``(A, '*')`` or everything ``('*', '*')``. A statement adds to every key it belongs to once,
so each key's numbers equal what the exact query over the normalised tables gives.

* ``amity_roll_day``: per key, pillar (and ``'all'``) and day: statements, weights and category counts.
* ``amity_roll_story``: per key, pillar and story cluster: the first day the story appears.
* ``amity_roll_code``: per key, kind (sub_area, mechanism, speaker, level, commitment, event_class,
  tone), code and pillar (and ``'all'``): statements, weight and tone sums.
* ``amity_roll_code_story``: per key, sub-area and story cluster, for distinct stories per sub-area.

Tables are refreshed incrementally from ``analyses.analyzed_at`` (counts are additive), and rebuilt
when analyses disappear. Queries with filters the summaries do not carry fall back to the exact SQL.

The summaries are a derived cache, so they are deliberately not part of the store's schema
(``amity.store.schema``) nor of its Alembic revisions: this module creates them on first use, and
drops and rebuilds them when their columns are not the ones declared here (a database summarised by
another version of Amity). Dropping them loses nothing but the time of one rebuild.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from typing import Any

from sqlalchemy import Column, DateTime, Engine, Float, Integer, MetaData, String, Table, inspect, text
from sqlalchemy.engine import Connection

from amity.indicators.compute import COUNT_COLUMNS, COUNT_CONDITIONS
from amity.indicators.scope import Scope
from amity.indicators.sql import base_cte, run

logger = logging.getLogger(__name__)

ANY = "*"
CODE_KINDS: tuple[str, ...] = ("sub_area", "mechanism", "speaker")
_lock = threading.Lock()
_created: set[str] = set()  # engines whose summary tables exist
_max_age: dict[str, float] = {}  # engine -> seconds a freshness check stays valid (default 0: always check)
_fresh_at: dict[tuple[str, str], float] = {}  # (engine, framework) -> when last found fresh


def set_max_age(engine: Engine, seconds: float) -> None:
    """Let a freshness check of this engine's summaries stand for ``seconds``.

    The dashboard asks for seven breakdowns at once; one check (a COUNT over ``analyses``) serves them
    all. Library calls keep the default of 0, so a query right after a save sees the save.
    """
    _max_age[str(engine.url)] = seconds


def invalidate(engine: Engine) -> None:
    """Forget earlier freshness checks of this engine (after it was written to)."""
    for key in [k for k in _fresh_at if k[0] == str(engine.url)]:
        del _fresh_at[key]

rollup_metadata = MetaData()


def _key_columns(*extra: Column[Any]) -> list[Column[Any]]:
    return [Column("framework", String(100), primary_key=True), Column("key_a", String(3), primary_key=True),
            Column("key_b", String(3), primary_key=True), *extra]


roll_day = Table(
    "amity_roll_day", rollup_metadata,
    *_key_columns(Column("pillar", String(50), primary_key=True), Column("day", String(10), primary_key=True)),
    Column("statements", Integer, nullable=False), Column("weighted", Float, nullable=False),
    Column("net_weighted", Float, nullable=False),
    *(Column(name, Integer, nullable=False) for name in COUNT_COLUMNS),
    # stories whose first statement (for this key and pillar) is on this day; kept in step with roll_story
    Column("stories", Integer, nullable=False, server_default="0"),
)
roll_story = Table(
    "amity_roll_story", rollup_metadata,
    *_key_columns(Column("pillar", String(50), primary_key=True), Column("cluster_id", String(48), primary_key=True)),
    Column("day", String(10), nullable=False),
)
roll_code = Table(
    "amity_roll_code", rollup_metadata,
    *_key_columns(Column("kind", String(20), primary_key=True), Column("code", String(200), primary_key=True),
                  Column("pillar", String(50), primary_key=True)),
    Column("label", String(400)), Column("statements", Integer, nullable=False),
    Column("weighted", Float, nullable=False), Column("tone_sum", Float, nullable=False),
)
roll_code_story = Table(
    "amity_roll_code_story", rollup_metadata,
    *_key_columns(Column("kind", String(20), primary_key=True), Column("code", String(200), primary_key=True),
                  Column("cluster_id", String(48), primary_key=True)),
)
roll_state = Table(
    "amity_roll_state", rollup_metadata,
    Column("framework", String(100), primary_key=True),
    Column("analyses", Integer, nullable=False),
    Column("analyzed_through", DateTime),
)
_ROLL_TABLES = (roll_day, roll_story, roll_code, roll_code_story)


def _analyses_state(conn: Connection, framework: str) -> tuple[int, datetime | None]:
    row = conn.execute(text("SELECT COUNT(*), MAX(analyzed_at) FROM analyses WHERE framework = :f"),
                       {"f": framework}).one()
    last = row[1]
    if isinstance(last, str):
        last = datetime.fromisoformat(last)
    return int(row[0]), last


def refresh(engine: Engine, framework: str) -> bool:
    """Bring the summaries of a framework up to date; True when they can be used.

    Cheap when nothing changed (one COUNT over ``analyses``); adds only new analyses otherwise.
    Returns False (callers then use the exact queries) when the tables cannot be written, e.g. on a
    read-only database.
    """
    key = (str(engine.url), framework)
    try:
        with _lock:
            if time.monotonic() - _fresh_at.get(key, -1e9) < _max_age.get(key[0], 0.0):
                return True
            fresh = _refresh(engine, framework, key)
            _fresh_at[key] = time.monotonic()
            return fresh
    except Exception as exc:  # a read-only or foreign database must not break read queries
        logger.warning("indicator summaries unavailable (%s: %s); using exact queries", exc.__class__.__name__, exc)
        return False


def _create_tables(engine: Engine) -> None:
    """Create the summary tables, replacing them (all: they are rebuilt together) when one has other
    columns than declared here. Outside Alembic on purpose: see the module docstring."""
    with engine.begin() as conn:
        insp = inspect(conn)
        stale = [table.name for table in rollup_metadata.sorted_tables if insp.has_table(table.name)
                 and {c["name"] for c in insp.get_columns(table.name)} != set(table.c.keys())]
        if stale:
            logger.info("indicator summaries %s have other columns: rebuilding them", ", ".join(stale))
            rollup_metadata.drop_all(conn)
        rollup_metadata.create_all(conn)


def _refresh(engine: Engine, framework: str, key: tuple[str, str]) -> bool:
    if key[0] not in _created:
        _create_tables(engine)
        _created.add(key[0])
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":  # sorting for the group-bys: in memory, with a larger page cache
            try:
                conn.exec_driver_sql("PRAGMA temp_store = MEMORY")
                conn.exec_driver_sql("PRAGMA cache_size = -200000")
            except Exception:  # only a speed-up; SQLite refuses it on a connection with temp objects
                logger.debug("could not tune the SQLite connection for the summaries")
            conn.commit()
        with conn.begin():
            count, last = _analyses_state(conn, framework)
            state = conn.execute(roll_state.select().where(roll_state.c.framework == framework)).first()
            if state is not None and state.analyses == count and state.analyzed_through == last:
                return True
            since = state.analyzed_through if state is not None else None
            if state is not None and since is not None:
                new = int(conn.execute(text("SELECT COUNT(*) FROM analyses WHERE framework = :f AND analyzed_at > :s"),
                                       {"f": framework, "s": since}).scalar_one())
                if state.analyses + new != count:  # analyses removed, or one committed out of order
                    since = None
            if since is None:
                for table in _ROLL_TABLES:
                    conn.execute(table.delete().where(table.c.framework == framework))
            _add(conn, framework, since)
            conn.execute(roll_state.delete().where(roll_state.c.framework == framework))
            conn.execute(roll_state.insert(), [{"framework": framework, "analyses": count, "analyzed_through": last}])
            logger.info("indicator summaries for %s %s", framework, "rebuilt" if since is None else "updated")
    return True


def _add(conn: Connection, framework: str, since: datetime | None) -> None:
    """Add the statements of analyses newer than ``since`` (all when None) to the summaries."""
    from amity.indicators.weights import speaker_level_sql

    dialect = conn.dialect.name
    for name in ("amity_tmp_facts", "amity_tmp_keys", "amity_tmp_levels"):
        conn.execute(text(f"DROP TABLE IF EXISTS {name}"))
    # speaker levels once per distinct (speaker, title, type), not once per statement
    new_docs = ("document_id IN (SELECT document_id FROM analyses WHERE framework = :framework "
                "AND analyzed_at > :since)") if since is not None else "1 = 1"
    title = "(' ' || lower(u.title_key || ' ' || coalesce(a.role, '')) || ' ')"
    run_sql(conn, f"""CREATE TEMPORARY TABLE amity_tmp_levels AS
        SELECT u.speaker_key AS speaker_key, u.title_key AS title_key, u.type_key AS type_key,
               {speaker_level_sql(title, "NULLIF(u.type_key, '')")} AS level
        FROM (SELECT DISTINCT coalesce(speaker_id, '') AS speaker_key, coalesce(speaker_title, '') AS title_key,
                     coalesce(speaker_type, '') AS type_key FROM statements WHERE {new_docs}) AS u
        LEFT JOIN actors a ON a.id = u.speaker_key""", {"framework": framework, "since": since})
    conn.execute(text("CREATE INDEX amity_tmp_levels_key ON amity_tmp_levels (speaker_key, title_key, type_key)"))
    level_join = ("LEFT JOIN amity_tmp_levels lv ON lv.speaker_key = coalesce(s.speaker_id, '') "
                  "AND lv.title_key = coalesce(s.speaker_title, '') AND lv.type_key = coalesce(s.speaker_type, '')")
    scope = Scope(framework=framework)
    cte, params = base_cte(scope, dialect, level_join=level_join)
    if since is not None:
        cte = cte.replace("WHERE c.relevant = :relevant", f"WHERE c.relevant = :relevant AND s.{new_docs}")
        params["since"] = since
    day = "substr(CAST(b.published AS TEXT), 1, 10)" if dialect == "sqlite" else "to_char(b.published, 'YYYY-MM-DD')"
    run_sql(conn, f"""CREATE TEMPORARY TABLE amity_tmp_facts AS WITH {cte}
        SELECT b.id AS id, b.cluster_id AS cluster_id, coalesce({day}, '') AS day, b.speaker_id AS speaker_id,
               b.speaker_name AS speaker_name, b.level AS level, coalesce(b.commitment, 'none') AS commitment,
               b.event_class AS event_class, coalesce(b.tone, 'none') AS tone, b.tone_sign AS tone_sign,
               b.weight AS weight
        FROM base b""", params)
    conn.execute(text("CREATE INDEX amity_tmp_facts_id ON amity_tmp_facts (id)"))
    run_sql(conn, f"""CREATE TEMPORARY TABLE amity_tmp_keys AS
        SELECT d.statement_id AS id, d.country_a AS key_a, d.country_b AS key_b
          FROM statement_dyads d JOIN amity_tmp_facts f ON f.id = d.statement_id WHERE d.framework = :framework
        UNION SELECT d.statement_id, d.country_a, '{ANY}'
          FROM statement_dyads d JOIN amity_tmp_facts f ON f.id = d.statement_id WHERE d.framework = :framework
        UNION SELECT d.statement_id, d.country_b, '{ANY}'
          FROM statement_dyads d JOIN amity_tmp_facts f ON f.id = d.statement_id WHERE d.framework = :framework
        UNION SELECT f.id, '{ANY}', '{ANY}' FROM amity_tmp_facts f""", {"framework": framework})
    conn.execute(text("CREATE INDEX amity_tmp_keys_id ON amity_tmp_keys (id)"))
    fk = "amity_tmp_facts b JOIN amity_tmp_keys k ON k.id = b.id"
    pil = "JOIN statement_pillars p ON p.statement_id = b.id AND p.framework = :framework"
    p = {"framework": framework}

    # per day
    counts = ", ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)" for _name, cond in COUNT_CONDITIONS)
    day_cols = ["statements", "weighted", "net_weighted", *COUNT_COLUMNS]
    aggregates = f"COUNT(*), SUM(b.weight), SUM(b.weight * b.tone_sign), {counts}"
    _upsert(conn, roll_day, ("framework", "key_a", "key_b", "pillar", "day"), day_cols, f"""
        SELECT :framework, k.key_a, k.key_b, p.pillar, b.day, {aggregates} FROM {fk} {pil}
        GROUP BY k.key_a, k.key_b, p.pillar, b.day
        UNION ALL
        SELECT :framework, k.key_a, k.key_b, 'all', b.day, {aggregates} FROM {fk}
        GROUP BY k.key_a, k.key_b, b.day""", p, add=True)

    _add_stories(conn, framework, fk, pil)

    # codes: sub-areas, mechanisms (overall and per pillar, for the co-occurrence) and speakers
    sub_join = "JOIN statement_sub_areas sa ON sa.statement_id = b.id AND sa.framework = :framework"
    mech_join = "JOIN statement_mechanisms m ON m.statement_id = b.id AND m.framework = :framework"
    totals = "COUNT(*), SUM(b.weight), SUM(b.tone_sign)"
    parts = [
        f"SELECT :framework, k.key_a, k.key_b, 'sub_area', sa.sub_area, 'all', NULL, {totals} FROM {fk} {sub_join} "
        "GROUP BY k.key_a, k.key_b, sa.sub_area",
        f"SELECT :framework, k.key_a, k.key_b, 'mechanism', m.mechanism, 'all', NULL, {totals} FROM {fk} {mech_join} "
        "GROUP BY k.key_a, k.key_b, m.mechanism",
        f"SELECT :framework, k.key_a, k.key_b, 'mechanism', m.mechanism, p.pillar, NULL, {totals} FROM {fk} "
        f"{mech_join} {pil} GROUP BY k.key_a, k.key_b, m.mechanism, p.pillar",
        f"SELECT :framework, k.key_a, k.key_b, 'speaker', b.speaker_id, 'all', MAX(b.speaker_name), {totals} "
        f"FROM {fk} WHERE b.speaker_id IS NOT NULL GROUP BY k.key_a, k.key_b, b.speaker_id",
    ]
    _upsert(conn, roll_code, ("framework", "key_a", "key_b", "kind", "code", "pillar"),
            ["label", "statements", "weighted", "tone_sum"], " UNION ALL ".join(parts), p, add=True)
    _upsert(conn, roll_code_story, ("framework", "key_a", "key_b", "kind", "code", "cluster_id"), [], f"""
        SELECT DISTINCT :framework, k.key_a, k.key_b, 'sub_area', sa.sub_area, b.cluster_id FROM {fk} {sub_join}""",
            p, add=False)
    for name in ("amity_tmp_facts", "amity_tmp_keys", "amity_tmp_levels"):
        conn.execute(text(f"DROP TABLE IF EXISTS {name}"))


def _add_stories(conn: Connection, framework: str, fk: str, pil: str) -> None:
    """First (dated) day per key, pillar and story; and the per-day story counts that follow from it.

    A story new to a key and pillar adds one on its first day; a story already known but now seen
    earlier (an older article stored later) moves from its old first day to the new one.
    """
    p = {"framework": framework}
    first_day = "coalesce(MIN(NULLIF(b.day, '')), '')"
    conn.execute(text("DROP TABLE IF EXISTS amity_tmp_story"))
    conn.execute(text("DROP TABLE IF EXISTS amity_tmp_story_delta"))
    run_sql(conn, f"""CREATE TEMPORARY TABLE amity_tmp_story AS
        SELECT k.key_a AS key_a, k.key_b AS key_b, p.pillar AS pillar, b.cluster_id AS cluster_id,
               {first_day} AS day FROM {fk} {pil} GROUP BY k.key_a, k.key_b, p.pillar, b.cluster_id
        UNION ALL
        SELECT k.key_a, k.key_b, 'all', b.cluster_id, {first_day} FROM {fk}
        GROUP BY k.key_a, k.key_b, b.cluster_id""", p)
    # '' (undated) sorts after every date here: a dated first statement always wins over an undated one
    run_sql(conn, """CREATE TEMPORARY TABLE amity_tmp_story_delta AS
        SELECT t.key_a AS key_a, t.key_b AS key_b, t.pillar AS pillar, t.day AS new_day, r.day AS old_day
        FROM amity_tmp_story t LEFT JOIN amity_roll_story r ON r.framework = :framework AND r.key_a = t.key_a
             AND r.key_b = t.key_b AND r.pillar = t.pillar AND r.cluster_id = t.cluster_id
        WHERE r.day IS NULL OR (t.day <> '' AND (r.day = '' OR t.day < r.day))""", p)
    for sign, column, extra in (("-", "old_day", " WHERE old_day IS NOT NULL"), ("+", "new_day", "")):
        run_sql(conn, f"""UPDATE amity_roll_day SET stories = amity_roll_day.stories {sign} d.n
            FROM (SELECT key_a, key_b, pillar, {column} AS day, COUNT(*) AS n FROM amity_tmp_story_delta{extra}
                  GROUP BY key_a, key_b, pillar, {column}) AS d
            WHERE amity_roll_day.framework = :framework AND amity_roll_day.key_a = d.key_a
              AND amity_roll_day.key_b = d.key_b AND amity_roll_day.pillar = d.pillar
              AND amity_roll_day.day = d.day""", p)
    _upsert(conn, roll_story, ("framework", "key_a", "key_b", "pillar", "cluster_id"), ["day"],
            "SELECT :framework, key_a, key_b, pillar, cluster_id, day FROM amity_tmp_story", p, add=False)
    conn.execute(text("DROP TABLE amity_tmp_story"))
    conn.execute(text("DROP TABLE amity_tmp_story_delta"))


def run_sql(conn: Connection, sql: str, params: dict[str, Any]) -> None:
    from amity.indicators.sql import typed_text

    used = {k: v for k, v in params.items() if f":{k}" in sql}
    conn.execute(typed_text(sql, used), used)


def _upsert(conn: Connection, table: Table, keys: tuple[str, ...], values: list[str], select_sql: str,
            params: dict[str, Any], *, add: bool) -> None:
    """INSERT ... SELECT with ON CONFLICT: counts add up; a story's first day keeps the earliest."""
    columns = [*keys, *values]
    if not values:
        action = "DO NOTHING"
    elif add:
        sets = ", ".join(
            f"{v} = coalesce(excluded.{v}, {table.name}.{v})" if v == "label"
            else f"{v} = {table.name}.{v} + excluded.{v}"
            for v in values)
        action = f"DO UPDATE SET {sets}"
    else:  # first day: the earlier non-empty one
        action = (f"DO UPDATE SET day = CASE WHEN {table.name}.day = '' OR (excluded.day <> '' AND "
                  f"excluded.day < {table.name}.day) THEN excluded.day ELSE {table.name}.day END")
    sql = (f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT * FROM ({select_sql}) AS u WHERE 1 = 1 "
           f"ON CONFLICT ({', '.join(keys)}) {action}")
    run_sql(conn, sql, params)


def key_of(scope: Scope) -> tuple[str, str]:
    if scope.dyad:
        return scope.dyad
    if scope.country:
        return scope.country, ANY
    return ANY, ANY


def usable(scope: Scope, *, pillar_ok: bool = True) -> bool:
    """Whether the summaries answer this scope exactly: no filters they do not carry, and no date range
    (a story's first day in the summaries may fall before the range, where the exact query would count
    its first statement inside it)."""
    if (scope.dyad and scope.country) or (scope.pillar and not pillar_ok):
        return False
    extra = (scope.sub_area, scope.mechanism, scope.speaker, scope.tone, scope.commitment, scope.event_class,
             scope.speaker_level, scope.start, scope.end)
    return not any(extra)


def day_conditions(scope: Scope, params: dict[str, Any]) -> str:
    """The conditions on the summaries' ``day`` for the scope's start and end (each `` AND ...``;
    nothing for an open range), their values added to ``params``."""
    conds = ""
    if scope.start:
        conds += " AND day >= :start_day"
        params["start_day"] = scope.start.strftime("%Y-%m-%d")
    if scope.end:
        conds += " AND day < :end_day"
        params["end_day"] = scope.end.strftime("%Y-%m-%d")
    return conds


def day_rows(conn: Connection, scope: Scope, by: str) -> list[dict[str, Any]]:
    """Timeline aggregates per period and pillar from the summaries (same columns as the exact query)."""
    from amity.indicators.scope import period_sql

    dialect = conn.dialect.name
    key_a, key_b = key_of(scope)
    params: dict[str, Any] = {"framework": scope.framework, "key_a": key_a, "key_b": key_b}
    conds = "framework = :framework AND key_a = :key_a AND key_b = :key_b AND day <> ''"
    conds += day_conditions(scope, params)
    day = "day" if dialect == "sqlite" else "CAST(day AS date)"
    period = period_sql(day, by, dialect)
    columns = ("statements", "stories", "weighted", "net_weighted", *COUNT_COLUMNS)
    sums = ", ".join(f"SUM({c}) AS {c}" for c in columns)
    return run(conn, f"SELECT {period} AS period, pillar, {sums} FROM amity_roll_day WHERE {conds} "
                     "GROUP BY 1, pillar", params)


def code_rows(conn: Connection, scope: Scope, kind: str, *, limit: int | None = None,
              pillar: str | None = None, by_pillar: bool = False) -> list[dict[str, Any]]:
    """Per-code totals from the summaries: code, label, statements, weighted, tone_sum (and pillar)."""
    key_a, key_b = key_of(scope)
    params: dict[str, Any] = {"framework": scope.framework, "key_a": key_a, "key_b": key_b, "kind": kind,
                              "pillar": pillar or "all"}
    pillar_cond = "pillar <> 'all'" if by_pillar else "pillar = :pillar"
    sql = ("SELECT code, pillar, label, statements, weighted, tone_sum FROM amity_roll_code "
           f"WHERE framework = :framework AND key_a = :key_a AND key_b = :key_b AND kind = :kind AND {pillar_cond} "
           "ORDER BY statements DESC, code")
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return run(conn, sql, params)


def code_stories(conn: Connection, scope: Scope, kind: str) -> dict[str, int]:
    key_a, key_b = key_of(scope)
    rows = run(conn, "SELECT code, COUNT(*) AS n FROM amity_roll_code_story WHERE framework = :framework "
                     "AND key_a = :key_a AND key_b = :key_b AND kind = :kind GROUP BY code",
               {"framework": scope.framework, "key_a": key_a, "key_b": key_b, "kind": kind})
    return {r["code"]: int(r["n"]) for r in rows}


def quality_rows(conn: Connection, scope: Scope) -> list[dict[str, Any]]:
    """Statements by speaker level, commitment, event class and tone, from the per-day counts."""
    from amity.indicators.weights import EVENT_CLASSES, SPEAKER_LEVELS, TONE_SIGNS

    key_a, key_b = key_of(scope)
    dims = [("speaker_level", v, v) for v in SPEAKER_LEVELS]
    dims += [("commitment", v, v) for v in ("act", "pledge", "aspiration")]
    dims += [("event_class", v, v) for v in EVENT_CLASSES]
    dims += [("tone", v, v) for v in TONE_SIGNS]
    sums = ", ".join(f"SUM({col}) AS {col}" for _d, _v, col in dims)
    row = run(conn, f"SELECT COUNT(*) AS n_rows, SUM(statements) AS statements, {sums} FROM amity_roll_day "
                    "WHERE framework = :framework AND key_a = :key_a AND key_b = :key_b AND pillar = :pillar",
              {"framework": scope.framework, "key_a": key_a, "key_b": key_b, "pillar": scope.pillar or "all"})[0]
    total = int(row["statements"] or 0)
    out = [{"dimension": d, "value": v, "statements": int(row[col] or 0)} for d, v, col in dims]
    # what no category holds: no commitment coded, an event type outside the classes, no tone
    for dim, values in (("commitment", ("act", "pledge", "aspiration")), ("event_class", tuple(EVENT_CLASSES)),
                        ("tone", tuple(TONE_SIGNS))):
        rest = total - sum(int(row[v] or 0) for v in values)
        out.append({"dimension": dim, "value": "other" if dim == "event_class" else "none", "statements": rest})
    return out
