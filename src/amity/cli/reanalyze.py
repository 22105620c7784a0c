"""`amity reanalyze`: bring stored analyses up to date, or code stored documents under another framework."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeRemainingColumn
from rich.table import Table

from amity.cli import app
from amity.cli._common import ATTRIBUTION_HELP, NO_ACTS_HELP, AttributionMode, console, err_console, fail, shown
from amity.cli.analyze import Engine
from amity.cli.ingest import SummaryFormat
from amity.errors import AmityError, ConfigError

if TYPE_CHECKING:
    from amity.engine.reanalyze import ReanalyzeSummary


@app.command()
def reanalyze(
    db: str = typer.Option("amity.db", "--db", help="The database: a SQLite path or a postgresql:// URL."),
    framework: list[str] = typer.Option(
        [], "--framework", "-f",
        help="Also code every stored document under this framework (an id from `amity frameworks`, or a YAML "
             "file). Repeat for several."),
    everything: bool = typer.Option(
        False, "--all", help="Annotate and code every stored document again, not only those an older "
                             "pipeline analysed."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for annotation."),
    batch_size: int | None = typer.Option(
        None, "--batch-size", min=1, help="Documents per stored transaction. Default: about 128,000 characters."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    fmt: SummaryFormat = typer.Option(SummaryFormat.table, "--format", help="How to print the summary."),
    attribution: AttributionMode = typer.Option(AttributionMode.rules, "--attribution", help=ATTRIBUTION_HELP),
    no_acts: bool = typer.Option(False, "--no-acts", help=NO_ACTS_HELP),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local, or dask for a cluster."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://HOST:8786)."),
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="Dask LocalCluster workers (default: one per core)."),
) -> None:
    """Analyse stored documents again, from the text kept in the database (the sources are not needed).

    Without options: the documents an older Amity analysed (`amity db info` counts them), under their frameworks.

    With --framework: also code every stored document under that framework.

    --no-acts and --attribution apply to everything the run writes.

    Each batch is one transaction: stop at any time, and rerun the same command to finish.

    Examples:

      amity reanalyze --db amity.db

      amity reanalyze --db amity.db --framework lmc

      amity reanalyze --db amity.db --all --no-acts --jobs 2

      amity reanalyze --db postgresql://... --framework lmc --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from amity.engine.reanalyze import reanalyze as run_reanalyze

    if "://" not in db and not Path(db).expanduser().is_file():
        fail(f"{db}: no such database file; make one with `amity ingest` or `amity demo`")
    with Progress(
        SpinnerColumn(), TextColumn("[bold]reanalyze[/]"), BarColumn(), MofNCompleteColumn(),
        TextColumn("eta"), TimeRemainingColumn(), console=err_console, disable=quiet, transient=True,
    ) as progress:
        task = progress.add_task("reanalyze", total=None)

        def hook(summary: ReanalyzeSummary) -> None:
            progress.update(task, total=summary.todo, completed=summary.finished)

        try:
            if engine is not Engine.dask and (scheduler is not None or workers is not None):
                raise ConfigError("--scheduler and --workers are for the Dask engine", hint="add --engine dask")
            if engine is Engine.dask and jobs > 1:
                raise ConfigError("--jobs is for the local engine", hint="with --engine dask, use --workers or "
                                  "--scheduler")
            summary = run_reanalyze(db, frameworks=framework, everything=everything, attribution=attribution.value,
                                    acts=not no_acts, jobs=jobs, batch_size=batch_size, progress=hook,
                                    engine=engine.value, scheduler=scheduler, workers=workers)
        except AmityError as exc:
            fail(exc)
    if fmt is SummaryFormat.json:
        console.print_json(json.dumps({"db": shown(db), **summary.to_dict()}))
        return
    table = Table(title=f"Re-analysis ({escape(shown(db))})", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    for label, value in (
        ("stored documents", summary.documents), ("annotated and coded again", summary.refreshed),
        ("codings added (new framework)", summary.added), ("already up to date", summary.up_to_date),
        ("left alone (a newer Amity made them)", summary.newer), ("statements coded", summary.statements),
        ("time", f"{summary.elapsed:.1f} s"),
    ):
        table.add_row(label, str(value))
    console.print(table)
