"""The Dask engine gives the local engine's results: on the demo corpus and on 2,000 synthetic
articles, with a LocalCluster of two worker processes, in memory and in the database."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select
from typer.testing import CliRunner

from amity.batch import BatchResult, analyze_inputs
from amity.cli import app
from amity.demo import write_demo_corpus
from amity.engine.dask import analyze_with_dask, plan_tasks
from amity.engine.synthetic import write_synthetic_shards
from amity.output import analysis_to_json
from amity.store import database_url
from amity.store import schema as s

distributed = pytest.importorskip("distributed")

# Columns that differ between two runs however equal their results: clocks and row counters.
_VOLATILE = {"ingested_at", "analyzed_at", "created_at", "id"}
_KEEP_ID = {"documents", "statements", "actors"}  # their ids are content keys, not counters


@pytest.fixture(scope="module")
def client(dask_client: Any) -> Any:
    return dask_client


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_demo_corpus(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 articles in one JSONL file: the engine must cut it into line ranges to spread it."""
    (path,) = write_synthetic_shards(tmp_path_factory.mktemp("synthetic"), 2_000, shard_size=2_000, seed=3)
    return path


def database_rows(db: Path) -> dict[str, list[str]]:
    """Every table's rows, without clocks and row counters, sorted: equal for equal results."""
    engine = create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            out = {}
            for name, table in s.metadata.tables.items():
                keep = [c for c in table.columns if c.name not in _VOLATILE or (name in _KEEP_ID and c.name == "id")]
                out[name] = sorted(json.dumps(list(r), default=str) for r in conn.execute(select(*keep)).all())
            return out
    finally:
        engine.dispose()


def as_json(result: BatchResult) -> list[dict[str, Any]]:
    return [analysis_to_json(a) for a in result.analyses]


def test_demo_corpus_gives_the_local_results(client: Any, demo_files: list[Path], tmp_path: Path) -> None:
    inputs = [*demo_files, tmp_path / "missing.txt"]
    local = analyze_inputs(inputs, db=tmp_path / "local.db")
    remote = analyze_with_dask(inputs, db=tmp_path / "dask.db", client=client, batch_size=3)
    assert local.processed > 0 and sum(len(a.statements) for a in local.analyses) > 0
    assert (remote.processed, remote.skipped) == (local.processed, local.skipped)
    assert [(q.input, q.code) for q in remote.quarantined] == [(q.input, q.code) for q in local.quarantined]
    assert as_json(remote) == as_json(local)
    assert database_rows(tmp_path / "dask.db") == database_rows(tmp_path / "local.db")


@pytest.mark.slow
def test_2000_synthetic_articles_give_the_local_results(client: Any, synthetic_file: Path, tmp_path: Path) -> None:
    folder = synthetic_file.parent
    local = analyze_inputs([folder])
    remote = analyze_with_dask([folder], db=tmp_path / "dask.db", client=client, batch_size=400)
    assert local.processed == remote.processed == 2_000
    assert as_json(remote) == as_json(local)

    # stored in batches, every analysis complete
    rows = database_rows(tmp_path / "dask.db")
    assert len(rows["documents"]) == len(rows["analyses"]) == 2_000
    assert len(rows["statements"]) == sum(len(a.statements) for a in local.analyses)
    assert len(rows["evidence"]) == sum(len(st.coding.evidence) for a in local.analyses
                                        for st in a.statements if st.coding)

    # a rerun finds everything stored (workers ask the database) and writes nothing
    again = analyze_with_dask([folder], db=tmp_path / "dask.db", client=client, keep=False)
    assert (again.processed, again.skipped) == (0, 2_000)
    assert database_rows(tmp_path / "dask.db") == rows


def test_repeated_documents_are_skipped_as_locally(client: Any, tmp_path: Path) -> None:
    # The same shard twice lands in different tasks; the second copy is a repeat in both engines.
    first, second = write_synthetic_shards(tmp_path, 60, shard_size=30, seed=5)
    inputs = [first, second, first]
    local = analyze_inputs(inputs)
    remote = analyze_with_dask(inputs, client=client)
    assert (remote.processed, remote.skipped) == (local.processed, local.skipped) == (60, 30)
    assert [a.document.id for a in remote.analyses] == [a.document.id for a in local.analyses]


def test_tasks_spread_the_input_and_keep_its_order(synthetic_file: Path, tmp_path: Path) -> None:
    plan = plan_tasks([synthetic_file, tmp_path / "nothing-here"], workers=2)
    tasks = [step for step in plan if isinstance(step, list)]
    assert len(tasks) >= 6  # one file, cut so that both workers get several tasks
    ranges = [shard.byte_range for task in tasks for shard in task]
    assert all(isinstance(r, tuple) for r in ranges)
    assert ranges[0][0] == 0 and ranges[-1][1] == synthetic_file.stat().st_size  # type: ignore[index]
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))  # type: ignore[index]
    assert not isinstance(plan[-1], list) and plan[-1].code == "E107"


def test_cli_engine_dask(demo_files: list[Path], tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["analyze", *map(str, demo_files), "--format", "json"]
    local = runner.invoke(app, [*args, "--db", str(tmp_path / "local.db")])
    remote = runner.invoke(app, [*args, "--engine", "dask", "--db", str(tmp_path / "dask.db")])
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    assert database_rows(tmp_path / "dask.db") == database_rows(tmp_path / "local.db")
