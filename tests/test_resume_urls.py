"""A rerun over URLs does not fetch again the pages whose documents are stored (a resumed crawl)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from _http_support import article_html, serve
from amity.cli import app

PARAGRAPHS = [
    "Cambodian Prime Minister Hun Manet said on Tuesday that Cambodia and China would build a new "
    "expressway linking the capital to the coast, deepening cooperation under the Belt and Road Initiative.",
    "Chinese Ambassador Wang Wenbin said China would send engineers and help train Cambodian workers.",
]


def _ingest(urls: Path, db: Path, *extra: str) -> dict[str, int]:
    result = CliRunner().invoke(app, ["ingest", str(urls), "--db", str(db), "--allow-private", "--no-cache",
                                      "--delay", "0", "--quiet", "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    summary: dict[str, int] = json.loads(result.stdout[result.stdout.index("{"):])
    return summary


def test_a_rerun_skips_stored_urls_without_a_request(tmp_path: Path) -> None:
    routes = {f"/a{i}.html": (200, "text/html; charset=utf-8",
                              article_html(f"Story {i}", [f"Story number {i}. " + p for p in PARAGRAPHS]))
              for i in range(3)}
    with serve(routes) as (base, hits):
        urls = tmp_path / "urls.txt"
        urls.write_text("".join(f"{base}/a{i}.html\n" for i in range(3)) + f"{base}/missing.html\n",
                        encoding="utf-8")
        db = tmp_path / "r.db"
        first = _ingest(urls, db)
        assert (first["processed"], first["quarantined"]) == (3, 1)
        pages = sum(hits[f"/a{i}.html"] for i in range(3))
        again = _ingest(urls, db)
        assert sum(hits[f"/a{i}.html"] for i in range(3)) == pages  # no stored page was asked for again
        assert hits["/missing.html"] == 2  # what failed is tried again
        assert (again["read"], again["skipped"], again["processed"]) == (4, 3, 0)
        _ingest(urls, db, "--refetch")
        assert sum(hits[f"/a{i}.html"] for i in range(3)) == 2 * pages  # unless asked to
