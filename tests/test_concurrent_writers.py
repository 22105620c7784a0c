"""Two `amity analyze --db postgresql://...` processes writing the same documents at the same time
into one new PostgreSQL database never duplicate or lose a document, a statement or its evidence.

Skips locally without AMITY_TEST_PG_URL; fails in CI (env CI set) instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from _pg_support import fresh_database
from amity.engine.synthetic import synthetic_articles
from amity.store import Store
from amity.store import schema as s


@pytest.fixture
def new_database() -> Iterator[str]:
    with fresh_database("amity_cw", plain_driver=True) as url:  # as a user types it on the command line
        yield url


@pytest.fixture(scope="module")
def overlapping_shards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    """Two JSONL shards sharing half their articles, and the number of distinct articles."""
    folder = tmp_path_factory.mktemp("shards")
    articles = list(synthetic_articles(240, seed=7))
    first, second = folder / "a.jsonl", folder / "b.jsonl"
    first.write_text("".join(json.dumps(a) + "\n" for a in articles[:160]), encoding="utf-8")
    second.write_text("".join(json.dumps(a) + "\n" for a in articles[80:]), encoding="utf-8")
    return first, second, len(articles)


def _analyze(inputs: list[Path], db: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", "from amity.cli import main; main()", "analyze", *map(str, inputs),
         "--db", db, "--format", "json"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def _snapshot(url: str) -> dict[str, object]:
    """What was stored, without row ids and timestamps: comparable between two databases."""
    with Store(url, create=False) as store, store.engine.connect() as conn:
        statements = sorted(
            (r["id"], r["text"], r["speaker_name"], r["primary_pillar"], tuple(r["pillars"]))
            for r in store.statements()
        )
        evidence = sorted(tuple(r) for r in conn.execute(select(
            s.evidence.c.statement_id, s.evidence.c.framework, s.evidence.c.field, s.evidence.c.value,
            s.evidence.c.start, s.evidence.c.end, s.evidence.c.cue)).all())
        analyses = sorted(tuple(r) for r in conn.execute(
            select(s.analyses.c.document_id, s.analyses.c.framework, s.analyses.c.n_statements)).all())
        mentions = conn.execute(select(func.count()).select_from(s.mentions)).scalar_one()
        return {"counts": store.counts(), "statements": statements, "evidence": evidence,
                "analyses": analyses, "mentions": mentions}


def test_two_writers_never_duplicate_or_lose(
    new_database: str, overlapping_shards: tuple[Path, Path, int], tmp_path: Path
) -> None:
    first, second, distinct = overlapping_shards
    # Opposite orders: each writer meets the other's documents while the other is storing them.
    writers = [_analyze([first, second], new_database), _analyze([second, first], new_database)]
    try:
        errors = [writer.communicate(timeout=300)[1].decode() for writer in writers]
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
                writer.communicate()
    assert [w.returncode for w in writers] == [0, 0], errors

    reference = tmp_path / "one-writer.db"
    alone = _analyze([first, second], str(reference))
    _, err = alone.communicate(timeout=300)
    assert alone.returncode == 0, err.decode()

    shared = _snapshot(new_database)
    expected = _snapshot(str(reference))
    assert shared["counts"]["documents"] == distinct  # type: ignore[index]  # a dict of counts
    assert len(shared["analyses"]) == distinct  # type: ignore[arg-type]  # a list of rows
    assert shared == expected

    with Store(new_database, create=False) as store, store.engine.connect() as conn:
        # every analysis has exactly the statements it announces
        per_doc = dict(conn.execute(
            select(s.statements.c.document_id, func.count()).group_by(s.statements.c.document_id)).all())
        for document_id, _framework, n_statements in shared["analyses"]:  # type: ignore[attr-defined]
            assert per_doc.get(document_id, 0) == n_statements
        # and no evidence row was written twice by the two writers
        duplicated = conn.execute(
            select(s.evidence.c.statement_id, s.evidence.c.field, s.evidence.c.value, s.evidence.c.start)
            .group_by(s.evidence.c.statement_id, s.evidence.c.framework, s.evidence.c.field,
                      s.evidence.c.value, s.evidence.c.start, s.evidence.c.end, s.evidence.c.cue)
            .having(func.count() > 1)
        ).all()
        assert duplicated == []
