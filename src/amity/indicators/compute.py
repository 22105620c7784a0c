"""Indicator queries: timelines per pillar, breakdowns, speakers, mechanisms, dyads.

Counting, weighting and grouping happen in SQL over the narrow code tables. What is left for Python is
arithmetic on the small aggregate table (a few rows per period and pillar): filling empty periods with
zeros, shares, momentum, trend and balance, which would need a calendar table and window functions that
differ between SQLite and PostgreSQL. Results are plain lists of dicts; :mod:`amity.indicators.frames`
turns them into Polars tables.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from typing import Any

from amity.errors import AmityError
from amity.indicators.scope import (
    DbLike,
    Scope,
    check_scope,
    engine_of,
    next_period,
    parse_period,
    period_bounds,
    stores_co_speakers,
)
from amity.indicators.sql import base_cte, run
from amity.indicators.weights import EVENT_CLASSES, SPEAKER_LEVELS, TONE_SIGNS

logger = logging.getLogger(__name__)

ALL_PILLARS = "all"
TREND_WINDOW = 4

# (column, SQL condition over the base CTE) — counted per period and pillar.
COUNT_CONDITIONS: tuple[tuple[str, str], ...] = (
    *((name, f"b.event_class = '{name}'") for name in ("material", "verbal", "conflict")),
    *((name, f"b.commitment = '{name}'") for name in ("act", "pledge", "aspiration")),
    *((level, f"b.level = '{level}'") for level in SPEAKER_LEVELS),
    *((tone, f"b.tone = '{tone}'") for tone in TONE_SIGNS),
)
COUNT_COLUMNS: tuple[str, ...] = tuple(name for name, _ in COUNT_CONDITIONS)


def framework_labels(framework: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(pillar id -> name, sub-area id -> name, sub-area id -> pillar id) from the framework file.

    An unknown framework (stored by a custom YAML that is not at hand) just gives empty maps: the ids
    are then shown as they are.
    """
    try:
        from amity.coding.framework import load_framework

        fw = load_framework(framework)
    except (AmityError, ImportError):
        logger.info("framework %s not loadable; showing ids", framework)
        return {}, {}, {}
    pillars = {p.id: p.name for p in fw.pillars}
    subs = {sa.id: sa.name for p in fw.pillars for sa in p.sub_areas}
    sub_pillar = {sa.id: p.id for p in fw.pillars for sa in p.sub_areas}
    return pillars, subs, sub_pillar


def _summaries(engine: Any, scope: Scope, *, pillar_ok: bool = True) -> bool:
    """Whether to answer from the summary tables (kept fresh here) rather than the exact joins."""
    from amity.indicators import rollup

    return rollup.usable(scope, pillar_ok=pillar_ok) and rollup.refresh(engine, scope.framework)


def _aggregates(prefix: str = "b") -> str:
    counts = ", ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {name}" for name, cond in COUNT_CONDITIONS)
    return (f"COUNT(*) AS statements, "
            f"SUM({prefix}.weight) AS weighted, SUM({prefix}.weight * {prefix}.tone_sign) AS net_weighted, "
            f"{counts}")


def timeline_rows(db: DbLike, scope: Scope, by: str = "quarter") -> list[dict[str, Any]]:
    """One row per period and pillar (plus pillar ``all``): counts, shares, quality, momentum, balance."""
    period = parse_period(by)
    engine = engine_of(db)
    scope = check_scope(engine, scope)
    cte, params = base_cte(scope, engine.dialect.name, by=period, with_pillar=False,
                           co_speakers=stores_co_speakers(engine))
    sql = f"""
    WITH {cte}
    SELECT b.period AS period, p.pillar AS pillar, {_aggregates()}
    FROM base b JOIN statement_pillars p ON p.statement_id = b.id AND p.framework = :framework
    GROUP BY b.period, p.pillar
    UNION ALL
    SELECT b.period AS period, '{ALL_PILLARS}' AS pillar, {_aggregates()}
    FROM base b GROUP BY b.period
    """
    # A story counts once, in the period of its first statement in the scope (labels sort in time order).
    stories_sql = f"""
    WITH {cte}
    SELECT first_period AS period, pillar, COUNT(*) AS stories FROM (
      SELECT p.pillar AS pillar, b.cluster_id AS cluster_id, MIN(b.period) AS first_period
      FROM base b JOIN statement_pillars p ON p.statement_id = b.id AND p.framework = :framework
      GROUP BY p.pillar, b.cluster_id
      UNION ALL
      SELECT '{ALL_PILLARS}' AS pillar, b.cluster_id AS cluster_id, MIN(b.period) AS first_period
      FROM base b GROUP BY b.cluster_id
    ) AS firsts GROUP BY first_period, pillar
    """
    unfiltered = dataclasses.replace(scope, pillar=None)
    if _summaries(engine, unfiltered):
        from amity.indicators import rollup

        with engine.connect() as conn:
            raw = rollup.day_rows(conn, unfiltered, period)
    else:
        with engine.connect() as conn:
            raw = run(conn, sql, params)
            first_seen = {(r["period"], r["pillar"]): int(r["stories"]) for r in run(conn, stories_sql, params)}
        for r in raw:
            r["stories"] = first_seen.get((r["period"], r["pillar"]), 0)
    names, _, _ = framework_labels(scope.framework)
    pillars = list(names) or sorted({r["pillar"] for r in raw if r["pillar"] != ALL_PILLARS})
    pillars += sorted({r["pillar"] for r in raw} - set(pillars) - {ALL_PILLARS})
    periods = _period_range(sorted({r["period"] for r in raw}), period)
    found = {(r["period"], r["pillar"]): r for r in raw}
    rows: list[dict[str, Any]] = []
    for label in periods:
        start, _end = period_bounds(label, period)
        pillar_total = sum(int(found.get((label, p), {}).get("statements", 0)) for p in pillars)
        shares = [int(found.get((label, p), {}).get("statements", 0)) / pillar_total if pillar_total else 0.0
                  for p in pillars]
        balance = _balance(shares)
        for pillar in [*pillars, ALL_PILLARS]:
            r = found.get((label, pillar), {})
            n = int(r.get("statements", 0))
            row: dict[str, Any] = {
                "period": label, "period_start": start.date(), "pillar": pillar,
                "pillar_name": "All pillars" if pillar == ALL_PILLARS else names.get(pillar, pillar),
                "statements": n, "stories": int(r.get("stories", 0)),
                "share": (1.0 if n else 0.0) if pillar == ALL_PILLARS else (n / pillar_total if pillar_total else 0.0),
                "weighted": round(float(r.get("weighted") or 0.0), 4),
                "net_weighted": round(float(r.get("net_weighted") or 0.0), 4),
            }
            row["quality"] = round(row["weighted"] / n, 4) if n else None
            for name in COUNT_COLUMNS:
                row[name] = int(r.get(name) or 0)
            row["net_tone"] = round((row["cooperative"] - row["conflictual"]) / n, 4) if n else None
            row["balance"] = balance
            rows.append(row)
    _add_momentum(rows)
    if scope.pillar:
        rows = [r for r in rows if r["pillar"] == scope.pillar]
    return rows


def _period_range(labels: list[str], by: str) -> list[str]:
    """Every period from the first label to the last, so that empty periods show as zeros."""
    if not labels:
        return []
    out = [labels[0]]
    while out[-1] < labels[-1] and len(out) < 10_000:
        out.append(next_period(out[-1], by))
    return out


def _balance(shares: list[float]) -> float | None:
    """Normalised Shannon entropy of the pillar shares: 1 = even across pillars, 0 = one pillar only."""
    if len(shares) < 2 or not any(shares):
        return None
    h = -sum(p * math.log(p) for p in shares if p > 0)
    return max(0.0, round(h / math.log(len(shares)), 4))  # max: one pillar gives -0.0


def _slope(values: list[float]) -> float:
    """Least-squares slope of values against 0..n-1 (statements per period, per period)."""
    n = len(values)
    if n < 2:
        return 0.0
    mean_x = (n - 1) / 2
    mean_y = sum(values) / n
    num = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values))
    den = sum((i - mean_x) ** 2 for i in range(n))
    return round(num / den, 4)


def _add_momentum(rows: list[dict[str, Any]]) -> None:
    """change and pct_change against the previous period, and the trend over the last periods."""
    history: dict[str, list[dict[str, Any]]] = {}
    for row in rows:  # rows come in period order
        past = history.setdefault(row["pillar"], [])
        prev = past[-1]["statements"] if past else None
        row["change"] = None if prev is None else row["statements"] - prev
        row["pct_change"] = round((row["statements"] - prev) / prev, 4) if prev else None
        window = [r["statements"] for r in past[-(TREND_WINDOW - 1):]] + [row["statements"]]
        row["trend"] = _slope(window)
        past.append(row)


def dyad_rows(db: DbLike, scope: Scope) -> list[dict[str, Any]]:
    """Every dyad with statements in the scope: counts, stories, dates, net tone and per-pillar counts."""
    engine = engine_of(db)
    scope = check_scope(engine, scope)
    cte, params = base_cte(scope, engine.dialect.name, co_speakers=stores_co_speakers(engine))
    sql = f"""
    WITH {cte}
    SELECT d.country_a AS country_a, d.country_b AS country_b, COUNT(*) AS statements,
           COUNT(DISTINCT b.cluster_id) AS stories, MIN(b.published) AS first, MAX(b.published) AS last,
           SUM(b.weight) AS weighted, SUM(b.tone_sign) AS tone_sum
    FROM base b JOIN statement_dyads d ON d.statement_id = b.id AND d.framework = :framework
    GROUP BY d.country_a, d.country_b
    """
    pillar_sql = f"""
    WITH {cte}
    SELECT d.country_a AS country_a, d.country_b AS country_b, p.pillar AS pillar, COUNT(*) AS n
    FROM base b JOIN statement_dyads d ON d.statement_id = b.id AND d.framework = :framework
    JOIN statement_pillars p ON p.statement_id = b.id AND p.framework = :framework
    GROUP BY d.country_a, d.country_b, p.pillar
    """
    # With a pillar, a dyad's per-pillar counts are those of the pillar's statements (which may be coded to
    # other pillars too): only the exact query knows that co-occurrence.
    if _summaries(engine, scope, pillar_ok=False):
        raw, per_pillar = _dyads_from_summaries(engine, scope)
    else:
        with engine.connect() as conn:
            raw = run(conn, sql, params)
            per_pillar = run(conn, pillar_sql, params)
    names, _, _ = framework_labels(scope.framework)
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for r in per_pillar:
        counts.setdefault((r["country_a"], r["country_b"]), {})[r["pillar"]] = int(r["n"])
    rows = []
    for r in raw:
        n = int(r["statements"])
        rows.append({
            "dyad": f"{r['country_a']}-{r['country_b']}", "country_a": r["country_a"], "country_b": r["country_b"],
            "statements": n, "stories": int(r["stories"]),
            "first": _iso(r["first"]), "last": _iso(r["last"]),
            "quality": round(float(r["weighted"] or 0) / n, 4) if n else None,
            "net_tone": round(float(r["tone_sum"] or 0) / n, 4) if n else None,
            "pillars": {p: counts.get((r["country_a"], r["country_b"]), {}).get(p, 0)
                        for p in (list(names) or sorted(counts.get((r["country_a"], r["country_b"]), {})))},
        })
    # the exact query also sees the other dyads of the same statements
    if scope.country:
        rows = [r for r in rows if scope.country in (r["country_a"], r["country_b"])]
    if scope.dyad:
        rows = [r for r in rows if (r["country_a"], r["country_b"]) == scope.dyad]
    rows.sort(key=lambda r: (-r["statements"], r["dyad"]))
    return rows


def _dyads_from_summaries(engine: Any, scope: Scope) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    from amity.indicators import rollup

    params: dict[str, Any] = {"framework": scope.framework}
    conds = "framework = :framework AND key_b <> '*'"
    if scope.country:
        conds += " AND (key_a = :country OR key_b = :country)"
        params["country"] = scope.country
    if scope.dyad:
        conds += " AND key_a = :dyad_a AND key_b = :dyad_b"
        params["dyad_a"], params["dyad_b"] = scope.dyad
    if scope.start or scope.end:
        conds += " AND day <> ''"
    conds += rollup.day_conditions(scope, params)
    with engine.connect() as conn:
        raw = run(conn, "SELECT key_a AS country_a, key_b AS country_b, SUM(statements) AS statements, "
                        "MIN(NULLIF(day, '')) AS first, MAX(NULLIF(day, '')) AS last, SUM(weighted) AS weighted, "
                        "SUM(cooperative) - SUM(conflictual) AS tone_sum "
                        f"FROM amity_roll_day WHERE {conds} AND pillar = 'all' GROUP BY key_a, key_b", params)
        per_pillar = run(conn, "SELECT key_a AS country_a, key_b AS country_b, pillar, SUM(statements) AS n "
                               f"FROM amity_roll_day WHERE {conds} AND pillar <> 'all' GROUP BY key_a, key_b, pillar",
                         params)
        stories = run(conn, "SELECT key_a, key_b, SUM(stories) AS n FROM amity_roll_day "
                            f"WHERE {conds} AND pillar = 'all' GROUP BY key_a, key_b", params)
    found = {(r["key_a"], r["key_b"]): r["n"] for r in stories}
    for r in raw:
        r["stories"] = found.get((r["country_a"], r["country_b"]), 0)
    return raw, per_pillar


def _iso(value: Any) -> str | None:
    """A date as ``YYYY-MM-DD`` whether the database gave a datetime or text."""
    if value is None:
        return None
    return (value.isoformat() if hasattr(value, "isoformat") else str(value))[:10]


def sub_area_rows(db: DbLike, scope: Scope) -> list[dict[str, Any]]:
    """Statements and stories per sub-area, with each sub-area's pillar and share of the scope."""
    engine = engine_of(db)
    scope = check_scope(engine, scope)
    cte, params = base_cte(scope, engine.dialect.name, co_speakers=stores_co_speakers(engine))
    sql = f"""
    WITH {cte}
    SELECT sa.sub_area AS sub_area, COUNT(*) AS statements, COUNT(DISTINCT b.cluster_id) AS stories,
           SUM(b.weight) AS weighted
    FROM base b JOIN statement_sub_areas sa ON sa.statement_id = b.id AND sa.framework = :framework
    GROUP BY sa.sub_area
    """
    if _summaries(engine, scope, pillar_ok=False):
        from amity.indicators import rollup

        with engine.connect() as conn:
            raw = rollup.code_rows(conn, scope, "sub_area")
            stories = rollup.code_stories(conn, scope, "sub_area")
        raw = [{"sub_area": r["code"], "statements": r["statements"], "stories": stories.get(r["code"], 0),
                "weighted": r["weighted"]} for r in raw]
    else:
        with engine.connect() as conn:
            raw = run(conn, sql, params)
    names, sub_names, sub_pillar = framework_labels(scope.framework)
    if scope.pillar and sub_pillar:
        raw = [r for r in raw if sub_pillar.get(r["sub_area"]) == scope.pillar]
    total = sum(int(r["statements"]) for r in raw)
    rows = [{
        "sub_area": r["sub_area"], "sub_area_name": sub_names.get(r["sub_area"], r["sub_area"]),
        "pillar": sub_pillar.get(r["sub_area"]),
        "pillar_name": names.get(sub_pillar.get(r["sub_area"], ""), sub_pillar.get(r["sub_area"])),
        "statements": int(r["statements"]), "stories": int(r["stories"]),
        "share": round(int(r["statements"]) / total, 4) if total else 0.0,
        "weighted": round(float(r["weighted"] or 0), 4),
    } for r in raw]
    rows.sort(key=lambda r: (-r["statements"], r["sub_area"]))
    return rows


def mechanism_rows(db: DbLike, scope: Scope, *, limit: int = 20) -> list[dict[str, Any]]:
    """The mechanisms (LMC, BRI, ASEAN...) most often named in the scope's statements."""
    engine = engine_of(db)
    scope = check_scope(engine, scope)
    cte, params = base_cte(scope, engine.dialect.name, co_speakers=stores_co_speakers(engine))
    sql = f"""
    WITH {cte}
    SELECT m.mechanism AS mechanism, MAX(a.name) AS name, COUNT(*) AS statements, SUM(b.weight) AS weighted
    FROM base b JOIN statement_mechanisms m ON m.statement_id = b.id AND m.framework = :framework
    LEFT JOIN actors a ON a.id = m.mechanism
    GROUP BY m.mechanism
    ORDER BY statements DESC, m.mechanism
    LIMIT :limit
    """
    if _summaries(engine, scope):
        from amity.indicators import rollup

        with engine.connect() as conn:
            codes = rollup.code_rows(conn, scope, "mechanism", pillar=scope.pillar, limit=int(limit))
            actor_names = _actor_info(conn, [r["code"] for r in codes])
        raw = [{"mechanism": r["code"], "name": actor_names.get(r["code"], {}).get("name"),
                "statements": r["statements"], "weighted": r["weighted"]} for r in codes]
    else:
        with engine.connect() as conn:
            raw = run(conn, sql, {**params, "limit": int(limit)})
    return [{"mechanism": r["mechanism"], "name": r["name"] or r["mechanism"], "statements": int(r["statements"]),
             "weighted": round(float(r["weighted"] or 0), 4)} for r in raw]


def _actor_info(conn: Any, ids: list[str]) -> dict[str, dict[str, Any]]:
    """name, iso3, title, role and type of actors by id (one query)."""
    if not ids:
        return {}
    params = {f"a{i}": x for i, x in enumerate(ids)}
    rows = run(conn, "SELECT id, name, iso3, title, role, type FROM actors WHERE id IN "
                     f"({', '.join(':' + k for k in params)})", params)
    return {r["id"]: r for r in rows}


def mechanism_pillar_rows(db: DbLike, scope: Scope) -> list[dict[str, Any]]:
    """Co-occurrence: statements naming each mechanism, per pillar they are coded to."""
    engine = engine_of(db)
    scope = check_scope(engine, scope)
    cte, params = base_cte(scope, engine.dialect.name, co_speakers=stores_co_speakers(engine))
    sql = f"""
    WITH {cte}
    SELECT m.mechanism AS mechanism, p.pillar AS pillar, COUNT(*) AS statements
    FROM base b JOIN statement_mechanisms m ON m.statement_id = b.id AND m.framework = :framework
    JOIN statement_pillars p ON p.statement_id = b.id AND p.framework = :framework
    GROUP BY m.mechanism, p.pillar
    ORDER BY m.mechanism, p.pillar
    """
    if _summaries(engine, scope):
        from amity.indicators import rollup

        with engine.connect() as conn:
            codes = rollup.code_rows(conn, scope, "mechanism", by_pillar=True)
        raw = sorted(({"mechanism": r["code"], "pillar": r["pillar"], "statements": r["statements"]} for r in codes),
                     key=lambda r: (r["mechanism"], r["pillar"]))
    else:
        with engine.connect() as conn:
            raw = run(conn, sql, params)
    if scope.pillar:
        raw = [r for r in raw if r["pillar"] == scope.pillar]
    names, _, _ = framework_labels(scope.framework)
    return [{"mechanism": r["mechanism"], "pillar": r["pillar"], "pillar_name": names.get(r["pillar"], r["pillar"]),
             "statements": int(r["statements"])} for r in raw]


def speaker_rows(db: DbLike, scope: Scope, *, limit: int = 20) -> list[dict[str, Any]]:
    """Top speakers by statements, with their level and summed quality weight."""
    engine = engine_of(db)
    scope = check_scope(engine, scope)
    cte, params = base_cte(scope, engine.dialect.name, co_speakers=stores_co_speakers(engine))
    sql = f"""
    WITH {cte}
    SELECT b.speaker_id AS speaker_id, MAX(b.speaker_name) AS name, MAX(b.speaker_country) AS country,
           MAX(b.speaker_title) AS title, MAX(b.speaker_role) AS role, MAX(b.speaker_type) AS type,
           COUNT(*) AS statements, SUM(b.weight) AS weighted, SUM(b.tone_sign) AS tone_sum
    FROM base b
    WHERE b.speaker_id IS NOT NULL
    GROUP BY b.speaker_id
    ORDER BY statements DESC, b.speaker_id
    LIMIT :limit
    """
    if _summaries(engine, scope, pillar_ok=False):
        from amity.indicators import rollup

        with engine.connect() as conn:
            codes = rollup.code_rows(conn, scope, "speaker", limit=int(limit))
            info = _actor_info(conn, [r["code"] for r in codes])
        raw = [{"speaker_id": r["code"], "name": info.get(r["code"], {}).get("name") or r["label"],
                "country": info.get(r["code"], {}).get("iso3"), "title": info.get(r["code"], {}).get("title"),
                "role": info.get(r["code"], {}).get("role"), "type": info.get(r["code"], {}).get("type"),
                "statements": r["statements"], "weighted": r["weighted"], "tone_sum": r["tone_sum"]} for r in codes]
    else:
        with engine.connect() as conn:
            raw = run(conn, sql, {**params, "limit": int(limit)})
            info = _actor_info(conn, [r["speaker_id"] for r in raw])
        for r in raw:  # the registry's name and title, as in the summary path
            known = info.get(r["speaker_id"], {})
            for key, col in (("name", "name"), ("country", "iso3"), ("title", "title"), ("role", "role")):
                if known.get(col):
                    r[key] = known[col]
    from amity.indicators.weights import speaker_level

    return [{
        "speaker_id": r["speaker_id"], "name": r["name"] or r["speaker_id"], "country": r["country"],
        "title": r["title"], "level": speaker_level(r["title"], r["role"], r["type"]),
        "statements": int(r["statements"]),
        "weighted": round(float(r["weighted"] or 0), 4),
        "net_tone": round(float(r["tone_sum"] or 0) / int(r["statements"]), 4) if r["statements"] else None,
    } for r in raw]


def quality_rows(db: DbLike, scope: Scope) -> list[dict[str, Any]]:
    """How the scope's statements split by speaker level, commitment, event class and tone."""
    engine = engine_of(db)
    scope = check_scope(engine, scope)
    cte, params = base_cte(scope, engine.dialect.name, co_speakers=stores_co_speakers(engine))
    parts = [
        f"SELECT '{dim}' AS dimension, {expr} AS value, COUNT(*) AS statements "
        f"FROM base b GROUP BY {expr}"
        for dim, expr in (("speaker_level", "b.level"), ("commitment", "b.commitment"),
                          ("event_class", "b.event_class"), ("tone", "b.tone"))
    ]
    sql = f"WITH {cte} " + " UNION ALL ".join(parts)
    if _summaries(engine, scope):
        from amity.indicators import rollup

        with engine.connect() as conn:
            raw = rollup.quality_rows(conn, scope)
    else:
        with engine.connect() as conn:
            raw = run(conn, sql, params)
    order = {"speaker_level": list(SPEAKER_LEVELS), "commitment": ["act", "pledge", "aspiration"],
             "event_class": [*EVENT_CLASSES, "other"], "tone": list(TONE_SIGNS)}
    rows = [{"dimension": r["dimension"], "value": r["value"] or "none", "statements": int(r["statements"])}
            for r in raw if int(r["statements"])]

    def rank(r: dict[str, Any]) -> tuple[int, int]:
        values = order[r["dimension"]]
        return list(order).index(r["dimension"]), values.index(r["value"]) if r["value"] in values else 99

    rows.sort(key=rank)
    return rows
