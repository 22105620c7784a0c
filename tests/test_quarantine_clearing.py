"""An input quarantined by one run and read without fault by a later one is taken off the quarantine list."""

from __future__ import annotations

from pathlib import Path

import pytest

from amity.batch import analyze_inputs
from amity.engine.local import run_local
from amity.ingest import JsonlFields, read_documents
from amity.ingest.sources import SourceOptions, read_sources
from amity.store import Store

ROWS = ('{"id": 1, "body": "Hun Sen said Cambodia and China would deepen cooperation on roads."}\n'
        '{"id": 2, "body": "Xi said China and Laos are good friends and partners."}\n')


def _quarantined(db: Path) -> list[str]:
    with Store(db) as store:
        return [row["input"] for row in store.quarantined()]


@pytest.mark.parametrize("runner", ["ingest", "analyze"])
def test_a_file_read_right_the_second_time_leaves_quarantine(tmp_path: Path, runner: str) -> None:
    source = tmp_path / "c.jsonl"
    source.write_text(ROWS, encoding="utf-8")
    db = tmp_path / "q.db"

    def run(fields: JsonlFields | None) -> None:
        if runner == "ingest":
            run_local(read_sources([source], SourceOptions(fields=fields)), db)
        else:
            analyze_inputs([source], db=db, fields=fields)

    run(None)  # no "text" field: every line is quarantined
    assert sorted(_quarantined(db)) == [f"{source}:1", f"{source}:2"]
    run(JsonlFields(text="body"))
    assert _quarantined(db) == []


def test_this_runs_own_entries_and_other_inputs_stay(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "Hun Sen said Cambodia and China would deepen cooperation on roads."}\n'
                    "not json\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    db = tmp_path / "q.db"
    run_local(read_documents([good, empty]), db)
    before = sorted(_quarantined(db))
    assert before == sorted([f"{good}:2", str(empty)])
    run_local(read_documents([good, empty]), db)  # the good line is read again: its file's bad line stays
    assert sorted(_quarantined(db)) == before
