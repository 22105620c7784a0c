"""The public Python API: indicator tables as Polars DataFrames.

Polars is imported lazily (the ``web`` extra) so that the core install stays light; the same numbers
are available as plain rows from :mod:`amity.indicators.compute` without it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from amity.errors import require
from amity.indicators import compute
from amity.indicators.scope import DEFAULT_FRAMEWORK, DbLike, Scope

if TYPE_CHECKING:
    import polars as pl

DateLike = str | date | datetime | None

_TIMELINE_SCHEMA: dict[str, str] = {
    "period": "str", "period_start": "date", "pillar": "str", "pillar_name": "str", "statements": "int",
    "stories": "int", "share": "float", "weighted": "float", "net_weighted": "float", "quality": "float",
    **dict.fromkeys(compute.COUNT_COLUMNS, "int"),
    "net_tone": "float", "balance": "float", "change": "int", "pct_change": "float", "trend": "float",
}


def _polars() -> Any:
    return require("polars", feature="indicator tables", extra="web")


def _frame(rows: list[dict[str, Any]], schema: dict[str, str]) -> pl.DataFrame:
    polars = _polars()
    types = {"str": polars.Utf8, "int": polars.Int64, "float": polars.Float64, "date": polars.Date}
    polars_schema = {name: types[kind] for name, kind in schema.items()}
    if not rows:
        empty: pl.DataFrame = polars.DataFrame(schema=polars_schema)
        return empty
    frame: pl.DataFrame = polars.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=polars_schema,
                                           orient="row")
    return frame


def indicators(
    db: DbLike,
    dyad: str | tuple[str, str] | None = None,
    by: str = "quarter",
    framework: str = DEFAULT_FRAMEWORK,
    pillar: str | None = None,
    country: str | None = None,
    *,
    sub_area: str | None = None,
    start: DateLike = None,
    end: DateLike = None,
) -> pl.DataFrame:
    """Indicators per period and pillar for a dyad (or one country against all, or everything).

    One row per period (every period from the first to the last, empty ones as zeros) and pillar, plus
    pillar ``"all"`` for the period totals. Columns: quantity (statements, stories, share), quality
    (weighted, quality, net_weighted, net_tone and counts by speaker level, commitment, event class and
    tone), momentum (change, pct_change, trend) and balance. ``docs/indicators.md`` defines each.

    ``db`` is a :class:`amity.store.Store`, a SQLAlchemy Engine, a SQLite path or a database URL.
    """
    scope = Scope.build(framework=framework, dyad=dyad, country=country, pillar=pillar, sub_area=sub_area,
                        start=start, end=end)
    return _frame(compute.timeline_rows(db, scope, by), _TIMELINE_SCHEMA)


def dyads(db: DbLike, framework: str = DEFAULT_FRAMEWORK, country: str | None = None, *,
          start: DateLike = None, end: DateLike = None) -> pl.DataFrame:
    """Every dyad with statements: totals, first and last date, quality, net tone and one column per pillar."""
    scope = Scope.build(framework=framework, country=country, start=start, end=end)
    rows = compute.dyad_rows(db, scope)
    pillar_ids = sorted({p for r in rows for p in r["pillars"]})
    flat = [{**{k: v for k, v in r.items() if k != "pillars"}, **r["pillars"]} for r in rows]
    schema = {"dyad": "str", "country_a": "str", "country_b": "str", "statements": "int", "stories": "int",
              "first": "str", "last": "str", "quality": "float", "net_tone": "float",
              **dict.fromkeys(pillar_ids, "int")}
    return _frame(flat, schema)


def _scope(framework: str, dyad: str | tuple[str, str] | None, country: str | None, pillar: str | None,
           start: DateLike, end: DateLike) -> Scope:
    return Scope.build(framework=framework, dyad=dyad, country=country, pillar=pillar, start=start, end=end)


def sub_areas(db: DbLike, dyad: str | tuple[str, str] | None = None, framework: str = DEFAULT_FRAMEWORK,
              pillar: str | None = None, country: str | None = None, *, start: DateLike = None,
              end: DateLike = None) -> pl.DataFrame:
    """Statements, stories and share per sub-area."""
    rows = compute.sub_area_rows(db, _scope(framework, dyad, country, pillar, start, end))
    return _frame(rows, {"sub_area": "str", "sub_area_name": "str", "pillar": "str", "pillar_name": "str",
                         "statements": "int", "stories": "int", "share": "float", "weighted": "float"})


def mechanisms(db: DbLike, dyad: str | tuple[str, str] | None = None, framework: str = DEFAULT_FRAMEWORK,
               pillar: str | None = None, country: str | None = None, *, limit: int = 20,
               start: DateLike = None, end: DateLike = None) -> pl.DataFrame:
    """The most named cooperation mechanisms."""
    rows = compute.mechanism_rows(db, _scope(framework, dyad, country, pillar, start, end), limit=limit)
    return _frame(rows, {"mechanism": "str", "name": "str", "statements": "int", "weighted": "float"})


def mechanism_pillars(db: DbLike, dyad: str | tuple[str, str] | None = None,
                      framework: str = DEFAULT_FRAMEWORK, country: str | None = None, *,
                      start: DateLike = None, end: DateLike = None) -> pl.DataFrame:
    """Which mechanisms appear with which pillars (statement counts)."""
    rows = compute.mechanism_pillar_rows(db, _scope(framework, dyad, country, None, start, end))
    return _frame(rows, {"mechanism": "str", "pillar": "str", "pillar_name": "str", "statements": "int"})


def speakers(db: DbLike, dyad: str | tuple[str, str] | None = None, framework: str = DEFAULT_FRAMEWORK,
             pillar: str | None = None, country: str | None = None, *, limit: int = 20,
             start: DateLike = None, end: DateLike = None) -> pl.DataFrame:
    """Top speakers (actors) by statements, with level and quality weight."""
    rows = compute.speaker_rows(db, _scope(framework, dyad, country, pillar, start, end), limit=limit)
    return _frame(rows, {"speaker_id": "str", "name": "str", "country": "str", "title": "str", "level": "str",
                         "statements": "int", "weighted": "float", "net_tone": "float"})


def quality(db: DbLike, dyad: str | tuple[str, str] | None = None, framework: str = DEFAULT_FRAMEWORK,
            pillar: str | None = None, country: str | None = None, *,
            start: DateLike = None, end: DateLike = None) -> pl.DataFrame:
    """Statements by speaker level, commitment, event class and tone."""
    rows = compute.quality_rows(db, _scope(framework, dyad, country, pillar, start, end))
    return _frame(rows, {"dimension": "str", "value": "str", "statements": "int"})
