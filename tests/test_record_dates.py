"""Dates in CSV/JSONL records: missing markers, relative, partial and future dates, day/month order,
Unix timestamps in UTC, and odd JSON values that must not stop a run."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from amity.cli import app
from amity.errors import InputError
from amity.ingest.corpus import iter_corpus
from amity.ingest.jsonl import DateValueError, JsonlFields, read_datetime, record_to_document
from amity.model import Document, Quarantined

LOGGER = "amity.ingest.jsonl"


@pytest.fixture
def phnom_penh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's local time zone is UTC+7 for the test."""
    monkeypatch.setenv("TZ", "Asia/Phnom_Penh")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _published(db: Path) -> dict[str, str | None]:
    """Stored publication date by the first word of the text."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select text, published from documents").fetchall()
    return {text.split()[0]: (published[:19] if published else None) for text, published in rows}


def _ingest(path: Path, db: Path, *extra: str) -> dict[str, int]:
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", str(db), "--quiet", "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    summary: dict[str, int] = json.loads(result.stdout)
    return summary


CSV_ROWS = [
    ("Anwar", "NA"), ("Hun", "nan"), ("Xi", "05/10/2024"), ("Lee", "2024"), ("Modi", "2 days ago"),
    ("Kishida", "31/12/2024"), ("Marcos", "May"), ("Widodo", "2099-01-01"), ("Putin", "1712217600"),
    ("Biden", "n.d."), ("Albanese", "2024-04-04T08:00:00+07:00"), ("Luxon", ""), ("Prabowo", "N/A"),
    ("Lula", "today"), ("Macron", "12"), ("Scholz", "Published: Mar 24, 2022 06:46 PM"),
]


def _write_csv(path: Path) -> Path:
    lines = ["text,published"] + [f'"{who} said Laos is a friend of his country.","{when}"' for who, when in CSV_ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_csv_dates_are_stored_only_when_real(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = _write_csv(tmp_path / "dates.csv")
    with caplog.at_level("WARNING", logger=LOGGER):
        summary = _ingest(source, tmp_path / "d.db")
    assert (summary["processed"], summary["quarantined"]) == (len(CSV_ROWS), 0)
    assert _published(tmp_path / "d.db") == {
        "Anwar": None, "Hun": None, "Biden": None, "Luxon": None, "Prabowo": None,  # missing: no date
        "Lee": None, "Marcos": None, "Macron": None,  # partial: no date
        "Modi": None, "Lula": None,  # relative: never counted from the time of ingest
        "Widodo": None,  # future
        "Xi": "2024-05-10 00:00:00",  # month-first by default
        "Kishida": "2024-12-31 00:00:00",  # can only be day-first
        "Putin": "2024-04-04 08:00:00",  # Unix timestamp, UTC
        "Albanese": "2024-04-04 01:00:00",  # offset normalised to UTC by the store
        "Scholz": "2022-03-24 18:46:00",
    }
    warned = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    for line, value in [(5, "2024"), (6, "2 days ago"), (8, "May"), (9, "2099-01-01"), (15, "today"), (16, "12")]:
        assert any(f"dates.csv:{line}: date '{value}' not used" in m for m in warned), (line, warned)
    for marker in ("NA", "nan", "n.d.", "N/A"):  # missing values are silent
        assert not any(f"'{marker}'" in m for m in warned)
    assert any("dates.csv:7" in m and "--day-first" in m for m in warned)  # 31/12/2024 hints at --day-first
    assert len(warned) == 7


def test_day_first_option(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = _write_csv(tmp_path / "dates.csv")
    with caplog.at_level("WARNING", logger=LOGGER):
        _ingest(source, tmp_path / "d.db", "--day-first")
    stored = _published(tmp_path / "d.db")
    assert (stored["Xi"], stored["Kishida"]) == ("2024-10-05 00:00:00", "2024-12-31 00:00:00")
    assert not any("--day-first" in r.getMessage() for r in caplog.records)


def test_day_first_keyword_to_the_reader(tmp_path: Path) -> None:
    source = _write_csv(tmp_path / "dates.csv")
    for day_first, expected in [(False, 5), (True, 10)]:
        docs = [d for d in iter_corpus(source, day_first=day_first) if isinstance(d, Document)]
        xi = next(d for d in docs if d.text.startswith("Xi"))
        assert xi.published is not None and xi.published.month == expected
    path = tmp_path / "dates.jsonl"
    path.write_text(json.dumps({"text": "Xi said Laos is a friend.", "published": "05/10/2024"}) + "\n",
                    encoding="utf-8")
    doc = next(iter(iter_corpus(path, JsonlFields(day_first=True))))
    assert isinstance(doc, Document) and doc.published == datetime(2024, 10, 5)


@pytest.mark.parametrize("value", [None, "", "  ", "NA", "n/a", "N/A", "nan", "NaN", "null", "None", "n.d.",
                                   "-", "—", float("nan")])
def test_missing_markers_are_no_date(value: object) -> None:
    assert read_datetime(value) is None


@pytest.mark.parametrize("value", ["2 days ago", "today", "yesterday", "in 3 days", "next week", "2024", "May",
                                   "May 2024", "12", "soon", True, False, "9999-01-01",
                                   (datetime.now(UTC) + timedelta(days=3)).isoformat(), 1e30, float("inf"), -5,
                                   ["2024-04-04"], {"a": 1}])
def test_unusable_values_raise_date_value_error(value: object) -> None:
    with pytest.raises(DateValueError):
        read_datetime(value)


def test_tomorrow_is_not_the_future() -> None:
    tomorrow = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1)
    assert read_datetime(tomorrow.isoformat()) == tomorrow


@pytest.mark.usefixtures("phnom_penh")
@pytest.mark.parametrize("value", [1712217600, 1712217600.0, 1712217600000, "1712217600", "1712217600000"])
def test_unix_timestamps_are_utc_and_milliseconds_are_recognised(value: object) -> None:
    assert read_datetime(value) == datetime(2024, 4, 4, 8, 0)


def test_iso_dates_keep_their_offset() -> None:
    value = read_datetime("2024-04-04T08:00:00+07:00")
    assert value is not None and value.utcoffset() == timedelta(hours=7) and value.hour == 8
    assert read_datetime("2024-04-04T01:00:00Z") == datetime(2024, 4, 4, 1, tzinfo=UTC)
    assert read_datetime("20240404") == datetime(2024, 4, 4)


JSONL_LINES = [
    '{"text": "Aung said China and Cambodia would cooperate.", "published": 1712217600}',
    '{"text": "Bopha said China and Cambodia would cooperate.", "published": 1712217600000}',
    '{"text": "Chan said China and Cambodia would cooperate.", "published": 1e30}',
    '{"text": "Dara said China and Cambodia would cooperate.", "published": NaN, "title": NaN}',
    '{"text": "Eang said China and Cambodia would cooperate.", "published": true}',
    '{"text": "Fong said China and Cambodia would cooperate.", "authors": 5}',
    '{"text": "Heng said China and Cambodia would cooperate.", "published": Infinity}',
    '{"text": "Ieng said China and Cambodia would cooperate.\\u0001", "x": "a\tb"}',
    '{"text": "Kem said China and Cambodia would cooperate.", "published": ["2024-04-04"]}',
    '{"text": "Lim said China and Cambodia would cooperate.", "published": 1' + "0" * 5000 + "}",
]


@pytest.mark.usefixtures("phnom_penh")
def test_odd_jsonl_values_do_not_stop_the_run(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = tmp_path / "odd.jsonl"
    source.write_text("\n".join(JSONL_LINES) + "\n", encoding="utf-8")
    db = tmp_path / "odd.db"
    with caplog.at_level("WARNING", logger=LOGGER):
        summary = _ingest(source, db)
    assert (summary["read"], summary["processed"], summary["quarantined"]) == (10, 8, 2)
    stored = _published(db)
    assert stored == {"Aung": "2024-04-04 08:00:00", "Bopha": "2024-04-04 08:00:00", "Chan": None, "Dara": None,
                      "Eang": None, "Fong": None, "Heng": None, "Kem": None}
    with sqlite3.connect(db) as conn:
        assert conn.execute("select title, authors from documents where text like 'Dara%'").fetchone() == (None, "[]")
    rows = json.loads(CliRunner().invoke(app, ["quarantine", "--db", str(db), "--format", "json"]).stdout)
    reasons = {row["input"].rsplit(":", 1)[1]: row["reason"] for row in rows}
    assert set(reasons) == {"8", "10"}
    assert "invalid JSON (Invalid control character at column" in reasons["8"] and "at at" not in reasons["8"]
    assert "invalid JSON" in reasons["10"] and "odd.jsonl:10" in reasons["10"]
    warned = " | ".join(r.getMessage() for r in caplog.records if r.name == LOGGER)
    for part in ("odd.jsonl:3: date 1e+30 not used", "odd.jsonl:5: date True not used",
                 "odd.jsonl:6: authors in field 'authors' not used", "odd.jsonl:7: date inf not used",
                 "odd.jsonl:9: date ['2024-04-04'] not used"):
        assert part in warned


def test_a_value_that_cannot_be_converted_quarantines_its_record() -> None:
    class Odd:
        def __str__(self) -> str:
            raise ValueError("no text for this value")

    with pytest.raises(InputError, match=r"x\.jsonl:4: cannot convert the record .*no text for this value"):
        record_to_document({"text": "Hun Sen met Xi.", "title": Odd()}, JsonlFields(), name="x.jsonl", line=4)


def test_a_too_long_jsonl_line_is_quarantined_with_a_jsonl_hint(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import amity.ingest.jsonl as jsonl

    monkeypatch.setattr(jsonl, "MAX_DOCUMENT_BYTES", 200)
    source = tmp_path / "long.jsonl"
    source.write_text(json.dumps({"text": "x" * 300}) + "\n" + json.dumps({"text": "Hun Sen met Xi."}) + "\n",
                      encoding="utf-8")
    out = list(iter_corpus(source))
    assert isinstance(out[0], Quarantined) and out[0].code == "E103" and out[0].input.endswith(":1")
    assert "use JSONL" not in out[0].reason and "split the document" in out[0].reason
    assert isinstance(out[1], Document)
