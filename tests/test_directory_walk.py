"""Walking a directory skips hidden entries and SQLite files; a directory with nothing to read says so."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from amity.cli import app
from amity.ingest import read_documents
from amity.ingest.sources import read_sources
from amity.model import Document, Quarantined
from amity.store import Store

ARTICLE = "Cambodia and China signed a railway agreement in Phnom Penh on Monday, officials said."


def _tree(root: Path) -> Path:
    (root / "news").mkdir()
    (root / "news" / "a.txt").write_text(ARTICLE, "utf-8")
    for hidden in (".git", ".venv", "sub/.cache"):
        (root / "news" / hidden).mkdir(parents=True)
    (root / "news" / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    (root / "news" / ".git" / "notes.txt").write_text("Vietnam and Laos agreed on a dam, the minister said.", "utf-8")
    (root / "news" / ".venv" / "notes.txt").write_text("Thailand and Japan agreed on rice exports on Friday.", "utf-8")
    (root / "news" / "sub" / ".cache" / "x.txt").write_text("Myanmar and India agreed on a port deal.", "utf-8")
    (root / "news" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + bytes(100))
    with sqlite3.connect(root / "news" / "cache") as conn:  # no suffix: known by its header
        conn.execute("create table t (x)")
    conn.close()
    return root / "news"


def _paths(items: list[Document | Quarantined]) -> list[str]:
    return [Path(d.path or "").name if isinstance(d, Document) else f"Q:{d.input}" for d in items]


def test_hidden_entries_and_sqlite_files_are_not_walked(tmp_path: Path) -> None:
    news = _tree(tmp_path)
    assert _paths(list(read_sources([str(news)]))) == ["a.txt"]
    assert _paths(list(read_documents([news]))) == ["a.txt"]


def test_a_hidden_file_named_explicitly_is_read(tmp_path: Path) -> None:
    news = _tree(tmp_path)
    docs = list(read_sources([str(news / ".venv" / "notes.txt")]))
    assert len(docs) == 1 and isinstance(docs[0], Document) and docs[0].text.startswith("Thailand and Japan")


def test_database_inside_the_input_directory_is_not_ingested(tmp_path: Path) -> None:
    news = _tree(tmp_path)
    db = news / "amity.db"
    runner = CliRunner()
    for _ in range(2):  # the second run walks the database (and any -wal / -shm) the first one made
        (news / "amity.db-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(60))
        (news / "amity.db-shm").write_bytes(bytes(64))
        result = runner.invoke(app, ["ingest", str(news), "--db", str(db), "--quiet", "--format", "json"])
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        assert summary["quarantined"] == 0 and summary["read"] == 1
    with Store(db) as store:
        assert store.counts()["documents"] == 1
        assert store.quarantined() == []


@pytest.mark.parametrize("contents", ["empty", "hidden-only"])
def test_directory_with_nothing_readable_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, contents: str
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    if contents == "hidden-only":
        (folder / ".git").mkdir()
        (folder / ".git" / "HEAD").write_text("ref\n", "utf-8")
        (folder / "amity.db").write_bytes(b"SQLite format 3\x00" + bytes(100))
    with caplog.at_level(logging.WARNING, logger="amity.ingest"):
        out = list(read_sources([str(folder)]))
    assert len(out) == 1 and isinstance(out[0], Quarantined) and out[0].code == "E107"
    assert f"no readable files in {folder}" in out[0].reason
    assert any(f"no readable files in {folder}" in r.getMessage() for r in caplog.records)
    again = list(read_documents([folder]))
    assert len(again) == 1 and isinstance(again[0], Quarantined) and "no readable files in" in again[0].reason

    db = tmp_path / "x.db"
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "--quiet"])
    assert result.exit_code != 0  # nothing read
    with Store(db) as store:
        [row] = store.quarantined()
    assert row["input"] == str(folder) and "no readable files in" in row["reason"]
