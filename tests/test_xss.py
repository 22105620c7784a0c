"""A document whose title, text, speaker and URL carry markup renders inert: dashboard, API JSON and report."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from amity.indicators.synthetic import analysis_from_spec
from amity.model import Actor
from amity.store import Store
from amity.web import create_app

SCRIPT = "<script>alert('xss')</script>"
IMG = '<img src=x onerror="alert(1)">'


def hostile_analysis() -> object:
    speaker = Actor("person:evil", f"Evil {IMG}", "person", iso3="KHM", title=f"Minister {SCRIPT}")
    quote = f"China and Cambodia signed a railway deal {SCRIPT} worth {IMG} millions"
    text = f"The minister said {quote}. More text follows."
    analysis = analysis_from_spec(
        text, title=f"Deal {SCRIPT} signed", published=datetime(2024, 3, 1), cluster=None,
        url="javascript:alert(document.cookie)",
        statements=[{"quote": quote, "speaker": speaker, "pillars": ["P2"], "sub_areas": ["trade_market_access"],
                     "mechanisms": [], "dyads": [("CHN", "KHM")], "event_type": "COOPERATE", "tone": "cooperative",
                     "commitment": "act", "cues": [("pillar", "P2", "railway"), ("event_type", "COOPERATE", SCRIPT)]}],
    )
    # a joint source whose other person is markup: shown "with ..." in the pages and the report
    analysis.statements[0].co_speakers = [Actor("person:evil-too", f"Other {SCRIPT}", "person", iso3="CHN")]
    return analysis


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xss") / "xss.db"
    with Store(path) as store:
        store.save(hostile_analysis())  # type: ignore[arg-type]  # an Analysis built by hand
    return path


@pytest.fixture(scope="module")
def client(hostile_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(hostile_db)) as test_client:
        yield test_client


def assert_inert(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html.lower()
    # our own scripts are the only ones, all from /static
    for line in html.splitlines():
        if "<script" in line:
            assert 'src="' in line and "/static/" in line, line


def test_dashboard_pages_escape_everything(client: TestClient) -> None:
    documents = client.get("/api/documents").json()["items"]
    doc_id = documents[0]["id"]
    for path in ["/", "/dyad/CHN-KHM", "/country/KHM", f"/document/{doc_id}",
                 f"/search?q={SCRIPT}", f"/search?q=x&dyad={IMG}"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_inert(response.text)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    page = client.get(f"/document/{doc_id}").text
    assert "Deal &lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt; signed" in page
    assert "javascript:alert(document.cookie)" in page  # shown as text, not as a link
    assert "Other &lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt; (CHN)" in page  # the co-speaker, as text


def test_api_json_is_data_not_markup(client: TestClient) -> None:
    response = client.get("/api/statements")
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    item = response.json()["items"][0]
    assert SCRIPT in item["text"] and IMG in item["speaker_name"]  # returned verbatim, as JSON strings
    assert item["co_speakers"][0]["name"] == f"Other {SCRIPT}"
    assert item["document_url"] == "javascript:alert(document.cookie)"
    error = client.get("/api/statements", params={"dyad": SCRIPT})
    assert error.status_code == 422 and error.headers["content-type"] == "application/json"
    assert SCRIPT not in error.text  # validation errors do not echo the input
    error = client.get("/api/indicators", params={"dyad": "<b>-x"})
    assert error.status_code == 400 and error.headers["content-type"] == "application/json"


def test_report_escapes_everything(hostile_db: Path) -> None:
    report = pytest.importorskip("amity.report")
    with Store(hostile_db) as store:
        html = report.render_report(store)
    assert "&lt;script&gt;" in html
    assert "with Other &lt;script&gt;" in html  # the co-speaker in the statement's speaker label
    assert_no_hostile_markup = html.replace("<script>", "")  # a self-contained report may inline its own JS
    assert "<script>alert" not in assert_no_hostile_markup and "<img src=x" not in html
    assert 'href="javascript:' not in html.lower()
