"""What an indicator query is about: framework, dyad or country, pillar, sub-area, dates and period.

One frozen ``Scope`` turns user arguments (``"KHM-CHN"``, ``("KHM", "CHN")``, ``"quarter"``) into checked
values and then into SQL ``WHERE`` fragments with bound parameters, so that every indicator query filters
the same way and no user text is ever pasted into SQL.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import weakref
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, NoReturn

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.pool import NullPool

from amity.errors import ConfigError, StoreError

logger = logging.getLogger(__name__)

Period = Literal["week", "month", "quarter", "year"]
PERIODS: tuple[str, ...] = ("week", "month", "quarter", "year")
DEFAULT_FRAMEWORK = "three-pillars"

DbLike = Any  # a Store, an Engine, a path or a database URL


def parse_dyad(dyad: str | tuple[str, str] | list[str] | None) -> tuple[str, str] | None:
    """``"KHM-CHN"``, ``"KHM,CHN"`` or ``("KHM", "CHN")`` -> ``("CHN", "KHM")`` (stored order)."""
    if dyad is None or dyad == "":
        return None
    parts = [p.strip().upper() for p in dyad.replace(",", "-").split("-")] if isinstance(dyad, str) else [
        str(p).strip().upper() for p in dyad
    ]
    if len(parts) != 2 or not all(len(p) == 3 and p.isalpha() for p in parts) or parts[0] == parts[1]:
        raise ConfigError(
            "a dyad is two different ISO 3166 alpha-3 country codes", input=str(dyad),
            hint="write it as KHM-CHN",
        )
    for part in parts:
        _check_known(part, str(dyad))
    a, b = sorted(parts)
    return a, b


def parse_country(country: str | None) -> str | None:
    if not country:
        return None
    code = country.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise ConfigError("a country is an ISO 3166 alpha-3 code", input=country, hint="for example KHM")
    _check_known(code, country)
    return code


@functools.lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    """ISO 3166 alpha-3 codes, and the codes the gazetteer gives places ISO does not list (Kosovo's XKX)."""
    import pycountry

    from amity.coding.relevance import gazetteer

    return frozenset(c.alpha_3 for c in pycountry.countries) | frozenset(gazetteer().countries)


def _check_known(code: str, given: str) -> None:
    """A typo ("KMH") must not pass for a country with no data."""
    if code not in _country_codes():
        close = sorted(c for c in _country_codes() if sorted(c) == sorted(code) or sum(
            x != y for x, y in zip(c, code, strict=True)) == 1)
        raise ConfigError(f"'{code}' is no ISO 3166 alpha-3 country code", input=given,
                          hint=f"did you mean {' or '.join(close[:3])}?" if close else "for example KHM")


def parse_period(by: str) -> Period:
    if by not in PERIODS:
        raise ConfigError(f"unknown period; use one of {', '.join(PERIODS)}", input=by, hint="for example --by quarter")
    return by  # type: ignore[return-value]  # checked against PERIODS just above


def parse_date(value: str | date | datetime | None, *, name: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError as exc:
        raise ConfigError(f"{name} is not an ISO date", input=value, hint="write it as 2024-01-31") from exc


def _day(moment: datetime) -> str:
    """A date as the user most likely wrote it: ``2024-05-01``, or with its time when it has one."""
    return moment.date().isoformat() if moment.time() == datetime.min.time() else moment.isoformat()


def period_bounds(label: str, by: str) -> tuple[datetime, datetime]:
    """The ``[start, end)`` dates of a period label produced by :func:`period_sql`."""
    period = parse_period(by)
    try:
        if period == "year":
            y = int(label)
            return datetime(y, 1, 1), datetime(y + 1, 1, 1)
        if period == "quarter":
            y_text, q_text = label.split("-Q")
            y, q = int(y_text), int(q_text)
            if not 1 <= q <= 4:
                raise ValueError(label)
            start = datetime(y, 3 * (q - 1) + 1, 1)
            end = datetime(y + 1, 1, 1) if q == 4 else datetime(y, 3 * q + 1, 1)
            return start, end
        if period == "month":
            y_text, m_text = label.split("-")
            y, m = int(y_text), int(m_text)
            return datetime(y, m, 1), (datetime(y + 1, 1, 1) if m == 12 else datetime(y, m + 1, 1))
        start = datetime.fromisoformat(label)
        return start, start + timedelta(days=7)
    except ValueError as exc:
        raise ConfigError(f"not a {period} label", input=label,
                          hint={"year": "2024", "quarter": "2024-Q1", "month": "2024-01",
                                "week": "2024-01-01 (the Monday)"}[period]) from exc


def next_period(label: str, by: str) -> str:
    """The label of the period after ``label``."""
    _, end = period_bounds(label, by)
    return period_label(end, by)


def period_label(moment: datetime, by: str) -> str:
    """The label of the period holding ``moment``; mirrors :func:`period_sql` in Python."""
    period = parse_period(by)
    if period == "year":
        return f"{moment.year:04d}"
    if period == "quarter":
        return f"{moment.year:04d}-Q{(moment.month + 2) // 3}"
    if period == "month":
        return f"{moment.year:04d}-{moment.month:02d}"
    monday = moment.date() - timedelta(days=moment.weekday())
    return monday.isoformat()


def period_sql(column: str, by: str, dialect: str) -> str:
    """A SQL expression giving the period label of a timestamp column, for SQLite or PostgreSQL.

    Labels sort as text in time order: ``2024``, ``2024-Q1``, ``2024-01``, and for weeks the ISO date of
    the Monday that starts the week.
    """
    period = parse_period(by)
    if dialect == "postgresql":
        return {
            "year": f"to_char({column}, 'YYYY')",
            "quarter": f"to_char({column}, 'YYYY-\"Q\"Q')",
            "month": f"to_char({column}, 'YYYY-MM')",
            "week": f"to_char(date_trunc('week', {column}), 'YYYY-MM-DD')",
        }[period]
    return {
        "year": f"strftime('%Y', {column})",
        "quarter": f"(strftime('%Y', {column}) || '-Q' || ((CAST(strftime('%m', {column}) AS INTEGER) + 2) / 3))",
        "month": f"strftime('%Y-%m', {column})",
        # SQLite's 'weekday 0' moves forward to Sunday (or stays on it); six days back is that week's Monday.
        "week": f"date({column}, 'weekday 0', '-6 days')",
    }[period]


@dataclass(frozen=True)
class Scope:
    """The slice of statements an indicator is computed on."""

    framework: str = DEFAULT_FRAMEWORK
    dyad: tuple[str, str] | None = None
    country: str | None = None
    pillar: str | None = None
    sub_area: str | None = None
    mechanism: str | None = None
    speaker: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    tone: str | None = None
    commitment: str | None = None  # "act", "pledge", "aspiration" or "none"
    event_class: str | None = None  # "material", "verbal", "conflict" or "other"
    speaker_level: str | None = None  # see amity.indicators.weights.SPEAKER_LEVELS

    @classmethod
    def build(
        cls,
        *,
        framework: str | None = None,
        dyad: str | tuple[str, str] | list[str] | None = None,
        country: str | None = None,
        pillar: str | None = None,
        sub_area: str | None = None,
        mechanism: str | None = None,
        speaker: str | None = None,
        start: str | date | datetime | None = None,
        end: str | date | datetime | None = None,
        tone: str | None = None,
        commitment: str | None = None,
        event_class: str | None = None,
        speaker_level: str | None = None,
    ) -> Scope:
        from amity.indicators.weights import EVENT_CLASSES, SPEAKER_LEVELS, TONE_SIGNS

        for name, value, allowed in (
            ("tone", tone, tuple(TONE_SIGNS)), ("commitment", commitment, ("act", "pledge", "aspiration", "none")),
            ("event_class", event_class, (*EVENT_CLASSES, "other")), ("speaker_level", speaker_level, SPEAKER_LEVELS),
        ):
            if value and value not in allowed:
                raise ConfigError(f"unknown {name}; use one of {', '.join(allowed)}", input=value)
        start_at, end_at = parse_date(start, name="start"), parse_date(end, name="end")
        if start_at and end_at and start_at > end_at:
            raise ConfigError(f"start {_day(start_at)} is after end {_day(end_at)}",
                              hint="the range is [start, end): give a start before the end")
        return cls(
            framework=framework or DEFAULT_FRAMEWORK,
            dyad=parse_dyad(dyad),
            country=parse_country(country),
            pillar=pillar or None,
            sub_area=sub_area or None,
            mechanism=mechanism or None,
            speaker=speaker or None,
            start=start_at,
            end=end_at,
            tone=tone or None,
            commitment=commitment or None,
            event_class=event_class or None,
            speaker_level=speaker_level or None,
        )

    def where(self, *, statement: str = "s", with_pillar: bool = True, co_speakers: bool = True
              ) -> tuple[str, dict[str, Any]]:
        """SQL conditions (joined with AND) on a statements alias, and their parameters. ``co_speakers``: the
        database has the co-speakers table (:func:`stores_co_speakers`), so the speaker filter looks there too.

        ``EXISTS`` sub-queries rather than joins, so that a statement coded to two dyads with the same
        country still counts once; each is one lookup in the code table's primary key, which stays cheap
        when a date range or a page limit keeps the statements scanned few.
        """
        sid = f"{statement}.id"
        conds: list[str] = []
        params: dict[str, Any] = {"framework": self.framework}

        def coded(table: str, condition: str) -> str:
            return (f"EXISTS (SELECT 1 FROM {table} x WHERE x.statement_id = {sid} AND x.framework = :framework "
                    f"AND {condition})")

        if self.dyad:
            conds.append(coded("statement_dyads", "x.country_a = :dyad_a AND x.country_b = :dyad_b"))
            params["dyad_a"], params["dyad_b"] = self.dyad
        if self.country:
            conds.append(coded("statement_dyads", "(x.country_a = :country OR x.country_b = :country)"))
            params["country"] = self.country
        if self.pillar and with_pillar:
            conds.append(coded("statement_pillars", "x.pillar = :pillar"))
            params["pillar"] = self.pillar
        if self.sub_area:
            conds.append(coded("statement_sub_areas", "x.sub_area = :sub_area"))
            params["sub_area"] = self.sub_area
        if self.mechanism:
            conds.append(coded("statement_mechanisms", "x.mechanism = :mechanism"))
            params["mechanism"] = self.mechanism
        if self.speaker:
            # A joint statement ("Xi Jinping and Hun Manet said") is each of its speakers'.
            joint = (f" OR EXISTS (SELECT 1 FROM statement_co_speakers cs WHERE cs.statement_id = {sid} "
                     "AND (cs.actor_id = :speaker OR lower(cs.name) = lower(:speaker)))") if co_speakers else ""
            conds.append(
                f"({statement}.speaker_id = :speaker OR lower({statement}.speaker_name) = lower(:speaker){joint})"
            )
            params["speaker"] = self.speaker
        conds += self._coding_conditions(sid, params)
        if self.start:
            conds.append(f"{statement}.published >= :start")
            params["start"] = self.start
        if self.end:
            conds.append(f"{statement}.published < :end")
            params["end"] = self.end
        return (" AND ".join(conds) if conds else "1 = 1"), params


    def _coding_conditions(self, sid: str, params: dict[str, Any]) -> list[str]:
        """Filters on the quality dimensions (tone, commitment, event class, speaker level)."""
        from amity.indicators.weights import EVENT_CLASSES, speaker_level_sql

        conds: list[str] = []
        coded = f"{sid} IN (SELECT statement_id FROM codings WHERE framework = :framework AND "
        if self.tone:
            conds.append(coded + "tone = :tone)")
            params["tone"] = self.tone
        if self.commitment == "none":
            conds.append(coded + "commitment IS NULL)")
        elif self.commitment:
            conds.append(coded + "commitment = :commitment)")
            params["commitment"] = self.commitment
        if self.event_class:
            known = ", ".join(f"'{t}'" for types in EVENT_CLASSES.values() for t in types)
            if self.event_class == "other":
                conds.append(coded + f"(event_type IS NULL OR event_type NOT IN ({known})))")
            else:
                listed = ", ".join(f"'{t}'" for t in EVENT_CLASSES[self.event_class])
                conds.append(coded + f"event_type IN ({listed}))")
        if self.speaker_level:
            title = "(' ' || lower(coalesce(s2.speaker_title, '') || ' ' || coalesce(a2.role, '')) || ' ')"
            conds.append(f"{sid} IN (SELECT s2.id FROM statements s2 LEFT JOIN actors a2 ON a2.id = s2.speaker_id "
                         f"WHERE {speaker_level_sql(title, 's2.speaker_type')} = :speaker_level)")
            params["speaker_level"] = self.speaker_level
        return conds


# Engines on databases of schema version 2, read without a Store (which would upgrade them): no
# co-speakers table to look in.
_WITHOUT_CO_SPEAKERS: weakref.WeakSet[Engine] = weakref.WeakSet()


def stores_co_speakers(engine: Engine) -> bool:
    """Does the database behind ``engine`` (from :func:`engine_of`) have the co-speakers table?"""
    return engine not in _WITHOUT_CO_SPEAKERS


def schema_upgraded(engine: Engine) -> None:
    """Note that the database behind ``engine`` has been brought to the current schema (by a Store)."""
    _WITHOUT_CO_SPEAKERS.discard(engine)


def engine_of(db: DbLike) -> Engine:
    """An Engine from a Store, an Engine, a path or a URL. A missing SQLite file is an error, not a new DB."""
    from amity.store.store import Store, database_url

    if isinstance(db, Engine):
        return db
    if isinstance(db, Store):
        return db.engine
    if isinstance(db, str | Path):
        text = str(db)
        if "://" not in text and not Path(text).expanduser().is_file():
            raise StoreError("database not found", input=text, hint="create it with `amity analyze --db PATH ...`")
        url = database_url(db)
        try:
            # NullPool: connections close when a query is done, so an engine made here for one call
            # leaves nothing open behind it (the web app makes one engine and keeps it).
            engine = create_engine(url, future=True, poolclass=NullPool,
                                   connect_args={"timeout": 30} if url.startswith("sqlite") else {})
        except Exception as exc:
            raise StoreError(f"cannot open database: {exc}", input=text) from exc
        tables = inspect(engine).get_table_names()
        if "statements" not in tables:
            raise StoreError("not an Amity database (no statements table)", input=text,
                             hint="create it with `amity analyze --db PATH ...`")
        if "statement_co_speakers" not in tables:
            _WITHOUT_CO_SPEAKERS.add(engine)
        return engine
    raise StoreError(f"cannot open a database from {type(db).__name__}", input=repr(db))


# -- checking a scope against the framework and the store -------------------------------------------------
#
# A filter value that names nothing (framework "nope", pillar "P9") is an error, not an empty result. The
# checks cost nothing on the common path: framework files and the mechanism registry are loaded once, and
# what a database holds is read once per database (its URL) and read again only when a value is not found
# in what was read before (new frameworks and codes appear; a value that exists is never asked about twice).

_KINDS: dict[str, tuple[str, str, str]] = {  # kind -> (label, code table, code column)
    "pillar": ("pillar", "statement_pillars", "pillar"),
    "sub_area": ("sub-area", "statement_sub_areas", "sub_area"),
    "mechanism": ("mechanism", "statement_mechanisms", "mechanism"),
}
_stored_frameworks: dict[str, frozenset[str]] = {}  # database URL -> frameworks with analyses
_stored_codes: dict[tuple[str, str, str], frozenset[str]] = {}  # (URL, framework, kind) -> codes stored


def _match(value: str, options: Any) -> str | None:
    """``value`` as spelled in ``options``, ignoring case (exact spelling first)."""
    if value in options:
        return value
    folded = value.casefold()
    hits = sorted({o for o in options if o.casefold() == folded})
    return hits[0] if len(hits) == 1 else None


@functools.lru_cache(maxsize=64)
def _known_codes(framework: str, kind: str) -> frozenset[str]:
    """Pillar or sub-area ids of a framework file (none when it cannot be loaded: a custom framework not
    at hand), or the mechanism registry's ids."""
    from amity.errors import AmityError

    try:
        if kind == "mechanism":
            from amity.coding.mechanisms import registry

            return frozenset(registry().mechanisms)
        from amity.coding.framework import load_framework

        fw = load_framework(framework)
    except (AmityError, ImportError):
        logger.info("no %s list at hand for framework %s; checking against the store only", kind, framework)
        return frozenset()
    if kind == "pillar":
        return frozenset(p.id for p in fw.pillars)
    return frozenset(sa.id for p in fw.pillars for sa in p.sub_areas)


def _read_stored_codes(engine: Engine, framework: str, kind: str) -> frozenset[str]:
    _label, table, column = _KINDS[kind]
    with engine.connect() as conn:
        codes = frozenset(r[0] for r in conn.execute(
            text(f"SELECT DISTINCT {column} FROM {table} WHERE framework = :framework"), {"framework": framework}))
    _stored_codes[(str(engine.url), framework, kind)] = codes
    return codes


def _resolve(engine: Engine, framework: str, kind: str, value: str) -> str:
    """A pillar, sub-area or mechanism id as stored; ConfigError naming the valid ones when it is none."""
    known = _known_codes(framework, kind)
    hit = _match(value, known)
    if hit is not None:
        return hit
    key = (str(engine.url), framework, kind)
    stored = _stored_codes.get(key)
    if stored is None or _match(value, stored) is None:
        stored = _read_stored_codes(engine, framework, kind)
    hit = _match(value, stored)
    if hit is not None:
        return hit
    label = _KINDS[kind][0]
    options = sorted(known | stored)
    return _unknown(label, value, framework, options)


def _unknown(label: str, value: str, framework: str, options: list[str]) -> NoReturn:
    raise ConfigError(f"unknown {label} '{value}' in framework '{framework}'", input=value,
                      hint=f"valid {label}s: {', '.join(options)}" if options else f"no {label}s are stored")


def stored_frameworks(engine: Engine, *, refresh: bool = False) -> frozenset[str]:
    """Frameworks with analyses in the database (cached per database; ``refresh`` reads them again)."""
    key = str(engine.url)
    if refresh or key not in _stored_frameworks:
        with engine.connect() as conn:
            _stored_frameworks[key] = frozenset(
                r[0] for r in conn.execute(text("SELECT DISTINCT framework FROM analyses")))
    return _stored_frameworks[key]


def check_framework(engine: Engine, framework: str) -> None:
    """ConfigError unless the database has analyses under ``framework`` (an empty database: unless the
    framework exists), naming the stored frameworks."""
    if framework in _stored_frameworks.get(str(engine.url), ()):
        return
    stored = stored_frameworks(engine, refresh=True)
    if framework in stored:
        return
    if stored:
        raise ConfigError(f"no analyses under framework '{framework}'", input=framework,
                          hint=f"stored frameworks: {', '.join(sorted(stored))}")
    from amity.coding.framework import bundled_names, load_framework
    from amity.errors import FrameworkError

    try:
        load_framework(framework)
    except FrameworkError as exc:
        raise ConfigError(f"unknown framework '{framework}'", input=framework,
                          hint=f"bundled frameworks: {', '.join(bundled_names())}") from exc


def check_scope(db: DbLike, scope: Scope) -> Scope:
    """The scope with its framework checked against the database and its pillar, sub-area and mechanism
    checked against the framework (file or stored codes) and spelled as stored (``lmc`` -> ``LMC``,
    ``p1`` -> ``P1``). A value that names nothing raises ConfigError listing the valid values."""
    engine = engine_of(db)
    check_framework(engine, scope.framework)
    fw = scope.framework
    pillar = _resolve(engine, fw, "pillar", scope.pillar) if scope.pillar else None
    sub_area = _resolve(engine, fw, "sub_area", scope.sub_area) if scope.sub_area else None
    mechanism = _resolve(engine, fw, "mechanism", scope.mechanism) if scope.mechanism else None
    if (pillar, sub_area, mechanism) == (scope.pillar, scope.sub_area, scope.mechanism):
        return scope
    return dataclasses.replace(scope, pillar=pillar, sub_area=sub_area, mechanism=mechanism)
