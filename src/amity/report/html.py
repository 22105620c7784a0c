"""The self-contained HTML report: one file, inline CSS, no scripts and no external assets.

Rendered with Jinja2 with autoescaping on for every value, so text from the news (titles, quotes,
names) can never become markup or script in the report.
"""

from __future__ import annotations

import functools

import jinja2

from amity.report.data import ReportData


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("amity.report", "templates"),
        autoescape=True,  # every value, whatever the template name
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )


def render_html(data: ReportData) -> str:
    return _environment().get_template("report.html").render(r=data)
