"""Shared fixtures. Real data comes from ../shared (or $AMITY_SHARED)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shared_path() -> Path:
    return Path(os.environ.get("AMITY_SHARED", ROOT.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_path()
    if not path.is_dir():
        if os.environ.get("CI"):
            raise RuntimeError(f"AMITY_SHARED={path} is missing; CI requires it")
        pytest.skip(f"shared data not found at {path}")
    return path
