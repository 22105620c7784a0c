"""The HTML and Markdown reports: dyad x pillar table, highlighted evidence, escaping, `amity report`."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _demo_support import build_demo
from amity.cli import app
from amity.demo import DemoResult
from amity.model import Actor, Analysis, Coding, Document, Evidence, Span, Statement
from amity.report import highlight, render_markdown, render_report, safe_link, write_report
from amity.store import Store

EVIL = "<script>alert('x')</script>"


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return build_demo(tmp_path_factory.getbasetemp() / "demo")


def _hostile_store(path: Path) -> Store:
    """A store with one statement whose every text field carries markup."""
    prefix = "Intro. "
    quote = f"Cambodia and China will deepen trade {EVIL} under the Belt and Road Initiative."
    text = prefix + quote
    doc = Document(text=text, title=f"Title {EVIL}", source="Demo <b>Wire</b>", url="javascript:alert(1)",
                   published=datetime(2024, 5, 2, 9, 0))
    start = len(prefix)
    trade = text.index("trade")
    bri = text.index("Belt and Road Initiative")
    coding = Coding(
        framework="three-pillars", relevant=True, pillars=["P2"], primary_pillar="P2",
        sub_areas=["trade_market_access"], mechanisms=["BRI"], dyads=[("CHN", "KHM")], countries=["KHM", "CHN"],
        event_type="AGREE", tone="cooperative",
        evidence=[
            Evidence("pillar", "P2", trade, trade + 5, "trade", "trade"),
            Evidence("sub_area", "trade_market_access", trade, trade + 5, "trade", "trade"),
            Evidence("mechanism", "BRI", bri, bri + 24, "Belt and Road Initiative", "Belt and Road Initiative"),
            Evidence("dyad", "CHN-KHM", 0, 5, "Intro", "Intro"),  # outside the statement: not highlighted
        ],
        confidence=0.9,
    )
    speaker = Actor(id="evil-person", name=f"Sok {EVIL}", type="person", iso3="KHM", title="Minister <i>x</i>")
    statement = Statement(content=Span(start, len(text), quote), kind="direct", speaker=speaker, coding=coding)
    analysis = Analysis(document=doc, framework="three-pillars", statements=[statement], dyads=[("CHN", "KHM")])
    store = Store(path)
    store.save(analysis)
    return store


def test_highlight_uses_document_offsets_and_merges_overlaps() -> None:
    text = "We will expand trade and investment."
    start = 100  # the statement's offset in its document
    ev = [
        {"field": "pillar", "value": "P2", "start": 115, "end": 120, "cue": "trade"},
        {"field": "sub_area", "value": "trade", "start": 115, "end": 135, "cue": "trade and investment"},
        {"field": "dyad", "value": "X", "start": 10, "end": 20, "cue": "elsewhere"},
    ]
    segments = highlight(text, start, ev)
    assert "".join(s.text for s in segments) == text
    marked = [(s.text, [m.field for m in s.marks]) for s in segments if s.marks]
    assert marked == [("trade", ["pillar", "sub_area"]), (" and investment", ["sub_area"])]
    assert highlight(text, start, [])[0].text == text


def test_safe_link_refuses_script_urls(tmp_path: Path) -> None:
    assert safe_link("https://news.example.org/a", None) == "https://news.example.org/a"
    assert safe_link("javascript:alert(1)", None) is None
    assert safe_link(" JavaScript:alert(1)", str(tmp_path / "a.txt")) == (tmp_path / "a.txt").as_uri()
    assert safe_link(None, None) is None


def test_report_escapes_every_text_field(tmp_path: Path) -> None:
    with _hostile_store(tmp_path / "evil.db") as store:
        page = render_report(store, title=f"Report {EVIL}")
        md = render_markdown(store)
    assert "<script" not in page
    assert "&lt;script&gt;" in page
    assert "<b>Wire</b>" not in page and "<i>x</i>" not in page
    assert "javascript:" not in page
    assert "<script" not in md and "&lt;script&gt;" in md
    # the evidence inside the statement is marked; the dyad evidence outside it is not
    assert re.search(r'<mark class="ev-pillar" title="[^"]*">trade</mark>', page)
    assert re.search(r'<mark class="ev-mechanism" title="[^"]*">Belt and Road Initiative</mark>', page)
    assert ">Intro<" not in page


def test_report_is_self_contained(demo: DemoResult) -> None:
    page = demo.report.read_text(encoding="utf-8")
    assert "<style>" in page
    assert not re.search(r"<(script|link|img|iframe)\b", page, re.IGNORECASE)
    assert not re.search(r"\bsrc=", page)  # links to sources are fine; nothing is loaded from anywhere
    assert "@import" not in page and "url(" not in page


def test_report_has_the_dyad_pillar_table_and_statements(demo: DemoResult) -> None:
    page = demo.report.read_text(encoding="utf-8")
    table = page.split('<table class="dyad-pillar">')[1].split("</table>")[0]
    for pillar in ("P1", "P2", "P3"):
        assert f">{pillar}</th>" in table
    assert "(CHN–KHM)" in table and "(CHN–PHL)" in table
    rows = re.findall(r"<tr><td>", table)
    assert len(rows) >= 5
    assert page.count('<div class="stmt') >= 50
    assert "<mark " in page
    assert "Statements by quarter and pillar" in page
    assert 'href="https://' in page or 'href="file:' in page


def test_markdown_report(demo: DemoResult) -> None:
    md = demo.markdown.read_text(encoding="utf-8")
    assert md.startswith("# ")
    assert "| Country pair | P1 | P2 | P3 | Total | Conflictual |" in md
    assert re.search(r"\| China – Cambodia \(CHN–KHM\) \| \d+ \| \d+ \| \d+ \|", md)
    assert "**" in md


def test_max_per_group_limits_statements(demo: DemoResult) -> None:
    with Store(demo.db) as store:
        page = render_report(store, max_per_group=1)
    assert "first 1 shown" in page


def test_empty_database_gives_an_empty_report(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db") as store:
        out = write_report(store, tmp_path / "r.html")
        md = render_markdown(store)
    assert "No statements about cooperation are stored yet" in out.read_text(encoding="utf-8")
    assert "No statements" in md


def test_cli_report(demo: DemoResult, tmp_path: Path) -> None:
    out, md = tmp_path / "r.html", tmp_path / "r.md"
    result = CliRunner().invoke(app, ["report", "--db", str(demo.db), "--out", str(out), "--markdown", str(md)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count('<div class="stmt') >= 50
    assert "| Country pair |" in md.read_text(encoding="utf-8")


def test_cli_report_errors(demo: DemoResult, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["report", "--db", str(tmp_path / "nope.db"), "--out", str(tmp_path / "r.html")])
    assert missing.exit_code == 2
    out = str(tmp_path / "r.html")
    wrong = runner.invoke(app, ["report", "--db", str(demo.db), "--framework", "lmc", "--out", out])
    assert wrong.exit_code == 2
    assert not (tmp_path / "r.html").exists()


def test_report_has_the_dashboard_views_per_dyad(demo: DemoResult) -> None:
    page = demo.report.read_text(encoding="utf-8")
    dyads = page.split('<section id="dyads">')[1].split("</section>")[0]
    blocks = re.findall(r'<div class="dyad" id="d-[a-z]{3}-[a-z]{3}">', dyads)
    assert 1 <= len(blocks) <= 12
    first = dyads.split('<div class="dyad"')[1]
    assert "(CHN–KHM)" in first  # the pair with the most statements comes first
    assert re.search(r'<svg class="timeline" role="img"', first)
    assert re.search(r'<rect class="bar-seg" [^>]*fill="#[0-9a-f]{6}"><title>\d{4}-Q[1-4] · P[123]: ', first)
    assert re.search(r"Pillar balance · index (0|1)\.\d\d<", first)
    shares = re.findall(r"<td>(\d+)%</td>", first.split('class="balance"')[1].split("</table>")[0])
    assert len(shares) == 3 and 98 <= sum(int(x) for x in shares) <= 102
    assert '<table class="sub-areas">' in first and '<table class="dyad-mechanisms">' in first
    speakers = first.split('<table class="speakers">')[1].split("</table>")[0]
    assert "<th>Speaker</th><th>Title</th><th>Country</th><th>Statements</th>" in speakers
    assert re.search(r'<td title="CHN">China</td><td>\d+</td></tr>', speakers)


def test_dyad_views_match_the_statements(demo: DemoResult) -> None:
    from amity.report import build_report_data

    with Store(demo.db) as store:
        data = build_report_data(store, max_dyads=2)
        rows = store.statements(framework="three-pillars", dyad=("CHN", "KHM"))
    assert len(data.dyad_views) == 2
    view = data.dyad_views[0]
    relevant = [r for r in rows if r.get("relevant")]
    assert view.dyad == ("CHN", "KHM") and view.statements == len(relevant)
    # quarters count each statement once; pillars count it under each of its pillars, as the indicators do
    assert sum(view.timeline.totals.values()) == len(relevant)
    assert sum(sum(c.values()) for _, c in view.timeline.quarters) == sum(
        len(r.get("pillars") or [None]) for r in relevant
    )
    assert sum(data.quarter_totals.values()) == data.relevant  # every demo statement is dated
    [row] = [row for row in data.rows if row.dyad == ("CHN", "KHM")]
    assert row.total == len(relevant)
    assert row.by_pillar["P1"] == sum("P1" in (r.get("pillars") or []) for r in relevant)
    quarters = [q for q, _ in view.timeline.quarters]
    assert quarters == sorted(quarters)  # gaps are filled, in order
    assert abs(sum(sh.share for sh in view.shares) - 1.0) < 1e-9
    assert view.balance is not None and 0.0 <= view.balance <= 1.0
    counts = [sp.statements for sp in view.speakers]
    assert counts == sorted(counts, reverse=True)
    with Store(demo.db) as store:
        assert render_report(store) == render_report(store)  # deterministic


def test_balance_index() -> None:
    from amity.report.dyad_views import balance_index

    assert balance_index([1 / 3, 1 / 3, 1 / 3]) == 1.0
    assert balance_index([1.0, 0.0, 0.0]) == 0.0
    assert balance_index([0.0, 0.0, 0.0]) is None


def test_markdown_has_the_dyad_views(demo: DemoResult) -> None:
    md = demo.markdown.read_text(encoding="utf-8")
    section = md.split("## Country pairs")[1].split("## Statements")[0]
    assert "### China – Cambodia (CHN–KHM)" in section
    assert "| Quarter | P1 | P2 | P3 | Total |\n|---|---:|---:|---:|---:|\n" in section
    assert re.search(r"Pillar balance \(index [01]\.\d\d\):", section)
    assert "| Speaker | Title | Country | Statements |" in section
    assert "| Sub-area | Pillar | Statements |" in section


def test_cli_report_max_dyads(demo: DemoResult, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    runner = CliRunner()
    result = runner.invoke(app, ["report", "--db", str(demo.db), "--out", str(out), "--max-dyads", "1"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count('<div class="dyad" id="d-') == 1
    result = runner.invoke(app, ["report", "--db", str(demo.db), "--out", str(out), "--max-dyads", "0"])
    assert result.exit_code == 0, result.output
    assert '<section id="dyads">' not in out.read_text(encoding="utf-8")
