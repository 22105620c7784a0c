"""The ``amity`` command line: a thin layer that parses arguments, calls the library and prints.

Each command group lives in its own module and registers itself on ``app``.
"""

from __future__ import annotations

import logging

import typer

app = typer.Typer(
    name="amity",
    help=(
        "Measure cooperation between countries, pillar by pillar, from what leaders and officials "
        "say and do in the news.\n\nStart with `amity demo`, then `amity analyze FILE...`."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
evaluate_app = typer.Typer(help="Score Amity against gold annotation (precision, recall, F1).", no_args_is_help=True)
train_app = typer.Typer(help="Train models from your own annotations.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")
app.add_typer(train_app, name="train")


@app.callback()
def _root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress and decisions to stderr."),
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    # The libraries Amity reads with report what they could not read in their own words ("discarding data:
    # None"); Amity reports the same input once, in the quarantine, with its reason. With -v they speak too.
    for name in _QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.INFO if verbose else logging.CRITICAL)


_QUIET_LIBRARIES = ("trafilatura", "htmldate", "courlan", "justext", "warcio", "charset_normalizer")


# Command modules register themselves on import.
from amity.cli import analyze as _analyze  # noqa: E402,F401
from amity.cli import db as _db  # noqa: E402,F401
from amity.cli import demo as _demo  # noqa: E402,F401
from amity.cli import evaluate as _evaluate  # noqa: E402,F401
from amity.cli import events as _events  # noqa: E402,F401
from amity.cli import extra as _extra  # noqa: E402,F401
from amity.cli import indicators as _indicators  # noqa: E402,F401
from amity.cli import ingest as _ingest  # noqa: E402,F401
from amity.cli import pillars as _pillars  # noqa: E402,F401
from amity.cli import quotes as _quotes  # noqa: E402,F401
from amity.cli import reanalyze as _reanalyze  # noqa: E402,F401
from amity.cli import report as _report  # noqa: E402,F401
from amity.cli import train as _train  # noqa: E402,F401


def main() -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from amity.cli._common import fail

    try:
        app()
    except SQLAlchemyError as exc:
        # A database that cannot be reached, or that holds no Amity tables, met outside a command's own
        # handling: one line, not a driver's traceback.
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        try:
            fail(f"cannot use the database: {reason}; check the --db URL, that the database exists and that it "
                 "was made by Amity (`amity db info --db URL`)")
        except typer.Exit as done:  # outside the app, exit as the app would
            raise SystemExit(done.exit_code) from None
