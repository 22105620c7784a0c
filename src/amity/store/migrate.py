"""Schema migrations with Alembic: ``upgrade(db)`` brings any Amity database to the newest schema.

The revisions ship inside the package (``amity/store/migrations``), so ``amity db upgrade`` needs no
``alembic.ini``. ``Store`` calls :func:`ensure_schema` when it opens a database:

* PostgreSQL: :func:`upgrade`, so a new team database gets its tables without a separate step and an
  older one is brought to the newest revision;
* SQLite: the tables are created straight from ``schema.py`` (``create_all`` adds any table a file
  made by an older version lacks; Alembic is an optional extra for single users), and a file whose
  revision is recorded (it went through ``amity db upgrade``) is upgraded like a PostgreSQL one.

A database made by ``create_all`` (before migrations existed, or a SQLite file) has the tables but no
``alembic_version``; it is stamped with the first revision and then upgraded. Revisions after the
first only add a table when the inspector does not find it, so tables that ``create_all``, or an
earlier Amity creating them ad hoc, already made do not make them fail.

Every table Amity keeps data in is in ``schema.py`` and in the revisions; the derived indexes listed
in ``schema.DERIVED_TABLE_PREFIXES`` (SQLite full-text index, indicator summaries) are rebuilt by
their modules instead and are left out of migrations.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, inspect, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from amity.errors import MissingExtraError, StoreError

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BASELINE_REVISION = "0001"
_REVISION_FILE = re.compile(r"r(\d{4})_\w+\.py")

@dataclass(frozen=True, slots=True)
class MigrationStatus:
    """Where a database stands: its revision (None when never migrated) and the newest one."""

    url: str
    dialect: str
    current: str | None
    head: str
    has_tables: bool

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def driver_reason(exc: SQLAlchemyError) -> str:
    """The driver's own message, on one line (SQLAlchemy appends a second line with a web link)."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = str(cause).strip().splitlines() or [""]
    return f"{cause.__class__.__name__}: {lines[0]}"


def _alembic() -> Any:
    try:
        import alembic.command
        import alembic.config
        import alembic.script
    except ImportError as exc:
        raise MissingExtraError("database migrations", "postgres", "alembic") from exc
    return alembic


def _config(connection: Connection | None = None) -> Any:
    alembic = _alembic()
    config = alembic.config.Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision shipped with this version of Amity."""
    alembic = _alembic()
    script = alembic.script.ScriptDirectory.from_config(_config())
    head = script.get_current_head()
    if head is None:  # pragma: no cover - the package always ships revisions
        raise StoreError("no migration revisions found", input=str(MIGRATIONS_DIR))
    return str(head)


def _engine(db: str | Path | Engine) -> tuple[Engine, bool]:
    if isinstance(db, Engine):
        return db, False
    from amity.store.store import database_url

    try:
        return create_engine(database_url(db)), True
    except (SQLAlchemyError, ImportError) as exc:
        raise StoreError(f"cannot open database: {exc}", input=str(db)) from exc


def _current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    heads = MigrationContext.configure(conn).get_current_heads()
    return heads[0] if heads else None


def status(db: str | Path | Engine) -> MigrationStatus:
    """The current and newest revision of a database, without changing it."""
    engine, owned = _engine(db)
    try:
        with engine.connect() as conn:
            current = _current_revision(conn)
            has_tables = inspect(conn).has_table("documents")
        return MigrationStatus(
            url=engine.url.render_as_string(hide_password=True), dialect=engine.dialect.name,
            current=current, head=head_revision(), has_tables=has_tables,
        )
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read the schema version: {driver_reason(exc)}",
                         input=engine.url.render_as_string(hide_password=True)) from exc
    finally:
        if owned:
            engine.dispose()


def upgrade(db: str | Path | Engine, revision: str = "head") -> MigrationStatus:
    """Apply every migration the database lacks (to ``revision``) and return its new status.

    Safe to call from several processes at once on PostgreSQL: the migration environment takes an
    advisory lock, so only one of them creates the tables.
    """
    engine, owned = _engine(db)
    try:
        alembic = _alembic()
        with engine.begin() as conn:
            if _current_revision(conn) is None and inspect(conn).has_table("documents"):
                logger.info("database has tables but no migration history: stamping %s", BASELINE_REVISION)
                alembic.command.stamp(_config(conn), BASELINE_REVISION)
        with engine.begin() as conn:
            alembic.command.upgrade(_config(conn), revision)
        result = status(engine)
        logger.info("database %s at revision %s", result.url, result.current)
        return result
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate: {driver_reason(exc)}",
                         input=engine.url.render_as_string(hide_password=True)) from exc
    finally:
        if owned:
            engine.dispose()


def packaged_head() -> str:
    """The newest revision, from the file names alone (``rNNNN_*.py``, a linear history).

    Cheap enough for every open of a SQLite file, unlike :func:`head_revision` (which imports
    Alembic); the tests check that both agree.
    """
    numbers = [m.group(1) for p in (MIGRATIONS_DIR / "versions").iterdir() if (m := _REVISION_FILE.fullmatch(p.name))]
    if not numbers:  # pragma: no cover - the package always ships revisions
        raise StoreError("no migration revisions found", input=str(MIGRATIONS_DIR))
    return max(numbers)


def _recorded_revision(conn: Connection) -> str | None:
    """The revision in ``alembic_version``, read without Alembic; None when none is recorded."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def ensure_schema(engine: Engine) -> None:
    """Give the database every table of ``schema.py`` (what ``Store`` does on opening one).

    PostgreSQL is always migrated. A SQLite file gets ``create_all`` (no Alembic needed), and, when its
    revision is recorded and older than the newest, the migrations too, so that ``amity db info``
    keeps telling the truth. Raises :class:`~amity.errors.StoreError` when that fails.
    """
    from amity.store import schema as s

    if engine.dialect.name != "sqlite":
        upgrade(engine)
        return
    try:
        with engine.connect() as conn:
            recorded = _recorded_revision(conn)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read the schema version: {driver_reason(exc)}",
                         input=engine.url.render_as_string(hide_password=True)) from exc
    if recorded is not None and recorded != packaged_head():
        try:
            upgrade(engine)
        except MissingExtraError:
            logger.warning("%s is at schema revision %s; install amity[postgres] and run `amity db upgrade`",
                           engine.url.render_as_string(hide_password=True), recorded)
    try:
        s.metadata.create_all(engine)
        with engine.begin() as conn:  # a file made by an older version: its tables are current now
            older = [str(v) for v in range(1, s.SCHEMA_VERSION)]
            conn.execute(s.meta.update().where(s.meta.c.key == "schema_version", s.meta.c.value.in_(older))
                         .values(value=str(s.SCHEMA_VERSION)))
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot create the schema: {driver_reason(exc)}",
                         input=engine.url.render_as_string(hide_password=True)) from exc
