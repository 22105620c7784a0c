"""A throwaway PostgreSQL database per test, on the server that scripts/services.sh starts.

Skips locally without AMITY_TEST_PG_URL; fails in CI (env CI set) instead, so those tests never skip there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy.engine import make_url

from amity.store.databases import temporary_database


def server_url() -> str:
    url = os.environ.get("AMITY_TEST_PG_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("AMITY_TEST_PG_URL is not set: CI must run PostgreSQL (scripts/services.d/postgres.sh)")
        pytest.skip("AMITY_TEST_PG_URL is not set (run: bash scripts/services.sh start)")
    return url


@contextmanager
def fresh_database(prefix: str, *, plain_driver: bool = False) -> Iterator[str]:
    """The URL of a database created empty, dropped afterwards. ``plain_driver`` gives the
    ``postgresql://`` form a user types on the command line instead of the SQLAlchemy driver URL."""
    with temporary_database(server_url(), prefix) as url:
        if plain_driver:
            url = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        yield url
