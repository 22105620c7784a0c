"""``amity demo`` as a library call: write the invented corpus, analyse it into SQLite, write reports.

Every step is idempotent: the corpus files are rewritten with the same bytes, documents already in
the database are skipped (their id is their content hash), and the reports are rebuilt from the
database, so running the demo twice leaves the same counts and the same files.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from amity.batch import BatchResult, analyze_inputs
from amity.demo.corpus import demo_articles, write_demo_corpus
from amity.model import Document, Quarantined
from amity.pipeline import Pipeline
from amity.report.data import ReportData, build_report_data
from amity.report.html import render_html
from amity.report.markdown import render_markdown_data
from amity.store import Store

logger = logging.getLogger(__name__)

DEFAULT_BASE = Path("amity-demo")
DEMO_TITLE = "Amity demo report: invented articles, real pipeline"
SUMMARY_PER_GROUP = 3  # the Markdown beside the report is a summary; the HTML has every statement


@dataclass(slots=True)
class DemoResult:
    corpus_dir: Path
    files: list[Path]
    db: Path
    report: Path
    markdown: Path
    framework: str
    batch: BatchResult
    data: ReportData

    @property
    def articles_dir(self) -> Path:
        return self.corpus_dir / "articles"


def demo_document_count() -> int:
    """How many documents the demo corpus holds (for a progress bar's total)."""
    return len(demo_articles())


def run_demo(
    *,
    corpus_dir: Path = DEFAULT_BASE / "corpus",
    db: Path = DEFAULT_BASE / "amity.db",
    report: Path = DEFAULT_BASE / "report.html",
    framework: str = "three-pillars",
    progress: Callable[[Document | Quarantined], None] | None = None,
) -> DemoResult:
    """Write the demo corpus, analyse it into ``db`` and write the HTML and Markdown reports.

    The Markdown report is written beside the HTML one, with the suffix ``.md``.
    """
    pipeline = Pipeline(framework)  # first: an unknown framework fails before anything is written
    files = write_demo_corpus(corpus_dir)
    db.parent.mkdir(parents=True, exist_ok=True)
    with Store(db) as store:
        batch = analyze_inputs(files, pipeline=pipeline, db=store, progress=progress, keep=False)
        data = build_report_data(store, framework=pipeline.framework_id, title=DEMO_TITLE)
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(render_html(data), encoding="utf-8", newline="\n")
    markdown = report.with_suffix(".md")
    markdown.write_text(render_markdown_data(data, max_per_group=SUMMARY_PER_GROUP), encoding="utf-8", newline="\n")
    logger.info("demo: %d new, %d already stored, %d quarantined", batch.processed, batch.skipped,
                len(batch.quarantined))
    return DemoResult(corpus_dir=corpus_dir, files=files, db=db, report=report, markdown=markdown,
                      framework=data.framework.id, batch=batch, data=data)
