"""The dashboard in a real headless Chromium (Debian's package, driven by Playwright; never downloaded).

It loads the overview and a dyad page on the demo database, checks that every chart rendered marks from
data, clicks a point of the pillar timeline and reads the statements behind it with their highlighted
evidence, checks that nothing broke the Content-Security-Policy, and saves screenshots. Evidence offsets count code
points (Python), not UTF-16 units (JavaScript): a text with flags before its evidence is highlighted exactly.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip("Chromium is not installed (bash scripts/services.sh install)", allow_module_level=True)
if not os.environ.get("CI"):
    pytest.importorskip("playwright")
    pytest.importorskip("fastapi")

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from _http_support import serve_app  # noqa: E402


def _demo_inputs(directory: Path) -> list[str]:
    """The demo corpus (written by amity.demo), as input paths for analyze_inputs."""
    from amity.demo import write_demo_corpus

    return [str(p) for p in write_demo_corpus(directory)]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from amity.batch import analyze_inputs

    base = tmp_path_factory.mktemp("browser")
    db = base / "demo.db"
    result = analyze_inputs(_demo_inputs(base / "corpus"), db=str(db))
    assert result.processed > 10 and not result.quarantined
    return db


@pytest.fixture(scope="module")
def server(demo_db: Path) -> Iterator[str]:
    with serve_app(demo_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser_page() -> Iterator[tuple[Page, list[str]]]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        yield page, problems
        context.close()
        browser.close()


def _rendered(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.locator("[data-rendered]").evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.id, [e.dataset.rendered, Number(e.dataset.marks || 0)]]))")
    return result


def test_overview_lists_dyads_with_a_chart(server: str, browser_page: tuple[Page, list[str]], tmp_path: Path) -> None:
    page, problems = browser_page
    page.goto(server + "/")
    page.wait_for_selector("body[data-charts-ready]", timeout=20_000)
    assert _rendered(page)["chart-dyads"][0] == "true" and _rendered(page)["chart-dyads"][1] > 0
    assert page.locator("#dyad-table tbody tr").count() > 3
    page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)
    assert not problems, problems


def test_dyad_page_charts_and_drill_down_to_evidence(server: str, browser_page: tuple[Page, list[str]],
                                                     tmp_path: Path) -> None:
    page, problems = browser_page
    top = page.request.get(server + "/api/dyads").json()["items"][0]["dyad"]
    page.goto(f"{server}/dyad/{top}?by=quarter")
    page.wait_for_selector("body[data-charts-ready]", timeout=20_000)
    charts = _rendered(page)
    expected = {"chart-timeline", "chart-balance", "chart-subareas", "chart-speakers", "chart-mechanisms",
                "chart-mechpillars", "chart-quality"}
    assert expected <= set(charts)
    for chart in ("chart-timeline", "chart-balance", "chart-subareas", "chart-speakers", "chart-quality"):
        assert charts[chart][0] == "true" and charts[chart][1] > 0, (chart, charts[chart])
    assert int(page.locator("#kpi-statements").inner_text()) > 0

    # click a point of the pillar timeline that has statements behind it
    points = page.locator("#chart-timeline .mark-symbol path")
    labels = points.evaluate_all("els => els.map(e => e.getAttribute('aria-label') || '')")
    counts = [int(m.group(1)) if (m := re.search(r"; statements: (\d+)", label)) else 0 for label in labels]
    index = max(range(len(counts)), key=counts.__getitem__)
    assert counts[index] > 0
    period = re.search(r"Period: ([^;]+)", labels[index])
    assert period is not None
    points.nth(index).click(force=True)
    page.wait_for_selector("#evidence-list article.statement", timeout=10_000)
    heading = page.locator("#evidence-title").text_content() or ""
    assert period.group(1) in heading and heading.endswith(f"{counts[index]} statements" if counts[index] > 1
                                                           else "1 statement")
    cards = page.locator("#evidence-list article.statement")
    assert cards.count() == min(counts[index], 20)
    assert page.locator("#evidence-list mark.ev").count() > 0  # highlighted evidence spans
    first_link = cards.first.locator("a.document-link")
    assert first_link.get_attribute("href", timeout=1000).startswith("/document/")  # type: ignore[union-attr]
    page.screenshot(path=str(tmp_path / "dyad.png"), full_page=True)

    # and a bar of another chart drills down too
    page.locator("#chart-subareas .mark-rect path").first.click(force=True)
    page.wait_for_function("() => document.getElementById('evidence-title').textContent.startsWith('Sub-area')")
    page.wait_for_selector("#evidence-list article.statement", timeout=10_000)
    assert (tmp_path / "dyad.png").stat().st_size > 10_000
    assert not problems, problems


def test_search_and_document_pages(server: str, browser_page: tuple[Page, list[str]], tmp_path: Path) -> None:
    page, problems = browser_page
    page.goto(server + "/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
    page.wait_for_selector("#evidence-list p, #evidence-list article", timeout=10_000)
    sample = page.request.get(server + "/api/statements?limit=1").json()["items"][0]["text"]
    word = max(re.findall(r"[A-Za-z]{4,}", sample), key=len)
    page.goto(f"{server}/search?q={word}")
    page.wait_for_selector("#evidence-list article.statement", timeout=10_000)
    page.locator("#evidence-list a.document-link").first.click()
    page.wait_for_selector(".doc-text mark.st")
    assert page.locator(".doc-text mark.st").count() > 0
    page.screenshot(path=str(tmp_path / "document.png"), full_page=True)
    assert not problems, problems


# Offsets in the API count code points; each flag is two astral code points, four UTF-16 units in JavaScript.
ASTRAL_TEXT = ("HANOI, March 3 (Example Wire) - Vietnam 🇻🇳 welcomes more Japanese tourists and investment in "
               "semiconductors, Prime Minister Pham Minh Chinh said on Monday after talks with Japanese Prime "
               "Minister Fumio Kishida in Hanoi. \"Japan 🇯🇵 and Vietnam will deepen their comprehensive strategic "
               "partnership,\" Kishida said.")


@pytest.fixture(scope="module")
def astral_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database holding one (invented) article with flag emoji inside its statements, served apart."""
    from datetime import datetime

    from amity.model import Document
    from amity.pipeline import Pipeline
    from amity.store import Store

    db = tmp_path_factory.mktemp("astral") / "astral.db"
    analysis = Pipeline("three-pillars").analyze(Document(text=ASTRAL_TEXT, title="Flags", source="Example Wire",
                                                          published=datetime(2024, 3, 4)))
    assert Store(db).save(analysis)
    with serve_app(db) as url:
        yield url


def test_evidence_after_astral_characters_is_highlighted_exactly(astral_server: str,
                                                                 browser_page: tuple[Page, list[str]]) -> None:
    page, problems = browser_page
    items = page.request.get(astral_server + "/api/statements?limit=50").json()["items"]
    by_id = {st["id"]: st for st in items}
    vietnam = next(st for st in items if st["text"].startswith("Vietnam 🇻🇳"))
    assert ASTRAL_TEXT[vietnam["start"]:vietnam["end"]] == vietnam["text"]  # the server's offsets: code points
    page.goto(astral_server + "/search?start=2024-01-01")
    page.wait_for_selector("#evidence-list article.statement", timeout=10_000)
    cards = page.locator("#evidence-list article.statement")
    assert cards.count() == len(items) >= 2
    for i in range(cards.count()):
        card = cards.nth(i)
        st = by_id[card.get_attribute("data-statement-id") or ""]
        marks = card.locator("p.text mark.ev").all_text_contents()
        # every mark is exactly an evidence span, and the paragraph is the statement text, nothing lost
        assert marks and set(marks) <= {ev["text"] for ev in st["evidence"]}, (marks, st["evidence"])
        assert card.locator("p.text").text_content() == st["text"]
        if st["id"] == vietnam["id"]:
            assert marks == ["Vietnam", "welcomes", "Japanese", "tourists", "investment", "semiconductors"]
        elif "Japan 🇯🇵" in st["text"]:
            assert marks == ["Japan", "Vietnam", "will", "deepen", "comprehensive strategic partnership"]
    assert not problems, problems
