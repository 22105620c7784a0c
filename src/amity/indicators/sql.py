"""The per-statement SQL every indicator aggregates over, and a safe way to run it.

``base_cte`` selects the relevant statements of a scope with their period label, speaker level, event
class, tone sign and quality weight, all computed by the database. Indicator queries group this CTE.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, bindparam, text
from sqlalchemy.engine import Connection

from amity.indicators.scope import Scope, period_sql
from amity.indicators.weights import (
    commitment_weight_sql,
    event_class_sql,
    event_weight_sql,
    speaker_level_sql,
    speaker_weight_sql,
    tone_sign_sql,
)

TITLE_SQL = "(' ' || lower(coalesce(s.speaker_title, '') || ' ' || coalesce(a.role, '')) || ' ')"


def base_cte(
    scope: Scope, dialect: str, *, by: str | None = None, with_pillar: bool = True,
    level_join: str | None = None, co_speakers: bool = True,
) -> tuple[str, dict[str, Any]]:
    """``base(id, cluster_id, published, speaker_id, speaker_name, speaker_country, level, commitment,
    event_class, tone, tone_sign, weight[, period])`` for the scope. With ``by`` only dated statements."""
    where, params = scope.where(statement="s", with_pillar=with_pillar, co_speakers=co_speakers)
    params["relevant"] = True
    period = f", {period_sql('s.published', by, dialect)} AS period" if by else ""
    dated = " AND s.published IS NOT NULL" if by else ""
    # ``level_join`` lets a bulk query look levels up in a table of distinct speakers (alias ``lv``)
    # instead of matching every title pattern on every row.
    level = "lv.level" if level_join else speaker_level_sql(TITLE_SQL, "s.speaker_type")
    sql = f"""
    base0 AS (
      SELECT s.id AS id, coalesce(s.cluster_id, s.document_id) AS cluster_id, s.published AS published,
             s.speaker_id AS speaker_id,
             s.speaker_name AS speaker_name, s.speaker_country AS speaker_country,
             s.speaker_title AS speaker_title, a.role AS speaker_role, s.speaker_type AS speaker_type,
             {level} AS level, c.commitment AS commitment,
             {event_class_sql('c.event_type')} AS event_class, c.tone AS tone{period}
      FROM statements s
      JOIN codings c ON c.statement_id = s.id AND c.framework = :framework
      LEFT JOIN actors a ON a.id = s.speaker_id{" " + level_join if level_join else ""}
      WHERE c.relevant = :relevant{dated} AND {where}
    ),
    base AS (
      SELECT base0.*, {tone_sign_sql('base0.tone')} AS tone_sign,
             {speaker_weight_sql('base0.level')} * {commitment_weight_sql('base0.commitment')}
               * {event_weight_sql('base0.event_class')} AS weight
      FROM base0
    )"""
    return sql, params


def typed_text(sql: str, params: dict[str, Any]) -> Any:
    """SQL text whose datetime and boolean parameters are bound with their types (stored the dialect's way)."""
    clause = text(sql)
    typed = [
        bindparam(k, type_=DateTime()) if isinstance(v, datetime) else bindparam(k, type_=Boolean())
        for k, v in params.items()
        if isinstance(v, datetime | bool)
    ]
    return clause.bindparams(*typed) if typed else clause


def run(conn: Connection, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Execute SQL text with the parameters it uses; rows as dicts."""
    used = {k: v for k, v in params.items() if f":{k}" in sql}
    return [dict(r) for r in conn.execute(typed_text(sql, used), used).mappings().all()]
