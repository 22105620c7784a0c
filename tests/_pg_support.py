"""A throwaway PostgreSQL database per test, on the server that scripts/services.sh starts.

Skips locally without AMITY_TEST_PG_URL; fails in CI (env CI set) instead, so those tests never skip there.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from amity.store import database_url


def server_url() -> str:
    url = os.environ.get("AMITY_TEST_PG_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("AMITY_TEST_PG_URL is not set: CI must run PostgreSQL (scripts/services.d/postgres.sh)")
        pytest.skip("AMITY_TEST_PG_URL is not set (run: bash scripts/services.sh start)")
    return url


def drop_database(conn: Any, name: str) -> None:
    """DROP DATABASE, forcing off leftover sessions; without FORCE when the role may not do that
    (an autovacuum worker on a fresh database is not ours to terminate, but plain DROP cancels it)."""
    try:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    except ProgrammingError:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))


@contextmanager
def fresh_database(prefix: str, *, plain_driver: bool = False) -> Iterator[str]:
    """The URL of a database created empty, dropped afterwards. ``plain_driver`` gives the
    ``postgresql://`` form a user types on the command line instead of the SQLAlchemy driver URL."""
    url = make_url(database_url(server_url()))
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        target = url.set(database=name)
        if plain_driver:
            target = target.set(drivername="postgresql")
        yield target.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            drop_database(conn, name)
        admin.dispose()
