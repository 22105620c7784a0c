"""Indicators: numbers worked out by hand on a small store, summaries equal to the exact SQL, CLI, export."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

pl = pytest.importorskip("polars")

import amity  # noqa: E402
import amity.indicators as ai  # noqa: E402
from amity.cli import app  # noqa: E402
from amity.errors import ConfigError, StoreError  # noqa: E402
from amity.indicators import compute  # noqa: E402
from amity.indicators.scope import Scope, period_bounds, period_label, period_sql  # noqa: E402
from amity.indicators.synthetic import populate, sample_analyses  # noqa: E402
from amity.indicators.weights import speaker_level, speaker_level_sql  # noqa: E402
from amity.store import Store  # noqa: E402


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("indicators") / "sample.db"
    with Store(path) as store:
        assert store.save_many(sample_analyses()) == 7
    return path


@pytest.fixture(scope="session")
def synthetic_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("indicators") / "synthetic.db"
    with Store(path) as store:
        populate(store.engine, 3000, seed=11)
    return path


def _row(frame: pl.DataFrame, period: str, pillar: str) -> dict[str, object]:
    rows = frame.filter((pl.col("period") == period) & (pl.col("pillar") == pillar)).to_dicts()
    assert len(rows) == 1
    return rows[0]


def test_quantity_quality_momentum_and_balance_by_hand(sample_db: Path) -> None:
    frame = ai.indicators(sample_db, dyad=("KHM", "CHN"), by="quarter")
    assert frame["period"].unique(maintain_order=True).to_list() == ["2024-Q1", "2024-Q2"]
    q1 = _row(frame, "2024-Q1", "all")
    # three relevant dated statements; the football one is not relevant, the exercise is undated
    assert (q1["statements"], q1["stories"]) == (3, 2)
    # weights: PM x act x material = 1.0; PM x aspiration x verbal = 0.24; FM x pledge x verbal = 0.336
    assert q1["weighted"] == pytest.approx(1.576)
    assert q1["quality"] == pytest.approx(1.576 / 3, abs=1e-4)
    assert (q1["head"], q1["minister"], q1["material"], q1["verbal"], q1["act"], q1["pledge"]) == (2, 1, 1, 2, 1, 1)
    assert q1["balance"] == pytest.approx(1.0)
    assert _row(frame, "2024-Q1", "P2")["share"] == pytest.approx(1 / 3)
    q2 = _row(frame, "2024-Q2", "all")
    # story-b started in Q1, so Q2 has one new story (story-d)
    assert (q2["statements"], q2["stories"]) == (2, 1)
    assert q2["net_tone"] == pytest.approx(-0.5)  # one neutral, one conflictual
    assert (q2["change"], q2["pct_change"], q2["trend"]) == (-1, pytest.approx(-1 / 3, abs=1e-4), -1.0)
    assert q2["balance"] == pytest.approx(0.6309, abs=1e-4)  # ln 2 / ln 3: two of three pillars, evenly
    assert _row(frame, "2024-Q2", "P3")["statements"] == 0  # empty pillars are rows of zeros


def test_country_against_all_and_filters(sample_db: Path) -> None:
    khm = ai.indicators(sample_db, country="KHM", by="year")
    # the analyst's statement is coded to two KHM dyads but counts once
    assert _row(khm, "2024", "all")["statements"] == 6
    p3 = ai.indicators(sample_db, country="KHM", by="year", pillar="P3")
    assert p3["pillar"].unique().to_list() == ["P3"] and p3["statements"].sum() == 2
    month = ai.indicators(sample_db, dyad="CHN-KHM", by="month", start="2024-02-01", end="2024-05-01")
    assert month.filter(pl.col("pillar") == "all")["statements"].to_list() == [1, 0, 1]
    subs = ai.indicators(sample_db, dyad="CHN-KHM", by="year", sub_area="education_training")
    assert _row(subs, "2024", "all")["statements"] == 1


def test_breakdowns(sample_db: Path) -> None:
    subs = ai.sub_areas(sample_db, dyad="KHM-CHN")
    assert set(subs["sub_area"]) == {"infrastructure_connectivity", "education_training", "foreign_policy_coordination",
                                     "high_level_dialogue", "trade_market_access", "defence_security"}
    assert subs["share"].sum() == pytest.approx(1.0, abs=1e-3)  # shares are rounded to 4 places
    assert subs.filter(pl.col("sub_area") == "defence_security")["pillar"].item() == "P1"
    mech = ai.mechanisms(sample_db, dyad="KHM-CHN")
    assert dict(zip(mech["mechanism"], mech["statements"], strict=True)) == {"BRI": 1, "LMC": 1}
    co = ai.mechanism_pillars(sample_db, dyad="KHM-CHN")
    assert sorted(zip(co["mechanism"], co["pillar"], strict=True)) == [("BRI", "P2"), ("LMC", "P2")]
    speakers = ai.speakers(sample_db, dyad="KHM-CHN")
    assert speakers.row(0, named=True)["name"] == "Sok Dara" and speakers.row(0, named=True)["level"] == "head"
    assert set(speakers["level"]) == {"head", "minister", "senior", "non_official"}
    quality = ai.quality(sample_db, dyad="KHM-CHN").filter(pl.col("dimension") == "tone")
    assert dict(zip(quality["value"], quality["statements"], strict=True)) == {
        "cooperative": 4, "neutral": 1, "conflictual": 1}
    dyads = ai.dyads(sample_db)
    assert dyads["dyad"].to_list() == ["CHN-KHM", "KHM-USA"]
    assert dyads.row(0, named=True)["statements"] == 6 and dyads.row(0, named=True)["P1"] == 3


def test_summaries_equal_the_exact_queries(synthetic_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scopes = [Scope(), Scope.build(dyad="KHM-CHN"), Scope.build(country="USA"),
              Scope.build(dyad="CHN-KHM", pillar="P2", start="2020-01-01", end="2022-07-01")]
    calls = [(compute.timeline_rows, {"by": "month"}), (compute.sub_area_rows, {}), (compute.mechanism_rows, {}),
             (compute.mechanism_pillar_rows, {}), (compute.speaker_rows, {}), (compute.quality_rows, {})]
    results = []
    for use_summaries in (True, False):
        if not use_summaries:
            monkeypatch.setattr(compute, "_summaries", lambda *a, **k: False)
        results.append([fn(synthetic_db, scope, **kw) for scope in scopes for fn, kw in calls
                        if scope.start is None or fn is compute.timeline_rows])
    fast, exact = results
    assert fast == exact
    assert any(r["statements"] for r in fast[0])


def test_summaries_update_incrementally(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "grow.db"
    analyses = sample_analyses()
    with Store(path) as store:
        # story-b's April article first, its February article later: the story moves to Q1
        store.save_many([analyses[0], analyses[2]])
        first = ai.indicators(path, dyad="CHN-KHM", by="quarter")
        assert (_row(first, "2024-Q2", "all")["stories"], _row(first, "2024-Q1", "all")["stories"]) == (1, 1)
        store.save_many([analyses[1]])
        moved = ai.indicators(path, dyad="CHN-KHM", by="quarter")
        assert (_row(moved, "2024-Q2", "all")["stories"], _row(moved, "2024-Q1", "all")["stories"]) == (0, 2)
        store.save_many(analyses[3:])
    grown = ai.indicators(path, dyad="CHN-KHM", by="quarter")
    monkeypatch.setattr(compute, "_summaries", lambda *a, **k: False)
    assert grown.equals(ai.indicators(path, dyad="CHN-KHM", by="quarter"))
    assert grown["statements"].sum() == 5 * 2 + 0  # pillar rows plus the 'all' rows


def test_python_api_entry_points(sample_db: Path) -> None:
    frame = amity.indicators(sample_db, dyad=("KHM", "CHN"), by="quarter")
    assert isinstance(frame, pl.DataFrame) and frame.height == 8
    assert ai(sample_db, dyad="KHM-CHN").height == 8  # the module itself is callable too
    with Store(sample_db) as store:
        assert ai.indicators(store, dyad="KHM-CHN").equals(frame)


def test_errors_name_the_input(sample_db: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="KHM-KHM"):
        ai.indicators(sample_db, dyad="KHM-KHM")
    with pytest.raises(ConfigError, match="fortnight"):
        ai.indicators(sample_db, by="fortnight")
    with pytest.raises(StoreError, match="not found"):
        ai.indicators(tmp_path / "missing.db")


@pytest.mark.parametrize("moment", [datetime(2024, 1, 1), datetime(2024, 3, 31, 23), datetime(2023, 12, 31, 12),
                                    datetime(2024, 7, 7), datetime(2024, 11, 18, 5)])
@pytest.mark.parametrize("by", ["week", "month", "quarter", "year"])
def test_period_labels_agree_between_sql_and_python(sample_db: Path, moment: datetime, by: str) -> None:
    engine = Store(sample_db).engine
    from sqlalchemy import DateTime, bindparam, text

    with engine.connect() as conn:
        label = conn.execute(text(f"SELECT {period_sql(':m', by, 'sqlite')}").bindparams(
            bindparam("m", type_=DateTime())), {"m": moment}).scalar_one()
    assert label == period_label(moment, by)
    start, end = period_bounds(label, by)
    assert start <= moment < end


def test_speaker_levels_same_in_sql_and_python(sample_db: Path) -> None:
    titles = ["Prime Minister", "Deputy Prime Minister", "Vice Foreign Minister", "Foreign Minister", "President",
              "Vice President", "Ambassador", "spokesperson", "Director General", "embassy official",
              "banking analyst", "professor", "King", "Secretary of State", "",
              "Special Presidential Envoy for Climate Change", "Spokesman for the Prime Minister",
              "Minister of Foreign Affairs and International Cooperation", "National Security Adviser",
              "High Representative for Foreign Affairs and Security Policy", "Senate President"]
    engine = Store(sample_db).engine
    from sqlalchemy import text

    with engine.connect() as conn:
        for title in titles:
            sql = speaker_level_sql("(' ' || lower(:t) || ' ')", "'person'")
            assert conn.execute(text(f"SELECT {sql}"), {"t": title}).scalar_one() == speaker_level(title), title
    assert [speaker_level(t) for t in ("Prime Minister", "Vice Foreign Minister", "banking analyst")] == [
        "head", "senior", "non_official"]


@pytest.mark.parametrize(("title", "level"), [
    ("Special Presidential Envoy for Climate Change", "senior"),  # "presidential" is no president
    ("Spokesman for the Prime Minister", "senior"),  # a head's spokesman is not the head
    ("Adviser to the President", "official"),
    ("Minister of Foreign Affairs and International Cooperation", "minister"),
    ("Deputy Prime Minister and Minister of Foreign Affairs", "minister"),
    ("National Security Adviser", "senior"),
    ("President", "head"),
    ("Senate President", "senior"),  # a legislature's president is not the head of state
    ("National Assembly President", "senior"),
    ("General Secretary of the Communist Party", "head"),
])
def test_speaker_level_reads_titles_with_their_complements(title: str, level: str) -> None:
    assert speaker_level(title) == level


runner = CliRunner()


def test_cli_indicators_formats(sample_db: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["indicators", "--db", str(sample_db), "--dyad", "KHM-CHN", "--by", "quarter"])
    assert result.exit_code == 0, result.output
    assert "2024-Q1" in result.output
    result = runner.invoke(app, ["indicators", "--db", str(sample_db), "--dyad", "KHM-CHN", "--format", "json"])
    rows = json.loads(result.stdout)
    assert {r["period"] for r in rows} == {"2024-Q1", "2024-Q2"}
    out = tmp_path / "ind.csv"
    result = runner.invoke(app, ["indicators", "--db", str(sample_db), "--country", "KHM", "--by", "year",
                                 "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0
    assert next(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))["period"] == "2024"
    parquet = tmp_path / "ind.parquet"
    result = runner.invoke(app, ["indicators", "--db", str(sample_db), "--format", "parquet", "--out", str(parquet)])
    assert result.exit_code == 0 and pl.read_parquet(parquet).height == 12  # Q1-Q3 x (3 pillars + all)
    result = runner.invoke(app, ["indicators", "--db", str(sample_db), "--dyad", "KHMCHN"])
    assert result.exit_code == 2 and "E700" in result.output


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_cli_export_statements(sample_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"statements.{fmt}"
    result = runner.invoke(app, ["export", "statements", "--db", str(sample_db), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
        assert json.loads(rows[0]["pillars"])
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert all(isinstance(r["pillars"], list) for r in rows)
    else:
        rows = pl.read_parquet(out).to_dicts()
    assert len(rows) == 8  # every statement, the irrelevant one too
    assert {r["document_title"] for r in rows} >= {"Railway deal signed", "Undated exercise"}


@pytest.fixture
def pg_db() -> Iterator[str]:
    """A fresh PostgreSQL database holding the sample analyses (skips locally without a server)."""
    from _pg_support import fresh_database

    with fresh_database("amity_ind") as target:
        with Store(target) as store:
            store.save_many(sample_analyses())
        yield target


def test_postgresql_gives_the_same_numbers(pg_db: str, sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from amity.indicators.statements import search_statements

    def everything(db: object) -> list[object]:
        out: list[object] = []
        for by in ("week", "month", "quarter", "year"):
            out.append(compute.timeline_rows(db, Scope.build(dyad="KHM-CHN"), by))
        out.append(compute.timeline_rows(db, Scope.build(country="KHM", pillar="P1"), "month"))
        for fn in (compute.sub_area_rows, compute.mechanism_rows, compute.mechanism_pillar_rows,
                   compute.speaker_rows, compute.quality_rows, compute.dyad_rows):
            out.append(fn(db, Scope()))
        return out

    on_pg = everything(pg_db)
    assert on_pg == everything(str(sample_db))
    monkeypatch.setattr(compute, "_summaries", lambda *a, **k: False)
    assert everything(pg_db) == on_pg
    total, rows = search_statements(pg_db, Scope(), q="railway agreement")
    assert total == 1 and "railway" in rows[0]["text"]
    total, rows = search_statements(pg_db, Scope.build(dyad="CHN-KHM"), period="2024-Q2", by="quarter")
    assert total == 2 and rows[0]["published"].startswith("2024-05-01")
