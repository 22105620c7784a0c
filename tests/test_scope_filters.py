"""Indicator and statement filters: a value that names nothing is an error naming it and the valid ones (API,
Python, CLI), never an empty result; lists honour limit/offset; unknown parameters are refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("fastapi")
pl = pytest.importorskip("polars")

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import event  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

import amity  # noqa: E402
from _http_support import serve_app  # noqa: E402
from amity.cli import app  # noqa: E402
from amity.errors import ConfigError  # noqa: E402
from amity.indicators import compute  # noqa: E402
from amity.indicators.scope import Scope, check_scope, engine_of  # noqa: E402
from amity.indicators.synthetic import analysis_from_spec, populate, sample_analyses  # noqa: E402
from amity.store import Store  # noqa: E402
from amity.web import create_app  # noqa: E402

runner = CliRunner()
THREE_PILLARS = "P1, P2, P3"
LMC_PILLARS = "economic_sustainable_development, political_security, social_cultural"


def _lmc_analysis() -> Any:
    text = "Laos and China agreed to deepen political trust under the Lancang-Mekong Cooperation."
    return analysis_from_spec(text, title="LMC trust", published=datetime(2024, 3, 5), cluster="lmc-1",
                              framework="lmc", statements=[{
                                  "quote": "deepen political trust", "pillars": ["political_security"],
                                  "mechanisms": ["LMC"], "dyads": [("LAO", "CHN")], "tone": "cooperative"}])


@pytest.fixture(scope="session")
def filters_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The API tests' sample store (three-pillars only), built the same way as in test_api.py."""
    path = tmp_path_factory.mktemp("filters") / "filters.db"
    with Store(path) as store:
        store.save_many(sample_analyses())
    return path


@pytest.fixture(scope="session")
def two_frameworks_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("filters") / "two.db"
    with Store(path) as store:
        store.save_many([*sample_analyses(), _lmc_analysis()])
    return path


@pytest.fixture(scope="session")
def client(filters_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(filters_db)) as test_client:
        yield test_client


def error_of(response: httpx.Response, status: int = 400, code: str = "E700") -> dict[str, Any]:
    """The documented error shape: {"error": {"code", "message", "detail": {"input", "hint"}}}."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "detail"}
    assert body["error"]["code"] == code
    return body["error"]  # type: ignore[no-any-return]  # json() is untyped


# -- 1. values that name nothing ---------------------------------------------------------------------------

@pytest.mark.parametrize(("params", "message", "bad", "hint"), [
    ({"framework": "nope"}, "no analyses under framework 'nope'", "nope", "stored frameworks: three-pillars"),
    ({"framework": "lmc", "pillar": "P1"}, "no analyses under framework 'lmc'", "lmc",
     "stored frameworks: three-pillars"),
    ({"pillar": "P9"}, "unknown pillar 'P9' in framework 'three-pillars'", "P9", f"valid pillars: {THREE_PILLARS}"),
    ({"sub_area": "zzz"}, "unknown sub-area 'zzz' in framework 'three-pillars'", "zzz", "education_training"),
])
@pytest.mark.parametrize("path", ["/api/indicators", "/api/indicators/speakers", "/api/dyads", "/api/statements"])
def test_api_names_the_bad_value_and_the_valid_ones(client: TestClient, path: str, params: dict[str, str],
                                                     message: str, bad: str, hint: str) -> None:
    error = error_of(client.get(path, params=params))
    assert error["message"] == message
    assert error["detail"]["input"] == bad and hint in error["detail"]["hint"]


def test_pillar_is_checked_against_the_chosen_framework(two_frameworks_db: Path) -> None:
    with TestClient(create_app(two_frameworks_db)) as http:
        error = error_of(http.get("/api/indicators", params={"framework": "lmc", "pillar": "P1"}))
        assert error["message"] == "unknown pillar 'P1' in framework 'lmc'"
        assert error["detail"]["hint"] == f"valid pillars: {LMC_PILLARS}"
        rows = http.get("/api/indicators", params={"framework": "lmc", "pillar": "political_security"}).json()
        assert [(r["period"], r["statements"]) for r in rows["items"]] == [("2024-Q1", 1)]
        # P1 is a three-pillars pillar: fine there
        assert http.get("/api/indicators", params={"pillar": "P1"}).status_code == 200
        # ids are matched without regard to case and echoed as stored
        assert http.get("/api/indicators", params={"pillar": "p1"}).json()["scope"]["pillar"] == "P1"


def test_python_api_raises_instead_of_an_empty_frame(filters_db: Path) -> None:
    with pytest.raises(ConfigError, match=r"no analyses under framework 'lmc' \(stored frameworks: three-pillars\)"):
        amity.indicators(filters_db, dyad="KHM-CHN", framework="lmc")
    with pytest.raises(ConfigError, match=rf"P9.*valid pillars: {THREE_PILLARS}"):
        amity.indicators(filters_db, pillar="P9")
    with pytest.raises(ConfigError, match="zzz"):
        compute.sub_area_rows(filters_db, Scope.build(sub_area="zzz"))
    assert amity.indicators(filters_db, dyad="KHM-CHN", pillar="p2").height > 0


def test_empty_store_knows_only_real_frameworks(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    Store(path).close()
    assert compute.timeline_rows(path, Scope.build(framework="lmc"), "quarter") == []  # bundled: nothing yet
    with pytest.raises(ConfigError, match=r"unknown framework 'nope'.*bundled frameworks: .*three-pillars"):
        compute.timeline_rows(path, Scope.build(framework="nope"), "quarter")


def test_cli_errors_in_one_line_with_a_non_zero_exit(filters_db: Path) -> None:
    result = runner.invoke(app, ["indicators", "--db", str(filters_db), "--dyad", "KHM-CHN", "--framework", "lmc"])
    assert result.exit_code == 2
    assert "no analyses under framework 'lmc' (stored frameworks: three-pillars)" in result.output
    assert "No dated" not in result.output
    result = runner.invoke(app, ["indicators", "--db", str(filters_db), "--pillar", "P9"])
    assert result.exit_code == 2 and f"valid pillars: {THREE_PILLARS}" in result.output
    result = runner.invoke(app, ["export", "statements", "--db", str(filters_db), "--pillar", "P9",
                                 "--out", "unused.csv"])
    assert result.exit_code == 2 and "P9" in result.output


def test_checks_cost_no_query_once_values_are_known(filters_db: Path) -> None:
    engine = engine_of(filters_db)
    scope = Scope.build(pillar="p1", sub_area="education_training", mechanism="lmc")
    checked = check_scope(engine, scope)
    assert (checked.pillar, checked.sub_area, checked.mechanism) == ("P1", "education_training", "LMC")
    queries: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: queries.append(args[2]))
    for _ in range(3):
        assert check_scope(engine, scope) == checked
    assert queries == []


# -- 2. pagination and filters of /api/dyads and the breakdowns ---------------------------------------------

def test_dyads_honour_limit_offset_and_filters(client: TestClient) -> None:
    everything = client.get("/api/dyads").json()
    assert [d["dyad"] for d in everything["items"]] == ["CHN-KHM", "KHM-USA"] and everything["total"] == 2
    page = client.get("/api/dyads", params={"limit": 1, "offset": 1}).json()
    assert ([d["dyad"] for d in page["items"]], page["total"], page["limit"], page["offset"]) == (
        ["KHM-USA"], 2, 1, 1)
    assert [d["dyad"] for d in client.get("/api/dyads", params={"dyad": "KHM-USA"}).json()["items"]] == ["KHM-USA"]
    by_pillar = client.get("/api/dyads", params={"pillar": "P1"}).json()["items"]
    chn_khm = next(d for d in everything["items"] if d["dyad"] == "CHN-KHM")
    assert by_pillar[0]["dyad"] == "CHN-KHM" and by_pillar[0]["statements"] == chn_khm["pillars"]["P1"]
    sub = client.get("/api/dyads", params={"sub_area": "education_training"}).json()
    assert sub["total"] >= 1 and sub["scope"]["sub_area"] == "education_training"
    assert sum(d["statements"] for d in sub["items"]) < sum(d["statements"] for d in everything["items"])


def test_breakdowns_honour_limit_and_offset(client: TestClient) -> None:
    every = client.get("/api/indicators/speakers", params={"limit": 100}).json()
    assert every["total"] == len(every["items"]) >= 3
    ids = [s["speaker_id"] for s in every["items"]]
    two = client.get("/api/indicators/speakers", params={"limit": 2}).json()
    assert [s["speaker_id"] for s in two["items"]] == ids[:2] and two["total"] > 2  # another page follows
    rest = client.get("/api/indicators/speakers", params={"limit": 2, "offset": 2}).json()
    assert [s["speaker_id"] for s in rest["items"]] == ids[2:4]
    subs = client.get("/api/indicators/sub-areas").json()
    one = client.get("/api/indicators/sub-areas", params={"limit": 1, "offset": 1}).json()
    assert one["items"] == subs["items"][1:2] and one["total"] == subs["total"]


@pytest.mark.parametrize(("path", "param"), [("/api/indicators", "limit"), ("/api/dyads", "mechanism"),
                                             ("/api/indicators/quality", "speaker"), ("/api/health", "x")])
def test_parameters_an_endpoint_does_not_take_are_refused(client: TestClient, path: str, param: str) -> None:
    error = error_of(client.get(path, params={param: "2"}))
    assert error["message"] == f"{path} does not take parameter {param}" and error["detail"]["input"] == param


# -- 3. mechanism ids in any case -----------------------------------------------------------------------------

def test_mechanism_filter_ignores_case(client: TestClient, filters_db: Path) -> None:
    assert client.get("/api/statements", params={"mechanism": "lmc"}).json()["total"] == 1
    assert client.get("/api/statements", params={"mechanism": "LMC"}).json()["total"] == 1
    error = error_of(client.get("/api/statements", params={"mechanism": "nope"}))
    assert error["detail"]["input"] == "nope" and "LMC" in error["detail"]["hint"]
    assert compute.quality_rows(filters_db, Scope.build(mechanism="Lmc"))


# -- 4. start after end -------------------------------------------------------------------------------------

def test_start_after_end_is_an_error(client: TestClient, filters_db: Path) -> None:
    error = error_of(client.get("/api/indicators", params={"start": "2024-05-01", "end": "2024-01-01"}))
    assert error["message"] == "start 2024-05-01 is after end 2024-01-01"
    error_of(client.get("/api/statements", params={"start": "2024-05-01", "end": "2024-01-01"}))
    with pytest.raises(ConfigError, match="start 2024-05-01 is after end 2024-01-01"):
        amity.indicators(filters_db, start="2024-05-01", end="2024-01-01")
    result = runner.invoke(app, ["indicators", "--db", str(filters_db), "--start", "2024-05-01",
                                 "--end", "2024-01-01"])
    assert result.exit_code == 2 and "start 2024-05-01 is after end 2024-01-01" in result.output


# -- 5. --dyad with --country ---------------------------------------------------------------------------------

def test_cli_refuses_dyad_with_country(filters_db: Path) -> None:
    result = runner.invoke(app, ["indicators", "--db", str(filters_db), "--dyad", "KHM-CHN", "--country", "USA"])
    assert result.exit_code == 2 and "not both" in result.output
    assert "Giving both --dyad and --country is an error" in " ".join(
        runner.invoke(app, ["indicators", "--help"]).output.split())
    ok = runner.invoke(app, ["indicators", "--db", str(filters_db), "--country", "USA", "--format", "json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)


# -- the summaries answer the new /api/dyads filters as the exact query does -----------------------------------

def test_dyad_summaries_equal_the_exact_query(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "synthetic.db"
    with Store(path) as store:
        populate(store.engine, 400, seed=5)
    scopes = [Scope(), Scope.build(dyad="KHM-CHN"), Scope.build(pillar="P2"), Scope.build(country="KHM", pillar="P1")]
    fast = [compute.dyad_rows(path, scope) for scope in scopes]
    monkeypatch.setattr(compute, "_summaries", lambda *a, **k: False)
    assert fast == [compute.dyad_rows(path, scope) for scope in scopes]
    assert [r["dyad"] for r in fast[1]] == ["CHN-KHM"]


def test_error_over_real_http(filters_db: Path) -> None:
    with serve_app(filters_db) as url, httpx.Client(base_url=url, timeout=10) as http:
        error = error_of(http.get("/api/indicators", params={"framework": "lmc", "pillar": "P1"}))
        assert error["detail"] == {"input": "lmc", "hint": "stored frameworks: three-pillars"}
        assert http.get("/api/dyads", params={"limit": 1}).json()["total"] == 2


def test_ingest_under_an_unknown_framework_is_a_client_error(filters_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "writable.db"
    copy.write_bytes(filters_db.read_bytes())
    with TestClient(create_app(copy, token="t0ken")) as http:
        response = http.post("/api/ingest", json={"text": "China and Laos signed a deal.", "framework": "nope"},
                             headers={"Authorization": "Bearer t0ken"})
        error = error_of(response, 400, "E201")
        assert error["detail"]["input"] == "nope" and "three-pillars" in error["message"]


@pytest.mark.parametrize(("value", "suggestion"), [("KMH", "KHM"), ("KHM-XXX", None)])
def test_a_country_code_typo_is_an_error_not_no_data(value: str, suggestion: str | None) -> None:
    from amity.errors import ConfigError
    from amity.indicators.scope import parse_country, parse_dyad

    with pytest.raises(ConfigError, match="no ISO 3166 alpha-3 country code") as caught:
        (parse_dyad if "-" in value else parse_country)(value)
    if suggestion:
        assert suggestion in caught.value.one_line()
