"""Alembic migrations shipped in the package: on SQLite here (PostgreSQL in test_postgres.py)."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select
from typer.testing import CliRunner

from amity.cli import app
from amity.store import Store, database_url
from amity.store import schema as s
from amity.store.migrate import MIGRATIONS_DIR, head_revision, status, upgrade


def test_the_revisions_ship_in_the_package() -> None:
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert head_revision() == "0001"


def test_upgrade_creates_exactly_the_schema(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = upgrade(db)
    assert result.current == result.head == head_revision() and result.up_to_date
    engine = create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), s.metadata) == []
            assert conn.execute(select(s.meta.c.value)).scalar_one() == str(s.SCHEMA_VERSION)
    finally:
        engine.dispose()
    assert upgrade(db).current == head_revision()  # again: nothing to do


def test_a_database_made_by_the_store_is_adopted(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    Store(db).close()  # SQLite files are created straight from schema.py
    before = status(db)
    assert before.has_tables and before.current is None
    assert upgrade(db).current == head_revision()
    with Store(db) as store:  # and the store still opens it
        assert store.counts()["documents"] == 0


def test_cli_on_sqlite(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    done = runner.invoke(app, ["db", "upgrade", "--db", db])
    assert done.exit_code == 0, done.output
    shown = runner.invoke(app, ["db", "info", "--db", db])
    assert shown.exit_code == 0 and "(up to date)" in shown.output and "documents 0" in shown.output
    missing = runner.invoke(app, ["db", "info", "--db", str(tmp_path / "absent.db")])
    assert missing.exit_code == 2 and "no such database file" in missing.output
    assert not (tmp_path / "absent.db").exists()
