"""The CLI's errors about databases: one line, no traceback, no password."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from amity.cli._common import shown


def _amity(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from amity.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120)


def test_a_database_without_amitys_tables_is_a_one_line_error(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE x (a)").connection.close()
    done = _amity("reanalyze", "--db", str(other))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "no such table" in done.stderr
    assert len([line for line in done.stderr.splitlines() if line.strip()]) <= 3  # one error, wrapped at most


def test_an_unreachable_database_names_no_password() -> None:
    done = _amity("indicators", "--db", "postgresql://amity:s3cret@127.0.0.1:1/nosuch", "--dyad", "KHM-CHN")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "s3cret" not in done.stderr + done.stdout


def test_passwords_in_urls_are_masked() -> None:
    assert shown("postgresql://amity:s3cret@db.example.org/amity") == "postgresql://amity:***@db.example.org/amity"
    assert shown("postgresql+psycopg://u:p@h/db; sqlite:///x.db") == "postgresql+psycopg://u:***@h/db; sqlite:///x.db"
    assert shown("amity.db") == "amity.db"
