"""Big batches: kill -9 mid-run then rerun gives the uninterrupted result; --jobs 2 equals serial."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from amity.engine.local import run_local
from amity.ingest.sources import read_sources

ROOT = Path(__file__).resolve().parents[1]
N_ARTICLES = 80
BATCH = 4


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_synthetic", ROOT / "benchmarks" / "make_synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic articles with exact and near copies, two French articles and a broken line."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    records = list(_generator().synthetic_corpus(N_ARTICLES, seed=7, dup_rate=0.05, near_rate=0.05))
    french = ("Le ministre des affaires étrangères a déclaré que les deux pays vont renforcer leur coopération "
              "dans le commerce et la sécurité, et qu'un accord est attendu pour la fin de l'année.")
    records.insert(30, {"text": french, "title": "Coopération", "url": "https://fr.example/1"})
    records.insert(70, {"text": french + " Les deux parties ont aussi parlé de la santé.", "url": "https://fr.example/2"})
    lines = [json.dumps(r) for r in records]
    lines.insert(50, "{this is not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(db: Path) -> dict[str, Any]:
    """Everything a run stores, without timestamps."""
    with sqlite3.connect(db) as conn:
        def rows(sql: str) -> list[tuple[Any, ...]]:
            return sorted(conn.execute(sql).fetchall(), key=repr)

        return {
            "documents": rows("select id, cluster_id, url, title, published from documents"),
            "analyses": rows("select document_id, framework, n_statements from analyses"),
            "statements": rows("select id, cluster_id, start, \"end\", kind, speaker_id from statements"),
            "codings": rows("select statement_id, framework, relevant, primary_pillar, pillars, tone from codings"),
            "pillars": rows("select statement_id, pillar, is_primary from statement_pillars"),
            "evidence": rows("select statement_id, field, value, start, \"end\" from evidence"),
            "quarantine": rows("select input, code from quarantine"),
            "copies": rows("select document_id, copy_id, url from dedup_copies"),
            "clusters": rows("select document_id, cluster_id, kind from dedup_documents"),
        }


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Any]:
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    summary = run_local(read_sources([str(corpus)]), db, batch_size=BATCH)
    return snapshot(db), summary


def test_reference_run_dedups_and_quarantines(reference: tuple[dict[str, Any], Any]) -> None:
    snap, summary = reference
    assert summary.duplicates > 0 and summary.near_duplicates > 0
    assert summary.non_english == 2 and summary.quarantined == 3
    assert len(snap["documents"]) == summary.processed
    assert len(snap["copies"]) == summary.duplicates
    clusters = {cluster for _, cluster, *_ in snap["documents"]}
    assert len(clusters) == len(snap["documents"]) - summary.near_duplicates
    assert len(snap["statements"]) > len(snap["documents"])


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("select count(*) from analyses").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_kill_9_then_rerun_loses_nothing_and_duplicates_nothing(
    corpus: Path, reference: tuple[dict[str, Any], Any], tmp_path: Path
) -> None:
    db = tmp_path / "killed.db"
    command = [sys.executable, "-c", "from amity.cli import main; main()", "ingest", str(corpus),
               "--db", str(db), "--batch-size", str(BATCH), "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while _count(db) < 3 * BATCH and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
    stored_before = _count(db)
    expected = reference[0]
    assert 0 < stored_before < len(expected["analyses"]), "the run was not interrupted mid-way"

    summary = run_local(read_sources([str(corpus)]), db, batch_size=BATCH)
    assert summary.skipped >= stored_before
    assert summary.processed == len(expected["analyses"]) - stored_before
    assert snapshot(db) == expected
    again = run_local(read_sources([str(corpus)]), db, batch_size=BATCH)
    assert again.processed == 0
    assert again.duplicates == 0 and again.skipped + again.quarantined == again.read  # copies read again: skipped
    assert snapshot(db) == expected


def test_two_jobs_give_the_serial_result(
    corpus: Path, reference: tuple[dict[str, Any], Any], tmp_path: Path
) -> None:
    db = tmp_path / "parallel.db"
    summary = run_local(read_sources([str(corpus)]), db, batch_size=BATCH, jobs=2)
    assert snapshot(db) == reference[0]
    serial = reference[1]
    assert (summary.processed, summary.duplicates, summary.near_duplicates, summary.quarantined) == (
        serial.processed, serial.duplicates, serial.near_duplicates, serial.quarantined)


def test_default_batches_hold_an_amount_of_text() -> None:
    from amity.engine.local import _batches
    from amity.model import Document, Quarantined

    headlines: list[Document | Quarantined] = [Document(text="Cambodia and China sign a trade deal.")] * 300
    assert [len(b) for b in _batches(headlines, None)] == [256, 44]  # one commit per 256, not per 32
    articles: list[Document | Quarantined] = [Document(text="word " * 8_000)] * 10  # 40,000 characters each
    assert [len(b) for b in _batches(articles, None)] == [4, 4, 2]
    assert [len(b) for b in _batches(articles, 3)] == [3, 3, 3, 1]  # --batch-size is a count of documents


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers follow their run through Linux prctl")
def test_workers_end_with_a_killed_run(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "orphans.db"
    command = [sys.executable, "-c", "from amity.cli import main; main()", "ingest", str(corpus),
               "--db", str(db), "--batch-size", str(BATCH), "--jobs", "2", "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    try:
        while _count(db) < BATCH and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = _children(process.pid)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
    assert len(workers) >= 2, "the run had no workers when it was killed"
    deadline = time.monotonic() + 20
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "workers outlived the killed run"
