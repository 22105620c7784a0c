"""`amity indicators`, `amity export statements` and `amity serve`: numbers, data and the dashboard."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from amity.cli import app
from amity.cli._common import console, err_console, fail
from amity.errors import AmityError

export_app = typer.Typer(help="Export stored data (statements) to CSV, JSON Lines or Parquet.", no_args_is_help=True)
app.add_typer(export_app, name="export")


class IndicatorFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


_TABLE_COLUMNS = ("period", "pillar", "statements", "stories", "share", "quality", "net_tone", "change",
                  "trend", "balance")


@app.command("indicators")
def indicators_command(
    db: str = typer.Option("amity.db", "--db", help="The database: a SQLite file path or a postgresql:// URL."),
    dyad: str | None = typer.Option(None, "--dyad", help="Two ISO alpha-3 codes, e.g. KHM-CHN (not with --country)."),
    country: str | None = typer.Option(
        None, "--country", help="One country against all others, e.g. KHM (not with --dyad: giving both is an error)."
    ),
    by: str = typer.Option("quarter", "--by", help="Period: week, month, quarter or year."),
    framework: str = typer.Option("three-pillars", "--framework", "-f", help="The framework the data was coded with."),
    pillar: str | None = typer.Option(None, "--pillar", help="Only this pillar of the framework (e.g. P2)."),
    sub_area: str | None = typer.Option(None, "--sub-area", help="Only statements coded to this sub-area."),
    start: str | None = typer.Option(None, "--start", help="From this date (ISO, inclusive; not after --end)."),
    end: str | None = typer.Option(None, "--end", help="Until this date (ISO, exclusive)."),
    fmt: IndicatorFormat = typer.Option(IndicatorFormat.table, "--format", help="table, csv, json or parquet."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write to this file instead of standard output."),
) -> None:
    """Indicators per period and pillar: quantity, quality, momentum and balance.

    Examples:

        amity indicators --db amity.db --dyad KHM-CHN --by quarter

        amity indicators --db amity.db --country KHM --by year --format csv --out khm.csv

    Giving both --dyad and --country is an error (exit status 2).

    So is a framework with no analyses in the database, a pillar or sub-area it does not have, or a start after the end.
    """
    from amity.indicators import indicators

    if dyad and country:
        fail(f"give --dyad or --country, not both (--dyad {dyad} --country {country}); "
             "--country takes every dyad of one country")
    try:
        frame = indicators(db, dyad=dyad, by=by, framework=framework, pillar=pillar, country=country,
                           sub_area=sub_area, start=start, end=end)
    except AmityError as exc:
        fail(exc)
    if fmt == IndicatorFormat.parquet:
        if out is None:
            fail("--format parquet needs --out FILE")
        frame.write_parquet(out)
        err_console.print(f"wrote {frame.height} rows to {escape(str(out))}")
        return
    if fmt == IndicatorFormat.table and out is None:
        _print_table(frame.to_dicts(), dyad or country or "all dyads", by)
        return
    if fmt == IndicatorFormat.csv:
        text = frame.write_csv()
    elif fmt == IndicatorFormat.json:
        text = json.dumps(frame.to_dicts(), default=str, indent=1)
    else:
        text = frame.write_csv(separator="\t")
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        err_console.print(f"wrote {frame.height} rows to {escape(str(out))}")


_HEADERS = {"statements": "stmts", "quality": "qual", "net_tone": "tone", "change": "chg", "balance": "bal"}


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _print_table(rows: list[dict[str, Any]], subject: str, by: str) -> None:
    if not rows:
        console.print(f"No dated, relevant statements for {escape(subject)}.")
        return
    table = Table(title=f"Indicators: {escape(subject)} by {by}", box=box.SIMPLE_HEAD, pad_edge=False)
    for col in _TABLE_COLUMNS:
        table.add_column(_HEADERS.get(col, col), justify="left" if col in ("period", "pillar") else "right",
                         no_wrap=col in ("period", "pillar"))
    for row in rows:
        style = "bold" if row["pillar"] == "all" else None
        table.add_row(*(escape(_fmt(row[c])) for c in _TABLE_COLUMNS), style=style)
    console.print(table)


@export_app.command("statements")
def export_statements_command(
    db: str = typer.Option("amity.db", "--db", help="The database: a SQLite file path or a postgresql:// URL."),
    fmt: ExportFormat = typer.Option(ExportFormat.csv, "--format", help="csv, jsonl or parquet."),
    out: Path = typer.Option(..., "--out", "-o", help="The file to write."),
    framework: str = typer.Option("three-pillars", "--framework", "-f", help="Whose codings to export."),
    dyad: str | None = typer.Option(None, "--dyad", help="Only statements about this dyad, e.g. KHM-CHN."),
    country: str | None = typer.Option(None, "--country", help="Only statements involving this country."),
    pillar: str | None = typer.Option(None, "--pillar", help="Only statements coded to this pillar."),
    relevant_only: bool = typer.Option(False, "--relevant-only", help="Leave out statements coded not relevant."),
) -> None:
    """Export coded statements (one row per statement and framework) with their document's metadata.

    Example:

        amity export statements --db amity.db --format parquet --out statements.parquet
    """
    from amity.indicators.export import export_statements
    from amity.indicators.scope import Scope, check_scope

    try:
        scope = check_scope(db, Scope.build(framework=framework, dyad=dyad, country=country, pillar=pillar))
        n = export_statements(db, out, fmt.value, scope, relevant_only=relevant_only)
    except AmityError as exc:
        fail(exc)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror}")
    err_console.print(f"wrote {n} statements to {escape(str(out))}")


@app.command("serve")
def serve_command(
    db: str = typer.Option("amity.db", "--db", help="The database: a SQLite file path or a postgresql:// URL."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    framework: str | None = typer.Option(None, "--framework", "-f", help="Framework shown first."),
    token: str | None = typer.Option(
        None, "--token", help="Bearer token that enables write endpoints (default: $AMITY_API_TOKEN)."
    ),
) -> None:
    """Serve the dashboard and the REST API (OpenAPI docs at /docs). Read-only unless a token is set.

    Example:

        amity serve --db amity.db --port 8000
    """
    from amity.errors import require

    try:
        from amity.web import create_app

        uvicorn: Any = require("uvicorn", feature="amity serve", extra="web")
        application = create_app(db, token=token or os.environ.get("AMITY_API_TOKEN"), framework=framework)
    except AmityError as exc:
        fail(exc)
    from amity.indicators import rollup
    from amity.indicators.statements import ensure_fts

    ctx = application.state.amity
    # build the summaries and the search index now rather than in the first page's requests
    for name in ctx.frameworks():
        err_console.print(f"preparing indicator summaries for {escape(name)}…")
        rollup.refresh(ctx.engine, name)
    ensure_fts(ctx.engine)
    err_console.print(f"Amity dashboard on http://{host}:{port}/  (API docs: /docs; Ctrl+C to stop)")
    uvicorn.run(application, host=host, port=port, log_level="warning")
