"""Reports over a store: a self-contained HTML page and a Markdown summary.

Both show the statements of one framework grouped by country pair and pillar, with a dyad x pillar
table, quarterly counts, mechanisms, and every statement with its speaker, its evidence highlighted,
its codes and a link to its source.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TypedDict, Unpack

from amity.report.data import DEFAULT_TITLE, ReportData, build_report_data, highlight, safe_link
from amity.report.html import render_html
from amity.report.markdown import md_escape, render_markdown_data
from amity.store import Store

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_TITLE",
    "ReportData",
    "ReportOptions",
    "build_report_data",
    "highlight",
    "md_escape",
    "render_markdown",
    "render_report",
    "safe_link",
    "write_markdown",
    "write_report",
]


class ReportOptions(TypedDict, total=False):
    """The keyword options of the functions below (defaults: :func:`build_report_data`'s)."""

    title: str
    max_per_group: int | None


def render_report(store: Store, *, framework: str | None = None, **options: Unpack[ReportOptions]) -> str:
    """The HTML report (one self-contained page) for one framework of the store."""
    return render_html(build_report_data(store, framework=framework, **options))


def render_markdown(store: Store, framework: str | None = None, **options: Unpack[ReportOptions]) -> str:
    """The same report as Markdown."""
    return render_markdown_data(build_report_data(store, framework=framework, **options))


def _write_text(out: Path, text: str) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8", newline="\n")
    logger.info("wrote %s (%d characters)", out, len(text))
    return out


def write_report(store: Store, out: Path, framework: str | None = None, **options: Unpack[ReportOptions]) -> Path:
    """Write the HTML report to ``out`` and return the path."""
    return _write_text(out, render_report(store, framework=framework, **options))


def write_markdown(store: Store, out: Path, framework: str | None = None, **options: Unpack[ReportOptions]) -> Path:
    """Write the Markdown report to ``out`` and return the path."""
    return _write_text(out, render_markdown(store, framework, **options))
