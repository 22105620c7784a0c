"""Co-speakers of a joint source are stored (``statement_co_speakers``, schema version 3) and shown again:
store reads, ``amity export``, the REST API and the document page; reruns add no row, re-analysis replaces
them, and databases of the previous schema upgrade. SQLite here, PostgreSQL too when AMITY_TEST_PG_URL is set.
"""

from __future__ import annotations

import copy
import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, inspect, select
from typer.testing import CliRunner

from amity.cli import app
from amity.indicators.compute import dyad_rows
from amity.indicators.export import COLUMNS, export_statements
from amity.indicators.scope import Scope
from amity.indicators.statements import get_statement, search_statements
from amity.model import Actor, Analysis, Document
from amity.store import Store, database_url
from amity.store import schema as s
from amity.store.migrate import head_revision, status, upgrade

TEXT = ("PHNOM PENH, April 8 -- Chinese President Xi Jinping and Cambodian Prime Minister Hun Manet said on Monday "
        "that the two countries would deepen cooperation in education, health and infrastructure.\n")
HUN_MANET = {"id": "person:hun-manet", "name": "Hun Manet", "type": "person", "title": "Prime Minister",
             "organisation": None, "country": "KHM"}
# The export's columns before co_speakers was appended: readers going by position must keep working.
COLUMNS_BEFORE = (
    "id", "document_id", "idx", "start", "end", "text", "kind", "speaker_id", "speaker_name", "speaker_title",
    "speaker_country", "speaker_type", "cue_text", "confidence", "published", "cluster_id", "framework",
    "relevant", "primary_pillar", "pillars", "sub_areas", "mechanisms", "dyads", "event_type", "tone",
    "commitment", "coding_confidence", "document_title", "document_url", "document_path", "document_source",
)
runner = CliRunner()


@pytest.fixture(scope="module")
def joint() -> Analysis:
    """The pipeline's analysis of TEXT: one statement, Xi Jinping speaking with Hun Manet."""
    from amity.pipeline import Pipeline

    analysis = Pipeline("three-pillars").analyze(Document(text=TEXT, title="Joint statement"))
    [statement] = analysis.statements
    assert statement.speaker is not None and statement.speaker.name == "Xi Jinping"
    assert [a.name for a in statement.co_speakers] == ["Hun Manet"]
    return analysis


def stored(db: str | Path) -> list[tuple[Any, ...]]:
    """Every co-speaker row, in key order."""
    engine = create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            co = s.statement_co_speakers
            query = select(co.c.statement_id, co.c.position, co.c.actor_id, co.c.name, co.c.title,
                           co.c.organisation, co.c.country, co.c.type).order_by(co.c.statement_id, co.c.position)
            return [tuple(row) for row in conn.execute(query)]
    finally:
        engine.dispose()


def with_co_speakers(analysis: Analysis, *others: Actor) -> Analysis:
    changed = copy.deepcopy(analysis)
    changed.statements[0].co_speakers = list(others)
    return changed


def check_store(db: str | Path, joint: Analysis) -> None:
    """Save, save again, code under a second framework, replace and empty: the rows follow the analysis."""
    sid = f"{joint.document.id}:0"
    row = (sid, 0, "person:hun-manet", "Hun Manet", "Prime Minister", None, "KHM", "person")
    with Store(db) as store:
        assert store.save(joint) is True
        assert stored(db) == [row]
        assert store.save(joint) is False and store.save_many([joint, joint]) == 0
        second = copy.deepcopy(joint)
        second.framework = "second-framework"  # same statements, another coding: no second copy of the rows
        assert store.save(second) is True
        assert stored(db) == [row]
        [read] = store.statements(framework="three-pillars")
        assert read["speaker_name"] == "Xi Jinping" and read["co_speakers"] == [HUN_MANET]

        sihanouk = Actor("person:sihamoni", "Norodom Sihamoni", "person", iso3="KHM", title="King")
        lee = Actor("person:lee", "Lee <Jae-myung>", "person", iso3="KOR")
        renewed = [with_co_speakers(joint, sihanouk, lee), with_co_speakers(second, sihanouk, lee)]
        assert store.replace_many(renewed, [joint.document.id]) == 2
        assert stored(db) == [(sid, 0, "person:sihamoni", "Norodom Sihamoni", "King", None, "KHM", "person"),
                              (sid, 1, "person:lee", "Lee <Jae-myung>", None, None, "KOR", "person")]
        assert [p["name"] for p in store.statements(framework="second-framework")[0]["co_speakers"]] == [
            "Norodom Sihamoni", "Lee <Jae-myung>"]

        alone = [with_co_speakers(joint), with_co_speakers(second)]
        assert store.replace_many(alone, [joint.document.id]) == 2
        assert stored(db) == []
        assert store.statements(framework="three-pillars")[0]["co_speakers"] == []
        assert store.replace_many([joint, second], [joint.document.id]) == 2
        assert stored(db) == [row]


def test_the_cli_stores_them_once(tmp_path: Path) -> None:
    article = tmp_path / "joint.txt"
    article.write_text(TEXT, encoding="utf-8")
    shown = runner.invoke(app, ["analyze", str(article), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    [statement] = json.loads(shown.output)["documents"][0]["statements"]
    assert statement["co_speakers"] == [HUN_MANET]
    db = tmp_path / "amity.db"
    for _ in range(2):  # a rerun adds nothing
        done = runner.invoke(app, ["analyze", str(article), "--db", str(db)])
        assert done.exit_code == 0, done.output
    [row] = stored(db)
    assert row[1:] == (0, "person:hun-manet", "Hun Manet", "Prime Minister", None, "KHM", "person")
    with Store(db) as store:
        assert store.statements()[0]["co_speakers"] == [HUN_MANET]


def test_sqlite_store_saves_replaces_and_purges(tmp_path: Path, joint: Analysis) -> None:
    check_store(tmp_path / "amity.db", joint)


def test_export_appends_the_column(tmp_path: Path, joint: Analysis) -> None:
    pl = pytest.importorskip("polars")
    db = tmp_path / "amity.db"
    with Store(db) as store:
        store.save(joint)
    assert COLUMNS[:-1] == COLUMNS_BEFORE and COLUMNS[-1] == "co_speakers"

    assert export_statements(db, tmp_path / "s.csv", "csv") == 1
    with (tmp_path / "s.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert tuple(next(reader)) == COLUMNS
        [values] = list(reader)
    assert json.loads(values[-1]) == [HUN_MANET] and values[COLUMNS.index("speaker_name")] == "Xi Jinping"

    assert export_statements(db, tmp_path / "s.jsonl", "jsonl") == 1
    [line] = (tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines()
    assert list(json.loads(line)) == list(COLUMNS) and json.loads(line)["co_speakers"] == [HUN_MANET]

    assert export_statements(db, tmp_path / "s.parquet", "parquet") == 1
    frame = pl.read_parquet(tmp_path / "s.parquet")
    assert tuple(frame.columns) == COLUMNS and frame.to_dicts()[0]["co_speakers"] == [HUN_MANET]


def test_api_and_document_page_show_them(tmp_path: Path, joint: Analysis) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from amity.web import create_app

    db = tmp_path / "amity.db"
    lee = Actor("person:lee", "Lee <b>Jae-myung</b>", "person", iso3="KOR")
    with Store(db) as store:
        store.save(with_co_speakers(joint, *joint.statements[0].co_speakers, lee))
    expected = [HUN_MANET, {"id": "person:lee", "name": "Lee <b>Jae-myung</b>", "type": "person", "title": None,
                            "organisation": None, "country": "KOR"}]
    sid, doc_id = f"{joint.document.id}:0", joint.document.id
    with TestClient(create_app(db)) as client:
        [item] = client.get("/api/statements").json()["items"]
        assert item["speaker_name"] == "Xi Jinping" and item["co_speakers"] == expected
        assert client.get(f"/api/statements/{sid}").json()["co_speakers"] == expected
        assert client.get(f"/api/documents/{doc_id}").json()["statements"][0]["co_speakers"] == expected
        # each person is counted with the statement made together
        people = client.get("/api/actors", params={"type": "person"}).json()["items"]
        assert {p["name"]: p["statements"] for p in people if p["name"] in ("Xi Jinping", "Hun Manet")} == {
            "Xi Jinping": 1, "Hun Manet": 1}
        assert client.get("/api/statements", params={"speaker": "person:hun-manet"}).json()["total"] == 1
        page = client.get(f"/document/{doc_id}").text
    assert "with <span class=\"co-speaker\">Hun Manet (KHM)</span>, " in page
    assert "Lee &lt;b&gt;Jae-myung&lt;/b&gt; (KOR)" in page and "<b>Jae-myung" not in page
    assert get_statement(db, sid, "three-pillars")["co_speakers"] == expected  # type: ignore[index]  # found


def test_a_revision_0002_database_is_upgraded_on_open(tmp_path: Path, joint: Analysis) -> None:
    db = tmp_path / "old.db"
    assert upgrade(db, "0002").current == "0002"
    engine = create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            assert not inspect(conn).has_table("statement_co_speakers")
        # read without a Store (as `amity export` and the dashboard do): no co-speakers, no error
        total, items = search_statements(db, Scope(framework="three-pillars"))
        assert total == 0 and items == []
        with Store(db) as store:
            assert status(db).current == head_revision() == "0003"
            store.save(joint)
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), s.metadata) == []
            assert conn.execute(select(s.meta.c.value)).scalar_one() == "3"
    finally:
        engine.dispose()
    assert stored(db)[0][3] == "Hun Manet"


def test_an_old_database_read_before_upgrading(tmp_path: Path, joint: Analysis) -> None:
    """A database holding statements at revision 0002: readers work, `amity db upgrade` adds the table."""
    db = tmp_path / "old.db"
    with Store(db) as store:
        store.save(joint)
    engine = create_engine(database_url(db))
    try:
        with engine.begin() as conn:  # back to what the previous version made, statements kept
            conn.exec_driver_sql("DROP TABLE statement_co_speakers")
            conn.exec_driver_sql("UPDATE amity_meta SET value = '2'")
        [row] = search_statements(db, Scope(framework="three-pillars"))[1]
        assert row["speaker_name"] == "Xi Jinping" and row["co_speakers"] == []
        # the speaker filter works too, on the first speaker only (the co-speakers are not stored yet)
        assert search_statements(db, Scope(framework="three-pillars", speaker="Xi Jinping"))[0] == 1
        assert search_statements(db, Scope(framework="three-pillars", speaker="Hun Manet"))[0] == 0
        assert dyad_rows(db, Scope(framework="three-pillars", speaker="Hun Manet")) == []
        assert len(dyad_rows(db, Scope(framework="three-pillars", speaker="Xi Jinping"))) == 1
        assert export_statements(db, tmp_path / "s.jsonl", "jsonl") == 1
        done = runner.invoke(app, ["db", "upgrade", "--db", str(db)])
        assert done.exit_code == 0 and "revision 0003" in done.output, done.output
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(s.statement_co_speakers)).scalar_one() == 0
            assert conn.execute(select(s.meta.c.value)).scalar_one() == "3"
    finally:
        engine.dispose()
    with Store(db) as store:  # rows come with the next analysis of the document
        assert store.replace_many([joint], [joint.document.id]) == 1
    assert len(stored(db)) == 1


# -- PostgreSQL ------------------------------------------------------------------------------------------

@pytest.fixture
def pg_database() -> Iterator[str]:
    from _pg_support import fresh_database

    with fresh_database("amity_cosp") as url:
        yield url


def test_postgres_store_saves_replaces_and_purges(pg_database: str, joint: Analysis) -> None:
    check_store(pg_database, joint)
    with Store(pg_database) as store:
        assert status(store.engine).current == "0003"
        total, [item] = search_statements(store, Scope(framework="three-pillars"))
        assert total == 1 and item["co_speakers"] == [HUN_MANET]
        by_co_speaker = Scope(framework="three-pillars", speaker="hun manet")
        assert search_statements(store, by_co_speaker)[0] == 1 and len(dyad_rows(store, by_co_speaker)) == 1


def test_postgres_revision_0002_is_upgraded_on_open(pg_database: str, joint: Analysis) -> None:
    assert upgrade(pg_database, "0002").current == "0002"
    assert search_statements(pg_database, Scope(framework="three-pillars")) == (0, [])
    with Store(pg_database) as store:
        store.save(joint)
        with store.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), s.metadata) == []
    assert status(pg_database).current == "0003"
    assert [row[3] for row in stored(pg_database)] == ["Hun Manet"]


@pytest.mark.parametrize("speaker", ["Hun Manet", "hun manet", "person:hun-manet", "Xi Jinping"])
def test_a_joint_statement_is_found_by_each_of_its_speakers(tmp_path: Path, joint: Analysis, speaker: str) -> None:
    db = tmp_path / "amity.db"
    with Store(db) as store:
        store.save(joint)
    scope = Scope.build(framework="three-pillars", speaker=speaker)
    total, [item] = search_statements(db, scope)
    assert total == 1 and item["speaker_name"] == "Xi Jinping"
    assert export_statements(db, tmp_path / "s.jsonl", "jsonl", scope=scope) == 1
    assert [(row["dyad"], row["statements"]) for row in dyad_rows(db, scope)] == [("CHN-KHM", 1)]
    nobody = Scope.build(framework="three-pillars", speaker="Norodom Sihamoni")
    assert search_statements(db, nobody)[0] == 0 and dyad_rows(db, nobody) == []


def test_the_web_app_reads_a_revision_0002_database(tmp_path: Path, joint: Analysis) -> None:
    """The dashboard on a database not yet upgraded: actors and the speaker filter answer from what it has."""
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from amity.web import create_app

    db = tmp_path / "old.db"
    with Store(db) as store:
        store.save(joint)
    engine = create_engine(database_url(db))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE statement_co_speakers")
            conn.exec_driver_sql("UPDATE amity_meta SET value = '2'")
    finally:
        engine.dispose()
    with TestClient(create_app(str(db))) as client:
        actors = client.get("/api/actors", params={"type": "person"})
        assert actors.status_code == 200, actors.text
        assert {p["name"]: p["statements"] for p in actors.json()["items"]}.get("Xi Jinping") == 1
        assert client.get("/api/statements", params={"speaker": "Xi Jinping"}).json()["total"] == 1
