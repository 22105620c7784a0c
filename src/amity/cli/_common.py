"""Helpers shared by the command modules: console, error exit."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

from amity.errors import AmityError

console = Console()
err_console = Console(stderr=True)


def fail(exc: AmityError | str, code: int = 2) -> NoReturn:
    """Print a one-line error to stderr and exit."""
    text = exc.one_line() if isinstance(exc, AmityError) else exc
    err_console.print(f"[bold red]error[/]: {text}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)
