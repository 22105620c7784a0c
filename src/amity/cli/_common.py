"""Helpers shared by the command modules: console, error exit."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from amity.errors import AmityError

console = Console()
err_console = Console(stderr=True)


class AttributionMode(StrEnum):
    """How quotes and reported speech are found: ``--attribution``."""

    rules = "rules"
    parse = "parse"


ATTRIBUTION_HELP = (
    "How to find who said what: 'rules' (default, fast) or 'parse', a spaCy dependency parse that finds "
    "more attributions but is much slower and needs: pip install 'amity\\[nlp]'. See docs/accuracy.md."
)
NO_ACTS_HELP = (
    "Only what people say: leave out reported acts, the statements (kind 'act') made of what the writer "
    "reports states did ('Cambodia and China signed 12 agreements'). See docs/acts.md."
)


_PASSWORD = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^\s:/@]+:)[^\s@/]+@", re.IGNORECASE)


def shown(text: str) -> str:
    """``text`` with the password of any database URL in it masked (``postgresql://amity:***@host/db``):
    what the CLI prints ends up in terminals, logs and tickets."""
    return _PASSWORD.sub(r"\1***@", text)


def fail(exc: AmityError | str, code: int = 2) -> NoReturn:
    """Print a one-line error to stderr and exit."""
    text = shown(exc.one_line() if isinstance(exc, AmityError) else exc)
    err_console.print(f"[bold red]error[/]: {escape(text)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)
