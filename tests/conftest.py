"""Shared fixtures. Real data comes from ../shared (or $AMITY_SHARED)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    """A LocalCluster of two worker processes (one thread each), started once for every Dask test."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    with cluster, distributed.Client(cluster) as client:
        yield client
