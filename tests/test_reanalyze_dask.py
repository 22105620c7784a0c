"""`amity reanalyze --engine dask` stores what the local re-analysis stores: stale documents annotated and
coded again, a new framework added, every row the same (clocks and row counters aside); a rerun does nothing."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from _pg_support import fresh_database
from amity.cli import app
from amity.coding.framework import _frameworks_dir
from amity.demo.corpus import write_demo_corpus
from amity.engine.reanalyze import ReanalyzeSummary, reanalyze
from amity.errors import ConfigError
from amity.store import Store
from test_dask_engine import database_rows
from test_reanalyze import _age, _ingest

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client(dask_client: Any) -> Any:
    return dask_client


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus ingested under the default framework (do not write to it: copy it)."""
    directory = tmp_path_factory.mktemp("reanalyze-dask")
    write_demo_corpus(directory / "corpus")
    db = directory / "pristine.db"
    _ingest(directory / "corpus", db)
    return db


def _copies(pristine: Path, tmp_path: Path, every: int | None = 3) -> tuple[Path, Path, list[str]]:
    """Two copies of the store, the same documents aged in both when ``every`` is given."""
    local, remote = tmp_path / "local.db", tmp_path / "dask.db"
    shutil.copy(pristine, local)
    shutil.copy(pristine, remote)
    aged = _age(local, every) if every else []
    assert (_age(remote, every) if every else []) == aged
    return local, remote, aged


def _counts(summary: ReanalyzeSummary) -> dict[str, float | int]:
    data = summary.to_dict()
    del data["elapsed"]
    return data


def test_stale_analyses_become_the_local_results_and_a_rerun_does_nothing(client: Any, pristine: Path,
                                                                         tmp_path: Path) -> None:
    local_db, dask_db, aged = _copies(pristine, tmp_path)
    assert database_rows(dask_db) != database_rows(pristine)
    local = reanalyze(local_db)
    seen: list[int] = []
    remote = reanalyze(dask_db, engine="dask", client=client, batch_size=3,  # many units: the window turns
                       progress=lambda summary: seen.append(summary.finished))
    assert remote.refreshed == len(aged) > 10 and remote.statements > 0
    assert _counts(remote) == _counts(local)
    assert seen == sorted(seen) and seen[-1] == remote.todo == len(aged)

    def cached() -> list[str]:  # on a worker: the pipelines it built (once) for the run
        from amity.engine import dask

        return sorted({key[0] for key in dask._pipelines})

    assert "three-pillars" in {fw for frameworks in client.run(cached).values() for fw in frameworks}
    rows = database_rows(dask_db)
    assert rows == database_rows(local_db) == database_rows(pristine)

    again = reanalyze(dask_db, engine="dask", client=client)
    assert (again.todo, again.refreshed, again.added, again.statements) == (0, 0, 0, 0)
    assert again.up_to_date == again.documents == remote.documents
    assert database_rows(dask_db) == rows


def test_a_framework_is_added_as_locally_while_stale_documents_are_refreshed(client: Any, pristine: Path,
                                                                            tmp_path: Path) -> None:
    local_db, dask_db, aged = _copies(pristine, tmp_path, every=4)
    local = reanalyze(local_db, frameworks=["lmc"])
    remote = reanalyze(dask_db, frameworks=["lmc"], engine="dask", client=client)
    assert remote.refreshed == len(aged) and remote.added == remote.documents - len(aged) > 0
    assert _counts(remote) == _counts(local)
    rows = database_rows(dask_db)
    assert rows == database_rows(local_db)
    with Store(dask_db) as store:
        assert sorted(store.frameworks()) == ["lmc", "three-pillars"]

    again = reanalyze(dask_db, frameworks=["lmc"], engine="dask", client=client)
    assert (again.todo, again.up_to_date) == (0, again.documents)
    assert database_rows(dask_db) == rows


def test_annotation_options_and_framework_files_reach_the_workers(client: Any, pristine: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    local_db, dask_db, _ = _copies(pristine, tmp_path, every=None)
    reanalyze(local_db, frameworks=["asean"], acts=False)
    monkeypatch.chdir(_frameworks_dir())  # a relative path here: the workers' working directory is not this one
    reanalyze(dask_db, frameworks=["asean.yaml"], acts=False, engine="dask", client=client)
    assert database_rows(dask_db) == database_rows(local_db)


def test_postgres_store_is_brought_up_to_date(client: Any, pristine: Path) -> None:
    with fresh_database("amity_reanalyze_dask") as url:
        _ingest(pristine.parent / "corpus", url)
        expected = database_rows(url)  # type: ignore[arg-type]  # a URL works as well as a path
        aged = _age(url)
        summary = reanalyze(url, engine="dask", client=client, batch_size=5)
        assert summary.refreshed == len(aged) > 10
        assert database_rows(url) == expected  # type: ignore[arg-type]  # a URL works as well as a path


def test_local_only_options_are_refused(pristine: Path) -> None:
    with pytest.raises(ConfigError, match="Dask engine"):
        reanalyze(pristine, engine="dask", jobs=2)


def test_cli_engine_dask(pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    _, db, aged = _copies(pristine, tmp_path)
    done = runner.invoke(app, ["reanalyze", "--db", str(db), "--engine", "dask", "--workers", "1", "-q",
                               "--format", "json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["refreshed"] == len(aged)
    assert database_rows(db) == database_rows(pristine)

    jobs = runner.invoke(app, ["reanalyze", "--db", str(db), "--engine", "dask", "--jobs", "2", "-q"])
    assert jobs.exit_code == 2 and "--jobs is for the local engine" in jobs.output
    local = runner.invoke(app, ["reanalyze", "--db", str(db), "--scheduler", "tcp://127.0.0.1:1", "-q"])
    assert local.exit_code == 2 and "--engine dask" in local.output

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the [dask] extra were missing
    missing = runner.invoke(app, ["reanalyze", "--db", str(db), "--engine", "dask", "-q"])
    assert missing.exit_code == 2 and "amity[dask]" in missing.output
