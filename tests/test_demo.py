"""The invented demo corpus and `amity demo`: formats, markers, coverage after analysis, idempotence."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _demo_support import build_demo
from amity.cli import app
from amity.demo import NOTICE, DemoResult, demo_articles, write_demo_corpus
from amity.demo.corpus import _article
from amity.errors import DataFileError
from amity.ingest import read_documents
from amity.model import Document, Quarantined
from amity.store import Store

REAL_OUTLETS = ("Xinhua", "Reuters", "Associated Press", "AFP", "CGTN", "Global Times", "China Daily", "Bernama",
                "Kyodo", "Yonhap", "Antara", "VNA", "Bangkok Post", "Khmer Times")


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return build_demo(tmp_path_factory.getbasetemp() / "demo")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("corpus")
    write_demo_corpus(directory)
    return directory


def _digests(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def _documents(paths: list[Path]) -> Iterator[Document | Quarantined]:
    return read_documents(paths)


def test_corpus_has_36_articles_in_three_formats(corpus: Path) -> None:
    articles = demo_articles()
    assert len(articles) >= 36
    assert {a.format for a in articles} == {"wire", "html", "jsonl"}
    suffixes = {p.suffix for p in (corpus / "articles").rglob("*") if p.is_file()}
    assert suffixes == {".txt", ".html", ".jsonl"}


def test_every_written_file_says_it_is_invented(corpus: Path) -> None:
    files = [p for p in corpus.rglob("*") if p.is_file()]
    assert (corpus / "README.md") in files
    for path in files:
        assert NOTICE in path.read_text(encoding="utf-8"), path
    for line in (corpus / "articles" / "jsonl" / "demo-articles.jsonl").read_text(encoding="utf-8").splitlines():
        assert json.loads(line)["notice"] == NOTICE


def test_outlets_are_invented_and_articles_span_two_years() -> None:
    articles = demo_articles()
    for article in articles:
        assert not any(real.lower() in article.source.lower() for real in REAL_OUTLETS), article.source
        for paragraph in article.paragraphs:
            assert not re.search(r"\((Xinhua|Reuters|AP|AFP)\)", paragraph)
    quarters = {(a.published.year, (a.published.month - 1) // 3) for a in articles}
    assert {a.published.year for a in articles} == {2023, 2024}
    assert len(quarters) == 8


def test_writing_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first = write_demo_corpus(tmp_path / "a")
    again = write_demo_corpus(tmp_path / "a")
    other = write_demo_corpus(tmp_path / "b")
    assert first == again
    assert [p.name for p in first] == [p.name for p in other]
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")


def test_readers_turn_the_corpus_into_dated_documents(corpus: Path) -> None:
    items = list(_documents([corpus / "articles"]))
    docs = [d for d in items if isinstance(d, Document)]
    assert not [q for q in items if isinstance(q, Quarantined)]
    assert len(docs) >= 30
    assert len({d.id for d in docs}) == len(docs)
    readers = {d.provenance.reader for d in docs if d.provenance}
    assert readers >= {"wire", "html", "jsonl"}
    for doc in docs:
        assert doc.title and doc.published is not None and doc.published.year in (2023, 2024), doc.path
        assert doc.source and doc.source != "Xinhua"
        assert "(Mekong Wire) --" not in doc.text and "(Asia Demo Daily) --" not in doc.text


def test_article_entries_are_validated() -> None:
    with pytest.raises(DataFileError, match="'title'"):
        _article({"slug": "x", "format": "wire", "source": "S", "published": "2023-01-01", "dateline": "X",
                  "paragraphs": ["p"], "authors": ["a"]}, "articles[0]")
    with pytest.raises(DataFileError, match="'format'"):
        _article({"slug": "x", "format": "pdf", "source": "S", "published": "2023-01-01", "dateline": "X",
                  "title": "t", "paragraphs": ["p"], "authors": ["a"]}, "articles[0]")


def test_demo_database_covers_pairs_and_pillars(demo: DemoResult) -> None:
    assert demo.batch.quarantined == []
    assert demo.data.documents >= 30
    with Store(demo.db) as store:
        rows = [r for r in store.statements(framework="three-pillars") if r["relevant"]]
    pairs = {tuple(sorted(d)) for r in rows for d in r["dyads"]}
    assert len(pairs) >= 5
    assert {("CHN", "KHM"), ("CHN", "PHL"), ("CHN", "VNM")} <= pairs
    assert {r["primary_pillar"] for r in rows} >= {"P1", "P2", "P3"}
    assert any(r["tone"] == "conflictual" for r in rows)
    assert any(r["speaker_name"] and r["speaker_type"] == "person" for r in rows)
    assert demo.report.is_file() and demo.markdown.is_file()


def test_rerun_changes_nothing(demo: DemoResult) -> None:
    with Store(demo.db) as store:
        before = store.counts()
    report_before = demo.report.read_bytes()
    again = build_demo.__wrapped__(demo.corpus_dir.parent)
    assert again.batch.processed == 0
    assert again.batch.skipped == demo.data.documents
    with Store(demo.db) as store:
        assert store.counts() == before
    assert demo.report.read_bytes() == report_before


def test_cli_demo_in_a_fresh_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "Amity demo" in result.output and "country pairs" in result.output
    base = tmp_path / "amity-demo"
    assert (base / "corpus" / "README.md").is_file()
    assert (base / "amity.db").is_file()
    assert (base / "report.html").is_file() and (base / "report.md").is_file()
    with Store(base / "amity.db") as store:
        counts = store.counts()
    again = runner.invoke(app, ["demo"])
    assert again.exit_code == 0, again.output
    assert "already stored" in again.output
    with Store(base / "amity.db") as store:
        assert store.counts() == counts


def test_cli_demo_options(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [
        "demo", "--dir", str(tmp_path / "c"), "--db", str(tmp_path / "x.db"), "--out", str(tmp_path / "r" / "x.html"),
    ])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c" / "articles" / "wire").is_dir()
    assert (tmp_path / "r" / "x.html").is_file() and (tmp_path / "r" / "x.md").is_file()


def test_cli_demo_unknown_framework(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--dir", str(tmp_path / "c"), "--db", str(tmp_path / "x.db"),
                                      "--out", str(tmp_path / "x.html"), "--framework", "no-such-framework"])
    assert result.exit_code == 2
    assert not (tmp_path / "c").exists()  # nothing is written before the framework is known
