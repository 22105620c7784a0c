"""CSV/TSV/JSONL corpora with field mapping; gzip read transparently; bad rows quarantined."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from amity.ingest.corpus import iter_corpus
from amity.ingest.jsonl import JsonlFields
from amity.ingest.sources import SourceOptions, read_sources
from amity.model import Document, Quarantined

FIELDS = JsonlFields(text="body", published="date", source="outlet", title="headline")
ROWS = [
    {"headline": "Ports deal", "body": "Vietnam and Cambodia agreed to link their river ports.", "date": "2024-02-01",
     "outlet": "River Post"},
    {"headline": "Empty", "body": "", "date": "2024-02-02", "outlet": "River Post"},
    {"headline": "Rice", "body": "Thailand will buy more rice seed from Laos, officials said.", "date": "2024-02-03",
     "outlet": "Farm Daily"},
]


def write_csv(path: Path, delimiter: str = ",") -> Path:
    lines = [delimiter.join(ROWS[0])]
    lines += [delimiter.join(f'"{v}"' if delimiter == "," else v for v in row.values()) for row in ROWS]
    data = ("\n".join(lines) + "\n").encode()
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


def test_csv_gz_with_field_mapping(tmp_path: Path) -> None:
    out = list(iter_corpus(write_csv(tmp_path / "news.csv.gz"), FIELDS))
    docs = [d for d in out if isinstance(d, Document)]
    bad = [q for q in out if isinstance(q, Quarantined)]
    assert [d.title for d in docs] == ["Ports deal", "Rice"]
    assert docs[0].source == "River Post" and docs[0].published is not None and docs[0].published.day == 1
    assert docs[0].provenance is not None and docs[0].provenance.reader == "csv"
    assert len(bad) == 1 and "no text in field 'body'" in bad[0].reason and bad[0].input.endswith(":3")


def test_tsv(tmp_path: Path) -> None:
    docs = [d for d in iter_corpus(write_csv(tmp_path / "news.tsv", "\t"), FIELDS) if isinstance(d, Document)]
    assert len(docs) == 2


def test_missing_text_column_names_the_columns(tmp_path: Path) -> None:
    out = list(iter_corpus(write_csv(tmp_path / "news.csv"), JsonlFields()))
    assert len(out) == 1 and isinstance(out[0], Quarantined)
    assert "no column 'text'" in out[0].reason and "--text-field" in out[0].reason


def test_jsonl_gz_through_sources(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in ROWS).encode()))
    docs = [d for d in read_sources([str(path)], SourceOptions(fields=FIELDS)) if isinstance(d, Document)]
    assert [d.source for d in docs] == ["River Post", "Farm Daily"]


def test_url_list_file_is_recognised(tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("# my list\nhttp://10.1.2.3/a\n", encoding="utf-8")
    out = list(read_sources([str(urls)]))
    assert len(out) == 1 and isinstance(out[0], Quarantined) and "non-public" in out[0].reason


def test_ingest_and_quarantine_commands(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from amity.cli import app

    db = str(tmp_path / "cli.db")
    source = write_csv(tmp_path / "news.csv")
    runner = CliRunner()
    args = ["ingest", str(source), "--db", db, "--text-field", "body", "--date-field", "date",
            "--source-field", "outlet", "--quiet", "--format", "json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    summary = json.loads(first.output)
    assert (summary["processed"], summary["quarantined"]) == (2, 1)
    again = json.loads(runner.invoke(app, args).output)
    assert (again["processed"], again["skipped"]) == (0, 2)
    listed = runner.invoke(app, ["quarantine", "--db", db, "--format", "json"])
    rows = json.loads(listed.output)
    assert [r["code"] for r in rows] == ["E105"] and "no text in field 'body'" in rows[0]["reason"]


def test_news_date_layouts_are_parsed_fast(tmp_path: Path) -> None:
    path = tmp_path / "dates.csv"
    path.write_text(
        "text,when\n"
        '"Officials met.","Published: Mar 24, 2022 06:46 PM"\n'
        '"Ministers met.","15:45, 23-Mar-2022"\n'
        '"Envoys met.","Updated: 2022-03-07 17:49"\n',
        encoding="utf-8",
    )
    docs = [d for d in iter_corpus(path, JsonlFields(published="when")) if isinstance(d, Document)]
    assert [d.published.isoformat() if d.published else None for d in docs] == [
        "2022-03-24T18:46:00", "2022-03-23T15:45:00", "2022-03-07T17:49:00"]


def _rows_with_a_bad_byte(path: Path, bad: int, rows: int = 400) -> Path:
    with path.open("wb") as handle:
        handle.write(b"text,title\n")
        for i in range(rows):
            line = f'"Official {i} said China and Cambodia would cooperate on project {i}.",t{i}\n'.encode()
            handle.write(line.replace(b"cooperate", b"coop\xe9rate") if i == bad else line)
    return path


def test_a_non_utf8_byte_quarantines_its_row_only(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from amity.cli import app

    db = str(tmp_path / "bb.db")
    source = _rows_with_a_bad_byte(tmp_path / "bb.csv", bad=200)
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(source), "--db", db, "--quiet", "--format", "json", "--no-dedup"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["read"], summary["processed"], summary["quarantined"]) == (400, 399, 1)
    rows = json.loads(runner.invoke(app, ["quarantine", "--db", db, "--format", "json"]).stdout)
    assert [(r["code"], r["input"]) for r in rows] == [("E104", f"{source}:202")]
    assert "not valid UTF-8 (byte 0xe9 in column 'text')" in rows[0]["reason"]


def test_a_bad_byte_in_the_first_row_loses_no_other_row(tmp_path: Path) -> None:
    out = list(iter_corpus(_rows_with_a_bad_byte(tmp_path / "bb.csv", bad=0, rows=5)))
    assert [type(item).__name__ for item in out] == ["Quarantined"] + ["Document"] * 4
    assert isinstance(out[0], Quarantined) and out[0].input.endswith("bb.csv:2")
    assert [d.title for d in out if isinstance(d, Document)] == ["t1", "t2", "t3", "t4"]


def test_a_bad_csv_row_is_quarantined_and_reading_goes_on(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import amity.ingest.corpus as corpus

    monkeypatch.setattr(corpus, "MAX_DOCUMENT_BYTES", 200)
    path = tmp_path / "big.csv"
    path.write_text('text,title\n"Hun Sen met Xi.",a\n"' + "x" * 500 + '",b\n"Xi met Lee.",c\n', encoding="utf-8")
    limit = csv.field_size_limit()
    try:
        out = list(iter_corpus(path))
    finally:
        csv.field_size_limit(limit)
    assert isinstance(out[0], Document) and isinstance(out[2], Document) and out[2].title == "c"
    assert isinstance(out[1], Quarantined) and out[1].input.endswith("big.csv:3")
    assert "not a valid CSV row (field larger than field limit (200))" in out[1].reason


def test_a_truncated_gzip_says_where_reading_stopped(tmp_path: Path) -> None:
    data = gzip.compress(("text\n" + "".join(f'"Official {i} met Xi."\n' for i in range(2000))).encode())
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    out = list(iter_corpus(path))
    assert sum(isinstance(item, Document) for item in out) > 100
    last = out[-1]
    assert isinstance(last, Quarantined) and "cannot read the file further after line" in last.reason
    assert "read on" not in last.reason
