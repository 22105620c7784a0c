"""`amity report`: a self-contained HTML report (and optionally Markdown) from a database."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from sqlalchemy.exc import SQLAlchemyError

from amity.cli import app
from amity.cli._common import console, fail
from amity.errors import AmityError


@app.command()
def report(
    db: str = typer.Option(..., "--db", help="The database: a SQLite file path or a postgresql:// URL."),
    out: Path = typer.Option(Path("report.html"), "--out", "-o", help="The HTML file to write."),
    framework: str | None = typer.Option(
        None, "--framework", "-f", help="Which stored framework to report on (default: three-pillars or the only one)."
    ),
    markdown: Path | None = typer.Option(None, "--markdown", help="Also write the report as Markdown here."),
    title: str | None = typer.Option(None, "--title", help="The report's title."),
    max_per_group: int = typer.Option(
        100, "--max-per-group", min=1,
        help="Show at most this many statements per country pair and pillar (the counts still cover all).",
    ),
    max_dyads: int = typer.Option(
        12, "--max-dyads", min=0,
        help="Show the dashboard views (timeline, balance, sub-areas, mechanisms, speakers) for this many pairs.",
    ),
) -> None:
    """Write statements grouped by country pair and pillar, with highlighted evidence, as one HTML file.

    Examples:

      amity report --db amity-demo/amity.db --out report.html

      amity report --db amity.db --framework lmc --out lmc.html --markdown lmc.md
    """
    from amity.report import DEFAULT_TITLE, build_report_data
    from amity.report.html import render_html
    from amity.report.markdown import render_markdown_data
    from amity.store import Store

    if "://" not in db and not Path(db).expanduser().is_file():
        fail(f"{db}: no such database (create one with `amity analyze FILE... --db {db}` or `amity demo`)")
    try:
        with Store(db, create=False) as store:
            data = build_report_data(
                store, framework=framework, title=title or DEFAULT_TITLE, max_per_group=max_per_group,
                max_dyads=max_dyads,
            )
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_html(data), encoding="utf-8", newline="\n")
        if markdown is not None:
            markdown.parent.mkdir(parents=True, exist_ok=True)
            markdown.write_text(render_markdown_data(data), encoding="utf-8", newline="\n")
    except AmityError as exc:
        fail(exc)
    except OSError as exc:
        fail(f"cannot write the report: {exc}")
    except SQLAlchemyError as exc:
        fail(f"{db}: not an Amity database ({exc.__class__.__name__}); create one with `amity analyze --db`")
    console.print(
        f"{data.relevant} statements about cooperation, {data.dyad_count} country pairs, "
        f"framework {escape(data.framework.id)}"
    )
    console.print(f"[bold]report[/]    {escape(str(out))}")
    if markdown is not None:
        console.print(f"[bold]markdown[/]  {escape(str(markdown))}")
