"""The README documents the CLI that exists: every `amity ...` command it shows has a working --help."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from amity.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
COMMANDS = sorted(c for c in {
    " ".join(w for w in shlex.split(line.split("#")[0])[1:3] if not w.startswith("-") and "/" not in w
             and "." not in w and ":" not in w and "*" not in w)
    for line in re.findall(r"^amity [^\n]+", README, flags=re.MULTILINE)
} if c)


def test_readme_gives_the_two_commands() -> None:
    first = README.split("## Using it")[0]
    assert "python3 -m pip install -e . && amity demo" in first
    assert "bash scripts/test.sh" in first
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text("utf-8")
    assert "scripts/test.sh" in ci


@pytest.mark.parametrize("command", COMMANDS)
def test_documented_command_exists(command: str) -> None:
    result = CliRunner().invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0, f"amity {command}: {result.output}"


def test_every_command_is_documented() -> None:
    import typer.main

    registered = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]  # a click Group
    undocumented = {name for name in registered if f"amity {name}" not in README}
    assert not undocumented
