"""`amity demo`: the main job end to end on the bundled invented articles."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from amity.cli import app
from amity.cli._common import console, err_console, fail
from amity.errors import AmityError


@app.command()
def demo(
    directory: Path = typer.Option(
        Path("amity-demo/corpus"), "--dir", help="Where to write the invented demo articles."
    ),
    db: Path = typer.Option(Path("amity-demo/amity.db"), "--db", help="The SQLite database to fill."),
    out: Path = typer.Option(
        Path("amity-demo/report.html"), "--out", help="The HTML report (a Markdown summary is written beside it)."
    ),
    framework: str = typer.Option(
        "three-pillars", "--framework", "-f",
        help="A bundled framework (three-pillars, lmc, asean, bri) or the path of your own YAML file.",
    ),
) -> None:
    """Write the invented demo corpus, analyse it into SQLite and write an HTML report.

    The articles are invented examples (not real news) in three formats: wire text, HTML and JSONL.
    Running it again changes nothing: stored documents are skipped.

    Example:

      amity demo && open amity-demo/report.html
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from amity.demo import demo_document_count, run_demo
    from amity.report.labels import country_name

    try:
        with Progress(
            TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=err_console, transient=True, disable=not err_console.is_terminal,
        ) as progress:
            task = progress.add_task("analysing the demo articles", total=demo_document_count())

            def tick(_item: object) -> None:
                progress.advance(task)

            result = run_demo(corpus_dir=directory, db=db, report=out, framework=framework, progress=tick)
    except AmityError as exc:
        fail(exc)
    for item in result.batch.quarantined:
        err_console.print(f"[yellow]skipped[/]: {escape(item.reason)}", highlight=False, soft_wrap=True)

    data = result.data
    batch = result.batch
    analysed = (
        f"{batch.processed} analysed now, {batch.skipped} already stored"
        if batch.skipped else f"{batch.processed} analysed"
    )
    console.print(Panel.fit(
        f"[bold]{data.documents}[/] documents ({analysed}) · [bold]{data.statements}[/] statements, "
        f"[bold]{data.relevant}[/] about cooperation · [bold]{data.dyad_count}[/] country pairs\n"
        f"framework [cyan]{escape(data.framework.name)}[/] ({escape(data.framework.id)})"
        + (f" · {data.period[0]} to {data.period[1]}" if data.period else ""),
        title="Amity demo", subtitle="invented articles, real pipeline",
    ))

    table = Table(title="Statements by country pair and pillar (top 8)", title_justify="left")
    table.add_column("Country pair")
    for pid, _name in data.pillars:
        table.add_column(escape(data.pillar_header(pid)), justify="right")
    table.add_column("Total", justify="right")
    for row in [r for r in data.rows if r.dyad != ("", "")][:8]:
        pair = " – ".join(country_name(c) for c in row.dyad)
        table.add_row(escape(pair), *(str(row.by_pillar.get(p, 0)) for p, _ in data.pillars), str(row.total))
    console.print(table)
    console.print("  " + " · ".join(f"{escape(data.pillar_header(pid))} = {escape(name)}"
                                    for pid, name in data.pillars), style="dim")

    console.print()
    console.print(f"[bold]corpus[/]    {escape(str(result.corpus_dir))}  ({len(result.files)} files, see README.md)")
    console.print(f"[bold]database[/]  {escape(str(result.db))}")
    console.print(f"[bold]report[/]    {escape(str(result.report))}")
    console.print(f"[bold]summary[/]   {escape(str(result.markdown))}")
    console.print()
    first = min((result.articles_dir / "wire").glob("*.txt"), default=result.articles_dir / "wire")
    for line in (  # not wrapped: each command stays one line to copy
        "[bold]Next[/]",
        "  [dim]# open the report in a browser[/]",
        f"  open {escape(str(result.report))}",
        "  [dim]# see who said what in one article[/]",
        f"  amity analyze {escape(str(first))}",
        "  [dim]# rebuild the report, here under another framework's name if you analysed with one[/]",
        f"  amity report --db {escape(str(result.db))} --out report.html --markdown report.md",
        "  [dim]# your own news: files, folders, globs, .html, .txt, .jsonl[/]",
        "  amity analyze YOUR-NEWS/ --db my.db && amity report --db my.db --out my.html",
    ):
        console.print(line, soft_wrap=True)
