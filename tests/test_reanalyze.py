"""`amity reanalyze`: stale analyses are replaced as a fresh ingest would make them, new frameworks are
added from the stored text, nothing is lost when a run stops midway, and a rerun does nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text, update
from typer.testing import CliRunner

from _pg_support import fresh_database
from amity.cli import app
from amity.demo.corpus import write_demo_corpus
from amity.engine.local import DefaultPipeline, run_local
from amity.engine.reanalyze import reanalyze
from amity.errors import FrameworkError, StoreError
from amity.ingest.sources import SourceOptions, read_sources
from amity.model import Analysis, Document
from amity.store import Store, database_url
from amity.store import schema as s

# Every table an analysis writes, and the columns that differ between two runs of the same analysis.
_TABLES = ("documents", "analyses", "mentions", "statements", "codings", "statement_pillars",
           "statement_sub_areas", "statement_mechanisms", "statement_dyads", "evidence")
_VOLATILE = {"id", "ingested_at", "analyzed_at"}


def _dump(db: str | Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every analysis table's rows, sorted, without row ids and times (evidence keeps its statement id)."""
    engine = create_engine(database_url(db))
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for name in _TABLES:
            table = s.metadata.tables[name]
            keep = [c for c in table.c if c.name not in _VOLATILE or (name == "statements" and c.name == "id")]
            out[name] = sorted((tuple(r) for r in conn.execute(select(*keep))), key=repr)
    engine.dispose()
    return out


def _ingest(corpus: Path, db: str | Path, framework: str = "three-pillars") -> None:
    run_local(read_sources([str(corpus)], SourceOptions()), db, framework=framework)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("reanalyze") / "corpus"
    write_demo_corpus(directory)
    return directory


@pytest.fixture(scope="session")
def pristine(corpus: Path) -> Path:
    """The demo corpus ingested under the default framework (do not write to it: copy it)."""
    db = corpus.parent / "pristine.db"
    _ingest(corpus, db)
    return db


@pytest.fixture
def db(pristine: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "amity.db"
    shutil.copy(pristine, copy)
    return copy


def _age(db: str | Path, every: int = 3) -> list[str]:
    """Make every ``every``-th document look analysed by an older pipeline, with an old annotation: one of
    its statements gone, another's coding changed. Returns the aged document ids."""
    engine = create_engine(database_url(db))
    with engine.begin() as conn:
        ids = sorted(str(r[0]) for r in conn.execute(select(s.analyses.c.document_id)))[::every]
        conn.execute(update(s.analyses).where(s.analyses.c.document_id.in_(ids)).values(pipeline_version="0.1.0"))
        for document_id in ids:
            first = conn.execute(select(s.statements.c.id).where(s.statements.c.document_id == document_id)
                                 .order_by(s.statements.c.idx)).first()
            if first is not None:
                conn.execute(text("DELETE FROM evidence WHERE statement_id = :i"), {"i": first[0]})
                conn.execute(update(s.codings).where(s.codings.c.statement_id == first[0]).values(tone="conflictual"))
        last = conn.execute(select(s.statements.c.id).where(s.statements.c.document_id == ids[0])
                            .order_by(s.statements.c.idx.desc())).first()
        assert last is not None
        for table in (s.evidence, s.statement_dyads, s.statement_mechanisms, s.statement_sub_areas,
                      s.statement_pillars, s.codings):
            conn.execute(table.delete().where(table.c.statement_id == last[0]))
        conn.execute(s.statements.delete().where(s.statements.c.id == last[0]))
    engine.dispose()
    return ids


def _documents(db: str | Path) -> int:
    with Store(db) as store:
        return store.counts()["documents"]


def test_a_current_database_is_left_alone(db: Path) -> None:
    before = _dump(db)
    n = _documents(db)
    summary = reanalyze(db)
    assert n > 30 and summary.documents == n and summary.up_to_date == n
    assert summary.refreshed == summary.added == summary.statements == 0
    assert _dump(db) == before


def test_stale_analyses_become_what_a_fresh_ingest_makes(db: Path, pristine: Path) -> None:
    aged = _age(db)
    assert _dump(db) != _dump(pristine)
    with Store(db) as store:
        assert store.stale_analyses() == len(aged)
    summary = reanalyze(db)
    assert (summary.refreshed, summary.up_to_date, summary.added) == (len(aged), _documents(db) - len(aged), 0)
    assert _dump(db) == _dump(pristine)
    with Store(db) as store:
        assert store.stale_analyses() == 0
    again = reanalyze(db)  # idempotent: nothing left to do
    assert again.refreshed == 0 and again.up_to_date == _documents(db)


def test_a_new_framework_is_coded_from_the_stored_text(db: Path, corpus: Path, tmp_path: Path) -> None:
    summary = reanalyze(db, frameworks=["lmc"])
    assert summary.added == _documents(db) and summary.refreshed == 0
    both = tmp_path / "both.db"
    _ingest(corpus, both)
    _ingest(corpus, both, framework="lmc")
    assert _dump(db) == _dump(both)
    with Store(db) as store:
        assert sorted(store.frameworks()) == ["lmc", "three-pillars"]


def test_stale_documents_are_coded_again_under_every_framework_they_had(db: Path, corpus: Path,
                                                                      tmp_path: Path) -> None:
    reanalyze(db, frameworks=["lmc"])
    aged = _age(db, every=4)
    summary = reanalyze(db)
    assert summary.refreshed == len(aged)
    both = tmp_path / "both.db"
    _ingest(corpus, both)
    _ingest(corpus, both, framework="lmc")
    assert _dump(db) == _dump(both)


def test_stored_documents_read_back_as_ingested(db: Path, corpus: Path) -> None:
    originals = {d.id: d for d in read_sources([str(corpus)], SourceOptions()) if isinstance(d, Document)}
    with Store(db) as store:
        loaded = store.load_documents([*sorted(originals), "no-such-document"])
    assert len(loaded) == len(originals)
    for document in loaded:
        original = originals[document.id]
        assert document.text == original.text
        assert (document.title, document.source, document.url, document.authors, document.dateline) == (
            original.title, original.source, original.url, original.authors, original.dateline)
        assert document.provenance is not None and original.provenance is not None
        assert document.provenance.to_dict() == original.provenance.to_dict()
        assert document.extra["cluster_id"]


def test_a_framework_that_cannot_load_stops_the_run_before_any_change(db: Path) -> None:
    _age(db)
    engine = create_engine(database_url(db))
    with engine.begin() as conn:  # as if it had been ingested with --framework my-framework.yaml
        conn.execute(update(s.analyses).values(framework="my-framework"))
        conn.execute(update(s.codings).values(framework="my-framework"))
    engine.dispose()
    before = _dump(db)
    with pytest.raises(FrameworkError, match="my-framework"):
        reanalyze(db)
    assert _dump(db) == before


class _FailAfter:
    """A pipeline factory whose pipelines raise at the ``n``-th document they analyse (all together)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.seen = 0

    def __call__(self, framework: str | Path) -> Any:
        pipeline = DefaultPipeline(str(framework))()
        outer = self

        class Failing:
            framework_id = pipeline.framework_id

            def analyze(self, document: Document) -> Analysis:
                outer.seen += 1
                if outer.seen == outer.n:
                    raise RuntimeError("killed")
                return pipeline.analyze(document)

        return Failing()


def test_a_run_that_stops_midway_keeps_finished_batches_and_a_rerun_completes(db: Path, pristine: Path) -> None:
    aged = _age(db, every=2)
    assert len(aged) > 12
    with pytest.raises(RuntimeError, match="killed"):
        reanalyze(db, batch_size=4, pipeline_factory=_FailAfter(11))  # batches 1 and 2 are stored, 3 fails
    with Store(db) as store:
        assert store.stale_analyses() == len(aged) - 8
    summary = reanalyze(db)
    assert summary.refreshed == len(aged) - 8
    assert _dump(db) == _dump(pristine)


def test_postgres_reanalysis_matches_a_fresh_ingest(corpus: Path) -> None:
    with fresh_database("amity_reanalyze") as url:
        _ingest(corpus, url)
        expected = _dump(url)
        aged = _age(url)
        summary = reanalyze(url)
        assert summary.refreshed == len(aged)
        assert _dump(url) == expected


def test_cli(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    _age(db)
    info = runner.invoke(app, ["db", "info", "--db", str(db)])
    assert info.exit_code == 0, info.output
    assert "14 analyses made by an older pipeline" in info.output and "amity reanalyze" in info.output
    done = runner.invoke(app, ["reanalyze", "--db", str(db), "--format", "json", "-q"])
    assert done.exit_code == 0, done.output
    result = json.loads(done.output)
    assert (result["refreshed"], result["up_to_date"]) == (14, _documents(db) - 14)
    added = runner.invoke(app, ["reanalyze", "--db", str(db), "-f", "asean", "-q", "--jobs", "2"])
    assert added.exit_code == 0 and "codings added" in added.output
    unknown = runner.invoke(app, ["reanalyze", "--db", str(db), "-f", "nope", "-q"])
    assert unknown.exit_code == 2 and "unknown framework" in unknown.output and "three-pillars" in unknown.output
    missing = runner.invoke(app, ["reanalyze", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no such database file" in missing.output


def test_ingest_rerun_points_to_reanalyze_when_stored_analyses_are_stale(db: Path, corpus: Path) -> None:
    runner = CliRunner()
    current = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "-q"])
    assert current.exit_code == 0 and "amity reanalyze" not in current.output
    _age(db)
    stale = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "-q"])
    assert stale.exit_code == 0, stale.output
    assert "14 stored analyses were made by an older pipeline" in stale.output
    assert "amity reanalyze --db" in stale.output


def _coded(db: str | Path, framework: str) -> list[tuple[Any, ...]]:
    """Each coding under ``framework`` with the statement it is attached to (text, kind, pillar, dyads)."""
    engine = create_engine(database_url(db))
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT s.document_id, s.text, s.kind, c.primary_pillar, c.dyads, c.tone FROM codings c "
            "JOIN statements s ON s.id = c.statement_id WHERE c.framework = :f"), {"f": framework}).all()
    engine.dispose()
    return sorted((tuple(r) for r in rows), key=repr)


def test_other_annotation_options_never_mix_statements(db: Path, pristine: Path, corpus: Path,
                                                       tmp_path: Path) -> None:
    """lmc without acts next to three-pillars with acts: each framework's codings sit on its own statements."""
    reference = tmp_path / "noacts.db"
    run_local(read_sources([str(corpus)], SourceOptions()), reference, framework="lmc",
              pipeline_factory=DefaultPipeline("lmc", acts=False))
    expected = _coded(reference, "lmc")
    assert expected and all(kind != "act" for _, _, kind, *_ in expected)

    summary = reanalyze(db, frameworks=["lmc"], acts=False)
    assert summary.added == _documents(db) and summary.refreshed == 0
    assert _coded(db, "lmc") == expected
    assert _coded(db, "three-pillars") == _coded(pristine, "three-pillars")  # acts and all, untouched

    ingested = tmp_path / "ingested.db"
    shutil.copy(pristine, ingested)
    run_local(read_sources([str(corpus)], SourceOptions()), ingested, framework="lmc",
              pipeline_factory=DefaultPipeline("lmc", acts=False))
    assert _coded(ingested, "lmc") == expected
    info = CliRunner().invoke(app, ["db", "info", "--db", str(ingested)])
    n = _documents(ingested)
    assert f"frameworks: lmc ({n} documents; without acts), three-pillars ({n} documents)" in info.output


def test_ingest_does_not_code_a_stale_document_under_another_framework(db: Path, corpus: Path,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    aged = _age(db)
    with caplog.at_level("WARNING", logger="amity.store.store"):
        _ingest(corpus, db, framework="lmc")
    assert "amity reanalyze" in caplog.text
    with Store(db) as store:
        coded = {r["document_id"] for r in store.statements(framework="lmc")}
    assert coded and not coded & set(aged)  # codings of fresh statements never land on an old annotation
    reanalyze(db)  # what the warning says; then the same ingest finishes the job
    _ingest(corpus, db, framework="lmc")
    with Store(db) as store:
        assert store.stale_analyses() == 0
        assert set(aged) <= {r["document_id"] for r in store.statements(framework="lmc")}


def test_db_info_tells_the_statements_of_each_annotation_apart(db: Path) -> None:
    plain = CliRunner().invoke(app, ["db", "info", "--db", str(db)])
    assert plain.exit_code == 0 and "default annotation" not in plain.output
    with Store(db) as store:
        default = store.counts()["statements"]
    reanalyze(db, frameworks=["lmc"], acts=False)  # the same documents again, without acts: a second set
    with Store(db) as store:
        tagged = store.tagged_statements()
        assert tagged > 0 and store.counts()["statements"] == default + tagged
    info = CliRunner().invoke(app, ["db", "info", "--db", str(db)])
    assert f"{default} come from the default annotation and {tagged} from annotation with other options" in " ".join(
        info.output.split())


def test_analyses_of_a_newer_amity_are_left_alone(db: Path) -> None:
    engine = create_engine(database_url(db))
    with engine.begin() as conn:
        ids = sorted(str(r[0]) for r in conn.execute(select(s.analyses.c.document_id)))[:5]
        conn.execute(update(s.analyses).where(s.analyses.c.document_id.in_(ids)).values(pipeline_version="9.0.0"))
    engine.dispose()
    before = _dump(db)
    summary = reanalyze(db, everything=True)
    assert summary.newer == 5 and summary.refreshed == _documents(db) - 5
    after = _dump(db)
    assert [r for r in after["analyses"] if r[0] in ids] == [r for r in before["analyses"] if r[0] in ids]
    info = CliRunner().invoke(app, ["db", "info", "--db", str(db)])
    assert "5 analyses made by a newer Amity" in info.output


def test_a_framework_added_by_another_writer_midway_is_not_lost(db: Path) -> None:
    intruder = DefaultPipeline("asean")()

    class Racing:
        """Analyses like the default pipeline; before the first, another writer codes that document under asean."""

        def __init__(self, framework: str | Path) -> None:
            self.inner = DefaultPipeline(str(framework))()
            self.framework_id = self.inner.framework_id
            self.raced = False

        def analyze(self, document: Document) -> Analysis:
            if not self.raced:
                self.raced = True
                with Store(db) as other:
                    assert other.save(intruder.analyze(document))
            return self.inner.analyze(document)

    with pytest.raises(StoreError, match="another writer"):
        reanalyze(db, everything=True, pipeline_factory=Racing)
    with Store(db) as store:
        assert "asean" in store.frameworks()  # the purge that would have lost it did not happen
    summary = reanalyze(db, everything=True)  # the rerun plans asean for that document too
    assert summary.refreshed == _documents(db)
    with Store(db) as store:
        assert len([r for r in store.statements(framework="asean")]) > 0


def test_jobs_give_the_serial_result(db: Path, pristine: Path) -> None:
    aged = _age(db, every=2)
    summary = reanalyze(db, jobs=2, batch_size=3)
    assert summary.refreshed == len(aged) and summary.finished == summary.todo
    assert _dump(db) == _dump(pristine)
