"""`amity analyze`: read documents, find who said what, code it, print (and optionally store) it."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from amity.cli import app
from amity.cli._common import ATTRIBUTION_HELP, NO_ACTS_HELP, AttributionMode, console, err_console, fail
from amity.errors import AmityError, ConfigError
from amity.model import Analysis

if TYPE_CHECKING:
    from amity.batch import BatchResult
    from amity.ingest import JsonlFields
    from amity.pipeline import Pipeline


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class Engine(StrEnum):
    local = "local"
    dask = "dask"


@app.command()
def analyze(
    paths: list[str] = typer.Argument(..., help="Files, directories or globs: wire .txt, .html, .jsonl(.gz)."),
    framework: str = typer.Option(
        "three-pillars", "--framework", "-f",
        help="A bundled framework (see `amity frameworks`) or the path of your own YAML file.",
    ),
    db: str | None = typer.Option(
        None, "--db", help="Also store the results: a SQLite file path or a postgresql:// URL."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="How to print the results."),
    text_field: str = typer.Option("text", help="JSONL: the key that holds the text."),
    title_field: str = typer.Option("title", help="JSONL: the key that holds the title."),
    date_field: str = typer.Option("published", help="JSONL: the key that holds the publication date."),
    url_field: str = typer.Option("url", help="JSONL: the key that holds the URL."),
    model: Path | None = typer.Option(None, "--model", help="A pillar model from `amity train pillars`."),
    quote_model: Path | None = typer.Option(None, "--quote-model", help="A model from `amity train quotes`."),
    attribution: AttributionMode = typer.Option(AttributionMode.rules, "--attribution", help=ATTRIBUTION_HELP),
    no_acts: bool = typer.Option(False, "--no-acts", help=NO_ACTS_HELP),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local, or dask for a cluster."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://HOST:8786)."),
    workers: int | None = typer.Option(None, "--workers", help="Dask LocalCluster workers (default: one per core)."),
) -> None:
    """Analyse documents and print each one's metadata and statements.

    Examples:

      amity analyze ../shared/corpus/seed/*.txt

      amity analyze news/ --db amity.db --format json > out.json

      amity analyze corpus.jsonl.gz --text-field body --date-field date --framework lmc

      amity analyze news/ --attribution parse

      amity analyze 'shards/*.parquet' --engine dask --scheduler tcp://10.0.0.5:8786 --db postgresql://...
    """
    from amity.ingest import JsonlFields
    from amity.pipeline import Pipeline

    fields = JsonlFields(text=text_field, title=title_field, published=date_field, url=url_field)
    try:
        if engine is Engine.dask:
            if attribution is not AttributionMode.rules:
                raise ConfigError("--attribution parse is not available with --engine dask",
                                  hint="use the local engine")
            from amity.engine.dask import analyze_with_dask

            result = analyze_with_dask(
                paths, framework=framework, db=db, scheduler=scheduler, fields=fields,
                pillar_model=model, quote_model=quote_model, workers=workers, acts=not no_acts,
            )
        else:
            pipeline = Pipeline(framework, pillar_model=model, quote_model=quote_model, attribution=attribution.value,
                                acts=not no_acts)
            result = _run_local(paths, pipeline, db, fields)
    except AmityError as exc:
        fail(exc)
    for item in result.quarantined:
        err_console.print(f"[yellow]skipped[/]: {escape(item.reason)}", highlight=False, soft_wrap=True)
    if fmt is OutputFormat.json:
        from amity.output import to_json

        sys.stdout.write(json.dumps(to_json(result.analyses, result.quarantined), ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
    elif fmt is OutputFormat.markdown:
        from amity.report.markdown_doc import analyses_to_markdown

        sys.stdout.write(analyses_to_markdown(result.analyses))
    else:
        for analysis in result.analyses:
            _print_table(analysis)
    if result.skipped:
        err_console.print(f"{result.skipped} document(s) already stored or repeated: skipped.")
    if result.duplicates:
        err_console.print(f"{result.duplicates} exact copy(ies) of a stored story: linked to it, not analysed again.")
    if not result.ok:
        raise typer.Exit(1)


def _run_local(paths: list[str], pipeline: Pipeline, db: str | None, fields: JsonlFields) -> BatchResult:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from amity.batch import analyze_inputs

    show = err_console.is_terminal
    with Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
        console=err_console, transient=True, disable=not show,
    ) as progress:
        task = progress.add_task("analysing", total=None, rate="")

        def tick(_item: object) -> None:
            progress.advance(task)

        return analyze_inputs(paths, pipeline=pipeline, db=db, fields=fields, progress=tick)


def _print_table(analysis: Analysis) -> None:
    doc = analysis.document
    meta = doc.metadata()
    console.rule(f"[bold]{escape(doc.title or doc.path or doc.id)}")
    head = [f"{k}: {escape(str(v))}" for k, v in meta.items()
            if v and k in ("source", "published", "editor", "authors", "dateline", "url", "path")]
    console.print("  ".join(head), highlight=False)
    if analysis.dyads:
        console.print("dyads: " + ", ".join("–".join(d) for d in analysis.dyads)
                      + ("   mechanisms: " + ", ".join(analysis.mechanisms) if analysis.mechanisms else ""))
    table = Table(show_lines=True, expand=True)
    for col in ("#", "speaker", "statement", "pillar", "sub-areas", "mechanisms", "event", "tone", "evidence"):
        table.add_column(col, overflow="fold")
    for st in analysis.statements:
        c = st.coding
        sp = st.speaker
        who = "" if sp is None else sp.name + (f", {sp.title}" if sp.title else "")
        who += f" ({sp.iso3})" if sp and sp.iso3 else ""
        ev = "; ".join(sorted({f"{e.field}:{e.cue}" for e in c.evidence})) if c else ""
        table.add_row(
            str(st.index + 1), escape(who), escape(st.content.text),
            escape(",".join(c.pillars) + (f" [{c.primary_pillar}]" if c.primary_pillar else "")) if c else "",
            escape(", ".join(c.sub_areas)) if c else "", escape(", ".join(c.mechanisms)) if c else "",
            c.event_type or "" if c else "", c.tone or "" if c else "", escape(ev),
        )
    console.print(table)
