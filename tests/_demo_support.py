"""The demo database, built once per test session and shared by test_demo.py and test_report.py."""

from __future__ import annotations

import functools
from pathlib import Path

from amity.demo import DemoResult, run_demo


@functools.cache
def build_demo(base: Path) -> DemoResult:
    """Run the whole demo under ``base`` (cached: both test files get the same run)."""
    return run_demo(corpus_dir=base / "corpus", db=base / "amity.db", report=base / "report.html")
