"""PostgreSQL: the same schema as SQLite through Alembic, applied to a new database, idempotent saves.

Needs a server: ``bash scripts/services.sh start`` runs one and writes AMITY_TEST_PG_URL to
.services.env. Without it these tests skip locally; in CI (env CI set) they fail instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
    inspect,
    select,
)
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from _pg_support import fresh_database, server_url
from amity.cli import app
from amity.model import Actor, Analysis, Coding, Document, Evidence, Mention, Statement
from amity.store import Store, database_url
from amity.store import schema as s
from amity.store.migrate import head_revision, status, upgrade


@pytest.fixture
def new_database() -> Iterator[str]:
    """The URL of a database created empty for one test, dropped after it."""
    with fresh_database("amity_t") as url:
        yield url


def make_analysis(text_body: str = "") -> Analysis:
    """A small analysis touching every table: an actor, a mention, a coded statement with evidence."""
    body = text_body or (
        'PHNOM PENH, April 19 -- "Cambodia and China will deepen security cooperation," '
        "Foreign Minister Sok Vong said on Friday."
    )
    doc = Document(text=body, title="Talks", source="Test Wire", url="https://example.org/1",
                   published=datetime(2019, 4, 19, 8, 30), authors=["A. Writer"])
    start = body.index('"') + 1
    end = body.index(',"')
    content = doc.span(start, end)
    who = doc.span(body.index("Sok Vong"), body.index("Sok Vong") + len("Sok Vong"))
    cue = doc.span(body.index("said"), body.index("said") + 4)
    speaker = Actor(id="sok-vong", name="Sok Vong", type="person", iso3="KHM", title="Foreign Minister")
    cambodia = Actor(id="KHM", name="Cambodia", type="country", iso3="KHM")
    coding = Coding(
        framework="three-pillars", relevant=True, pillars=["P1"], primary_pillar="P1",
        sub_areas=["security"], mechanisms=["bilateral"], dyads=[("CHN", "KHM")], countries=["KHM", "CHN"],
        event_type="COOPERATE", tone="cooperative", commitment="pledge", confidence=0.9,
        evidence=[Evidence("pillar", "P1", content.start, content.end, content.text, "security cooperation")],
    )
    statement = Statement(content=content, kind="direct", speaker=speaker, speaker_span=who, cue=cue,
                          confidence=0.95, coding=coding, index=0)
    return Analysis(
        document=doc, framework="three-pillars", actors={"KHM": cambodia, "sok-vong": speaker},
        mentions=[Mention("KHM", body.index("Cambodia"), body.index("Cambodia") + 8, "Cambodia")],
        statements=[statement], dyads=[("CHN", "KHM")], mechanisms=["bilateral"],
    )


# PostgreSQL reflects Float as DOUBLE PRECISION (sqlalchemy's Double, a Float); compare the kind.
_KINDS = (Boolean, DateTime, Float, BigInteger, Integer, Text, String, LargeBinary)


def _columns(engine_url: str) -> dict[str, object]:
    """Per table: columns (generic type, length, nullable), primary key, unique constraints, indexes."""
    engine = create_engine(engine_url)
    try:
        insp = inspect(engine)
        out: dict[str, object] = {}
        for table in insp.get_table_names():
            if table == "alembic_version":
                continue
            columns = {}
            for c in insp.get_columns(table):
                generic = c["type"].as_generic()
                kind = next(k.__name__ for k in _KINDS if isinstance(generic, k))
                columns[c["name"]] = (kind, getattr(generic, "length", None), c["nullable"])
            out[table] = (
                columns,
                insp.get_pk_constraint(table)["constrained_columns"],
                sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(table)),
                sorted((i["name"], tuple(i["column_names"])) for i in insp.get_indexes(table)
                       if not i.get("duplicates_constraint")),  # PostgreSQL lists a unique's index too
                sorted((f["referred_table"], tuple(f["constrained_columns"])) for f in insp.get_foreign_keys(table)),
            )
        return out
    finally:
        engine.dispose()


def test_migrations_are_applied_to_a_new_database(new_database: str) -> None:
    assert not status(new_database).has_tables
    with Store(new_database) as store:
        assert store.dialect == "postgresql"
        with store.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_heads() == (head_revision(),)
            # the migrated schema is exactly schema.py's: autogenerate finds nothing to change
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), s.metadata)
            assert diff == []
            version = conn.execute(select(s.meta.c.value).where(s.meta.c.key == "schema_version")).scalar_one()
            assert version == str(s.SCHEMA_VERSION)
    again = upgrade(new_database)  # a second upgrade is a no-op
    assert again.up_to_date and again.current == head_revision()


def test_same_schema_as_sqlite(new_database: str, tmp_path: Path) -> None:
    Store(tmp_path / "lite.db").close()
    Store(new_database).close()
    lite = _columns(database_url(tmp_path / "lite.db"))
    pg = _columns(database_url(new_database))
    assert set(lite) == set(pg) == set(s.metadata.tables)
    for table, columns in lite.items():
        assert pg[table] == columns, table


def test_save_is_idempotent_and_reads_back_like_sqlite(new_database: str, tmp_path: Path) -> None:
    analysis = make_analysis()
    with Store(new_database) as pg, Store(tmp_path / "lite.db") as lite:
        assert pg.save(analysis) is True
        assert pg.save(analysis) is False
        assert pg.save_many([analysis, make_analysis()]) == 0
        lite.save(analysis)
        assert pg.counts() == lite.counts() == {"documents": 1, "statements": 1, "codings": 1, "quarantined": 0}
        assert pg.statements(framework="three-pillars") == lite.statements(framework="three-pillars")
        row = pg.statements(dyad=("KHM", "CHN"))[0]
        assert row["speaker_name"] == "Sok Vong" and row["pillars"] == ["P1"] and row["dyads"] == [["CHN", "KHM"]]
        drop_id = ("id",)
        assert [{k: v for k, v in e.items() if k not in drop_id} for e in pg.evidence(row["id"], "three-pillars")] \
            == [{k: v for k, v in e.items() if k not in drop_id} for e in lite.evidence(row["id"], "three-pillars")]
        with pg.engine.connect() as conn:
            assert conn.execute(select(s.evidence.c.id)).all().__len__() == 1
            assert len(conn.execute(select(s.mentions.c.id)).all()) == 1
        # the API and exports give one timestamp form whatever the backend
        from amity.indicators import Scope
        from amity.indicators import statements as search

        pg_rows = search.search_statements(pg, Scope.build(framework="three-pillars"), limit=5)[1]
        lite_rows = search.search_statements(lite, Scope.build(framework="three-pillars"), limit=5)[1]
        assert [r["published"] for r in pg_rows] == [r["published"] for r in lite_rows]
        assert all("." not in str(r["published"]) for r in pg_rows)


def test_a_database_made_without_migrations_is_adopted(new_database: str) -> None:
    engine = create_engine(database_url(new_database))
    try:
        s.metadata.create_all(engine)
    finally:
        engine.dispose()
    assert status(new_database).current is None
    result = upgrade(new_database)
    assert result.current == head_revision() and result.has_tables


def test_a_0001_database_with_ad_hoc_tables_is_upgraded_on_open(new_database: str) -> None:
    """Revision 0001 plus the dedup/feed tables the previous version made itself: 0002 keeps them
    (and their rows), adds what is missing, and the result is exactly schema.py."""
    assert upgrade(new_database, "0001").current == "0001"
    engine = create_engine(database_url(new_database))
    try:
        with engine.begin() as conn:
            s.metadata.create_all(conn, tables=[s.dedup_documents, s.dedup_copies, s.feed_seen])
            conn.execute(s.feed_seen.insert(), [{"feed": "f", "item_key": "k1", "url": None,
                                                 "seen_at": datetime(2026, 1, 1)}])
        with Store(new_database) as store:
            assert store.counts()["documents"] == 0
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_heads() == (head_revision(),)
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), s.metadata) == []
            assert conn.execute(select(s.feed_seen.c.item_key)).scalars().all() == ["k1"]
            assert conn.execute(select(s.meta.c.value)).scalar_one() == str(s.SCHEMA_VERSION)
    finally:
        engine.dispose()


def test_cli_db_upgrade_and_info(new_database: str) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["db", "upgrade", "--db", new_database])
    assert done.exit_code == 0, done.output
    assert f"revision {head_revision()}" in done.output
    assert "amity:***@" in done.output or "***" in done.output  # the password is never printed
    shown = runner.invoke(app, ["db", "info", "--db", new_database])
    assert shown.exit_code == 0, shown.output
    assert "postgresql" in shown.output and "up to date" in shown.output and "documents 0" in shown.output


def test_unreachable_database_is_a_clear_error() -> None:
    url = make_url(database_url(server_url())).set(database="amity_no_such_database")
    result = CliRunner().invoke(app, ["db", "info", "--db", url.render_as_string(hide_password=False)])
    assert result.exit_code == 2
    assert "E500" in result.output and "does not exist" in result.output
