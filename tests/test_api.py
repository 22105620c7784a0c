"""The REST API: endpoints, filters, pagination, full-text search, the error shape, tokens, real uvicorn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytest.importorskip("fastapi")
pytest.importorskip("polars")

from fastapi.testclient import TestClient

from _http_support import serve_app
from amity.indicators.synthetic import sample_analyses
from amity.store import Store
from amity.web import create_app

TOKEN = "s3cret-test-token"


@pytest.fixture(scope="session")
def api_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "api.db"
    with Store(path) as store:
        store.save_many(sample_analyses())
    return path


@pytest.fixture(scope="session")
def client(api_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(api_db)) as test_client:
        yield test_client


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "detail"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]  # type: ignore[no-any-return]  # json() is untyped


def test_health_frameworks_and_openapi(client: TestClient) -> None:
    assert client.get("/api/health").json() == {
        "status": "ok", "counts": {"documents": 7, "statements": 8, "codings": 8}, "writable": False}
    frameworks = client.get("/api/frameworks").json()
    assert frameworks["default"] == "three-pillars"
    assert [p["id"] for p in frameworks["items"][0]["pillars"]] == ["P1", "P2", "P3"]
    schema = client.get("/openapi.json").json()
    assert {"/api/statements", "/api/documents", "/api/actors", "/api/indicators", "/api/frameworks",
            "/api/ingest"} <= set(schema["paths"])
    assert client.get("/docs").status_code == 200


def test_docs_use_only_bundled_assets(client: TestClient) -> None:
    """Swagger UI is served from the package (users may be offline), under a CSP with no external host."""
    import base64
    import hashlib
    import re

    docs = client.get("/docs")
    assert docs.status_code == 200
    refs = re.findall(r'(?:src|href)="([^"]*)"', docs.text)
    assert refs and all(ref.startswith("/static/vendor/swagger-ui/") for ref in refs), refs
    assert "http://" not in docs.text and "https://" not in docs.text and "//cdn" not in docs.text
    for ref in refs:
        asset = client.get(ref)
        assert asset.status_code == 200 and len(asset.content) > 500, ref
    csp = docs.headers["content-security-policy"]
    assert "http" not in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    inline = re.findall(r"<script>(.*?)</script>", docs.text, re.DOTALL)
    assert len(inline) == 1  # FastAPI's initializer, allowed by its hash only
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp
    assert client.get("/redoc").status_code == 404  # ReDoc would need a CDN


def test_statements_filters_and_pagination(client: TestClient) -> None:
    everything = client.get("/api/statements", params={"limit": 2}).json()
    assert everything["total"] == 7 and len(everything["items"]) == 2  # the irrelevant one is left out
    page2 = client.get("/api/statements", params={"limit": 2, "offset": 2}).json()
    assert {s["id"] for s in page2["items"]}.isdisjoint({s["id"] for s in everything["items"]})
    assert client.get("/api/statements", params={"relevant_only": False}).json()["total"] == 8
    dyad = client.get("/api/statements", params={"dyad": "KHM-USA"}).json()
    assert dyad["total"] == 2 and dyad["scope"]["dyad"] == "KHM-USA"
    drill = client.get("/api/statements", params={"dyad": "CHN-KHM", "pillar": "P1", "period": "2024-Q1",
                                                  "by": "quarter"}).json()
    assert [s["document_title"] for s in drill["items"]] == ["Support for sovereignty"]
    for params, expected in [({"sub_area": "education_training"}, 2), ({"mechanism": "LMC"}, 1),
                             ({"speaker": "person:sample-pm"}, 2), ({"speaker": "Sok Dara"}, 2),
                             ({"start": "2024-04-01", "end": "2024-06-01"}, 2), ({"tone": "conflictual"}, 1),
                             ({"commitment": "act"}, 2), ({"event_class": "material"}, 3),
                             ({"speaker_level": "head"}, 2), ({"country": "USA"}, 2)]:
        assert client.get("/api/statements", params=params).json()["total"] == expected, params


def test_statement_evidence_is_in_document_offsets(client: TestClient) -> None:
    items = client.get("/api/statements", params={"speaker": "person:sample-pm"}).json()["items"]
    railway = next(s for s in items if "railway" in s["text"])
    doc = client.get(f"/api/documents/{railway['document_id']}").json()
    for ev in railway["evidence"]:
        assert doc["text"][ev["start"]:ev["end"]] == ev["text"]
    assert doc["text"][railway["start"]:railway["end"]] == railway["text"]
    one = client.get(f"/api/statements/{railway['id']}").json()
    assert one["evidence"] == railway["evidence"]


def test_full_text_search(client: TestClient) -> None:
    hits = client.get("/api/statements", params={"q": "railway"}).json()
    assert hits["total"] == 1 and "railway" in hits["items"][0]["text"]
    assert client.get("/api/statements", params={"q": "scholar*"}).json()["total"] == 1
    assert client.get("/api/statements", params={"q": "Jane Roe"}).json()["total"] == 1  # speaker name
    # FTS5 syntax in user input is taken literally, never as a query operator or an error
    for weird in ['"unbalanced', "railway OR NOT", "NEAR("]:
        assert client.get("/api/statements", params={"q": weird}).status_code == 200
    # ... and a search with no word at all is a clear 400, not every statement
    for empty in ["*", "-- ;"]:
        response = client.get("/api/statements", params={"q": empty})
        assert response.status_code == 400 and "no word to look for" in response.text


def test_documents_actors_indicators(client: TestClient) -> None:
    docs = client.get("/api/documents", params={"limit": 3}).json()
    assert docs["total"] == 7 and len(docs["items"]) == 3
    assert client.get("/api/documents", params={"q": "railway"}).json()["total"] == 1
    actors = client.get("/api/actors", params={"type": "person"}).json()
    assert actors["items"][0]["name"] == "Sok Dara" and actors["items"][0]["statements"] == 2
    rows = client.get("/api/indicators", params={"dyad": "KHM-CHN", "by": "quarter"}).json()["items"]
    q1 = next(r for r in rows if r["period"] == "2024-Q1" and r["pillar"] == "all")
    assert (q1["statements"], q1["stories"], q1["period_start"]) == (3, 2, "2024-01-01")
    for name in ("sub-areas", "mechanisms", "mechanism-pillars", "speakers", "quality"):
        body = client.get(f"/api/indicators/{name}", params={"dyad": "KHM-CHN"}).json()
        assert body["total"] == len(body["items"]) > 0, name
    dyads = client.get("/api/dyads").json()
    assert [d["dyad"] for d in dyads["items"]] == ["CHN-KHM", "KHM-USA"]


def test_one_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/nothing-here"), 404, "not_found")
    assert_error(client.get("/api/documents/0000"), 404, "not_found")
    assert_error(client.get("/api/statements/nope:1"), 404, "not_found")
    assert_error(client.get("/api/indicators/nonsense"), 404, "not_found")
    detail = assert_error(client.get("/api/statements", params={"limit": 10_000}), 422, "validation_error")["detail"]
    assert isinstance(detail, list) and detail[0]["loc"] == ["query", "limit"]
    amity_error = assert_error(client.get("/api/indicators", params={"dyad": "KHM"}), 400, "E700")
    assert amity_error["detail"] == {"input": "KHM", "hint": "write it as KHM-CHN"}
    assert_error(client.get("/api/indicators", params={"by": "decade"}), 400, "E700")
    assert_error(client.get("/api/statements", params={"period": "2024-Q1"}), 400, "E700")
    assert_error(client.delete("/api/statements"), 405, "method_not_allowed")


def test_writes_need_the_token(api_db: Path, tmp_path: Path) -> None:
    body = {"text": "Foreign Minister Li Ming said China and Cambodia signed an agreement on rice exports.",
            "title": "Rice", "published": "2024-08-01T00:00:00"}
    with TestClient(create_app(api_db)) as read_only:
        assert_error(read_only.post("/api/ingest", json=body), 403, "forbidden")
    copy = tmp_path / "writable.db"
    copy.write_bytes(api_db.read_bytes())
    with TestClient(create_app(copy, token=TOKEN)) as writable:
        error = writable.post("/api/ingest", json=body)
        assert_error(error, 401, "unauthorized")
        assert error.headers["www-authenticate"] == "Bearer"
        assert_error(writable.post("/api/ingest", json=body, headers={"Authorization": "Bearer wrong"}),
                     403, "forbidden")
        assert_error(writable.post("/api/ingest", json={}, headers={"Authorization": f"Bearer {TOKEN}"}),
                     400, "E700")
        created = writable.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert created.status_code == 201, created.text
        assert created.json()["items"][0]["created"] is True
        assert writable.get("/api/health").json()["counts"]["documents"] == 8
        assert writable.get("/api/statements", params={"q": "rice"}).json()["total"] >= 1  # FTS kept in step
        again = writable.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert again.status_code == 200 and again.json()["items"][0]["created"] is False  # idempotent
        for path in ("/etc/passwd", "../frameworks/lmc.yaml", "my.yaml"):  # ids only: no probing of server files
            refused = writable.post("/api/ingest", json={**body, "framework": path},
                                    headers={"Authorization": f"Bearer {TOKEN}"})
            assert refused.status_code == 400 and "not a path" in refused.text
        assert "refused" not in again.json()["items"][0]
        # A document an older pipeline stored is not coded under another framework: the answer says why.
        with Store(copy) as store, store.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE analyses SET pipeline_version = '0.1.0'")
        stale = writable.post("/api/ingest", json={**body, "framework": "lmc"},
                              headers={"Authorization": f"Bearer {TOKEN}"}).json()["items"][0]
        assert stale["created"] is False and "amity reanalyze" in stale["refused"]


def test_token_from_environment(api_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from amity.cli import indicators as cli_module

    captured: dict[str, object] = {}
    monkeypatch.setenv("AMITY_API_TOKEN", TOKEN)

    class FakeUvicorn:
        @staticmethod
        def run(application: object, **kwargs: object) -> None:
            captured["token"] = application.state.amity.token  # type: ignore[attr-defined]  # FastAPI state
            captured.update(kwargs)

    monkeypatch.setattr(cli_module, "require", lambda *a, **k: FakeUvicorn, raising=False)
    from typer.testing import CliRunner

    import amity.errors

    monkeypatch.setattr(amity.errors, "require", lambda *a, **k: FakeUvicorn)
    result = CliRunner().invoke(cli_module.app, ["serve", "--db", str(api_db), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert captured == {"token": TOKEN, "host": "127.0.0.1", "port": 8123, "log_level": "warning"}


def test_real_uvicorn_on_loopback(api_db: Path) -> None:
    with serve_app(api_db) as url, httpx.Client(base_url=url, timeout=10) as http:
        health = http.get("/api/health")
        assert health.status_code == 200 and health.json()["counts"]["statements"] == 8
        assert "script-src 'self'" in health.headers["content-security-policy"]
        page = http.get("/dyad/KHM-CHN")
        assert page.status_code == 200 and 'data-subject="CHN-KHM"' in page.text
        assert http.get("/static/vendor/vega.min.js").status_code == 200
        assert_error(http.get("/api/documents/missing"), 404, "not_found")


def test_counts_do_not_double_under_two_annotations(tmp_path: Path) -> None:
    """One quote coded under three-pillars (with acts) and lmc (without) is two statement rows, one per
    annotation; per framework it counts once."""
    from amity.model import Document
    from amity.pipeline import Pipeline

    document = Document(text='Cambodia and China signed a railway deal on Monday. "The railway will bring '
                             'prosperity," Cambodian Prime Minister Hun Manet said.')
    db = tmp_path / "two.db"
    with Store(db) as store:
        store.save(Pipeline("three-pillars").analyze(document))
        store.save(Pipeline("lmc", acts=False).analyze(document))
    with TestClient(create_app(db)) as http:
        assert http.get("/api/documents").json()["items"][0]["n_statements"] == 2  # the act and the quote
        assert http.get("/api/documents", params={"framework": "lmc"}).json()["items"][0]["n_statements"] == 1
        people = http.get("/api/actors", params={"type": "person", "framework": "lmc"}).json()["items"]
        assert [(p["name"], p["statements"]) for p in people] == [("Hun Manet", 1)]
        people = http.get("/api/actors", params={"type": "person"}).json()["items"]
        assert [(p["name"], p["statements"]) for p in people] == [("Hun Manet", 1)]


def test_a_dashboard_page_shows_its_error_as_a_page(client: TestClient) -> None:
    page = client.get("/dyad/KHM", headers={"Accept": "text/html"})
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert "<h1>400:" in page.text and 'href="/"' in page.text
    # the message is escaped, whatever the path held
    hostile = client.get("/dyad/%3Cscript%3Ealert(1)%3C%2Fscript%3E", headers={"Accept": "text/html"})
    assert "<script>" not in hostile.text
    # the API keeps its JSON shape for browsers too
    api = client.get("/api/indicators", params={"dyad": "KHM"}, headers={"Accept": "text/html"})
    assert api.status_code == 400 and api.json()["error"]["code"] == "E700"
