"""Alembic migrations shipped in the package: on SQLite here (PostgreSQL in test_postgres.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import alembic.command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, inspect, select
from typer.testing import CliRunner

from amity.cli import app
from amity.indicators import rollup
from amity.indicators.statements import ensure_fts
from amity.ingest.feeds import FeedItem, FeedWatcher
from amity.store import Store, database_url
from amity.store import schema as s
from amity.store.migrate import MIGRATIONS_DIR, _config, head_revision, packaged_head, status, upgrade

# Tables Amity used to create outside the migrations (revision 0002 adopts them).
AD_HOC = ("dedup_documents", "dedup_bands", "dedup_copies", "feed_seen")


def test_the_revisions_ship_in_the_package() -> None:
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert head_revision() == packaged_head() == "0003"


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
    with engine.connect() as conn:
        assert set(AD_HOC) <= set(inspect(conn).get_table_names())
    engine.dispose()


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


def _at_0001_with_ad_hoc_tables(db: Path) -> None:
    """A database as the previous version left it: revision 0001 recorded, and the tables that
    de-duplication and ``amity watch`` made themselves, holding rows (one index missing, as in a
    table created before that index existed)."""
    assert upgrade(db, "0001").current == "0001"
    engine = create_engine(database_url(db))
    try:
        with engine.begin() as conn:
            assert not any(inspect(conn).has_table(name) for name in AD_HOC)
            s.metadata.create_all(conn, tables=[s.dedup_documents, s.dedup_bands, s.feed_seen])
            conn.exec_driver_sql("DROP INDEX ix_dedup_documents_cluster_id")
            conn.execute(s.feed_seen.insert(), [{"feed": "f", "item_key": "k1", "url": None,
                                                 "seen_at": datetime(2026, 1, 1)}])
            conn.execute(s.dedup_bands.insert(), [{"key": -5, "document_id": "d1"}])
    finally:
        engine.dispose()


def _check_at_head_keeping_rows(db: Path) -> None:
    engine = create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_heads() == (head_revision(),)
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), s.metadata) == []
            assert conn.execute(select(s.feed_seen.c.item_key)).scalars().all() == ["k1"]
            assert conn.execute(select(s.dedup_bands.c.key)).scalars().all() == [-5]
            assert conn.execute(select(s.meta.c.value)).scalar_one() == str(s.SCHEMA_VERSION)
    finally:
        engine.dispose()


def test_a_0001_database_with_ad_hoc_tables_is_upgraded_on_open(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    _at_0001_with_ad_hoc_tables(db)
    assert status(db).current == "0001"
    with Store(db) as store:
        assert FeedWatcher(store.engine).new_items("f", [FeedItem(key="k1", url=None),
                                                        FeedItem(key="k2", url=None)])[0].key == "k2"
    _check_at_head_keeping_rows(db)


def test_a_0001_database_with_ad_hoc_tables_is_upgraded_by_the_cli(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    _at_0001_with_ad_hoc_tables(db)
    runner = CliRunner()
    before = runner.invoke(app, ["db", "info", "--db", str(db)])
    assert before.exit_code == 0 and f"0001; newest {head_revision()}" in before.output
    done = runner.invoke(app, ["db", "upgrade", "--db", str(db)])
    assert done.exit_code == 0 and f"revision {head_revision()}" in done.output, done.output
    _check_at_head_keeping_rows(db)
    shown = runner.invoke(app, ["db", "info", "--db", str(db)])
    assert shown.exit_code == 0 and f"{head_revision()} (up to date)" in shown.output


def test_revision_0002_downgrades_and_upgrades_again(tmp_path: Path) -> None:
    db = tmp_path / "down.db"
    upgrade(db)
    engine = create_engine(database_url(db))
    try:
        with engine.begin() as conn:
            alembic.command.downgrade(_config(conn), "0001")
        with engine.connect() as conn:
            assert not any(inspect(conn).has_table(name) for name in AD_HOC)
            assert conn.execute(select(s.meta.c.value)).scalar_one() == "1"
        assert upgrade(engine).current == head_revision()
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), s.metadata) == []
    finally:
        engine.dispose()


def test_a_store_file_of_the_previous_version_gets_the_new_tables(tmp_path: Path) -> None:
    """A SQLite file made by the store (no revision recorded) at schema version 1 is completed on open."""
    db = tmp_path / "v1.db"
    engine = create_engine(database_url(db))
    try:
        with engine.begin() as conn:
            s.metadata.create_all(conn, tables=[t for t in s.metadata.sorted_tables if t.name not in AD_HOC])
            conn.execute(s.meta.insert(), [{"key": "schema_version", "value": "1"}])
        Store(db).close()
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) == set(s.metadata.tables)
            assert conn.execute(select(s.meta.c.value)).scalar_one() == str(s.SCHEMA_VERSION)
    finally:
        engine.dispose()
    assert upgrade(db).current == head_revision()  # and it can still be adopted


def test_a_fresh_database_at_head_has_every_table(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade", "--db", str(db)]).exit_code == 0
    engine = create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) == {*s.metadata.tables, "alembic_version"}
    finally:
        engine.dispose()
    shown = runner.invoke(app, ["db", "info", "--db", str(db)])
    assert shown.exit_code == 0 and f"revision:   {head_revision()} (up to date)" in shown.output


def test_derived_summaries_stay_outside_the_schema_and_rebuild_when_their_columns_change(tmp_path: Path) -> None:
    assert not any(name.startswith(s.DERIVED_TABLE_PREFIXES) for name in s.metadata.tables)
    db = tmp_path / "roll.db"
    Store(db).close()
    engine = create_engine(database_url(db))
    try:
        old = MetaData()
        Table("amity_roll_day", old, Column("framework", String(100), primary_key=True), Column("n", Integer))
        old.create_all(engine)
        rollup._create_tables(engine)
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("amity_roll_day")}
            assert columns == set(rollup.roll_day.c.keys())
            assert all(inspect(conn).has_table(t.name) for t in rollup.rollup_metadata.sorted_tables)
        assert upgrade(engine).current == head_revision()  # migrations leave them alone
        assert ensure_fts(engine)
        with engine.begin() as conn:
            assert inspect(conn).has_table("amity_roll_day") and inspect(conn).has_table("statements_fts")
            alembic.command.check(_config(conn))  # autogenerate sees nothing to change (would raise)
    finally:
        engine.dispose()
