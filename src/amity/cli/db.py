"""Commands: ``amity db upgrade`` and ``amity db info`` (schema migrations of a team database)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from amity.cli import app
from amity.cli._common import console, fail, shown
from amity.errors import AmityError

db_app = typer.Typer(help="Database schema: apply migrations, show the schema version.", no_args_is_help=True)
app.add_typer(db_app, name="db")

_DB_HELP = "A SQLite file path or a postgresql://USER:PASSWORD@HOST/NAME URL."


@db_app.command("upgrade")
def upgrade(
    db: str = typer.Option("amity.db", "--db", help=_DB_HELP),
    revision: str = typer.Option("head", "--revision", help="Migrate up to this revision."),
) -> None:
    """Apply the schema migrations the database lacks (a new database gets every table).

    Examples:

      amity db upgrade --db postgresql://amity:secret@db.example.org/amity

      amity db upgrade --db amity.db
    """
    from amity.store.migrate import upgrade as run_upgrade

    try:
        status = run_upgrade(db, revision)
    except AmityError as exc:
        fail(exc)
    console.print(f"{escape(status.url)}: schema at revision {status.current} (newest {status.head})",
                  highlight=False, soft_wrap=True)


def _options_label(tag: str) -> str:
    """An annotation-options tag of ``pipeline_version`` ("noacts", "parse", "qm1a2b3c") in words."""
    words = {"noacts": "without acts", "parse": "parse attribution"}
    return " and ".join(words.get(part, "quote model " + part[2:] if part.startswith("qm") else part)
                        for part in tag.split("."))


@db_app.command("info")
def info(db: str = typer.Option("amity.db", "--db", help=_DB_HELP)) -> None:
    """Show the database's dialect, schema revision and row counts."""
    from amity.store.migrate import status as read_status
    from amity.store.store import PIPELINE_VERSION, Store

    if "://" not in db and not Path(db).expanduser().is_file():
        fail(f"{db}: no such database file")
    try:
        status = read_status(db)
        if not status.has_tables:
            console.print(f"{escape(status.url)} ({status.dialect}): no Amity tables yet; "
                          "run `amity db upgrade` or `amity analyze --db`", highlight=False, soft_wrap=True)
            return
        with Store(db, create=False) as store:
            counts = store.counts()
            tagged = store.tagged_statements()
            frameworks = [f"{fw} ({n} documents{'; ' + ', '.join(map(_options_label, tags)) if tags else ''})"
                          for fw, n, tags in store.framework_summary()]
            by_version = store.analyses_by_version()
    except AmityError as exc:
        fail(exc)
    if status.up_to_date:
        state = f"{status.current} (up to date)"
    elif status.current is None:
        # SQLite files are made straight from schema.py; only `amity db upgrade` records a revision.
        state = f"not recorded (tables made directly from the schema); `amity db upgrade` records {status.head}"
    else:
        state = f"{status.current}; newest {status.head}: run `amity db upgrade`"
    lines = [
        f"database:   {escape(status.url)} ({status.dialect})",
        f"revision:   {state}",
        "rows:       " + ", ".join(f"{name} {n}" for name, n in counts.items()),
    ]
    if tagged:
        lines.append(f"            of the statements, {counts['statements'] - tagged} come from the default annotation "
                     f"and {tagged} from annotation with other options (see frameworks)")
    lines.append("frameworks: " + (", ".join(frameworks) or "none"))
    if by_version["older"]:
        lines.append(f"stale:      {by_version['older']} analyses made by an older pipeline (now {PIPELINE_VERSION}); "
                     f"bring them up to date with `amity reanalyze --db {escape(shown(db))}`")
    if by_version["newer"]:
        lines.append(f"newer:      {by_version['newer']} analyses made by a newer Amity than this one "
                     f"({PIPELINE_VERSION}); upgrade Amity to work on them")
    for line in lines:
        console.print(line, highlight=False, soft_wrap=True)
