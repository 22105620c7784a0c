"""Creating and dropping whole PostgreSQL databases: throwaway stores for tests and benchmarks.

``server`` is the URL of a database on the server that the role may connect to (``postgresql://``
or a SQLAlchemy driver URL); the role must be allowed to create databases. Failures raise
:class:`~amity.errors.StoreError`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, ProgrammingError, SQLAlchemyError

from amity.errors import StoreError
from amity.store.migrate import driver_reason
from amity.store.store import database_url

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")  # an unquoted PostgreSQL identifier, at most 63 bytes


def _server(server: str, name: str) -> URL:
    if not _NAME.fullmatch(name):
        raise StoreError(f"not a database name: {name!r}", hint="letters, digits and '_', at most 63")
    try:
        url = make_url(database_url(server))
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {exc}", input=server) from exc
    if url.get_backend_name() != "postgresql":
        raise StoreError("not a PostgreSQL URL", input=url.render_as_string(hide_password=True))
    return url


@contextmanager
def _admin(url: URL, name: str, action: str) -> Iterator[Connection]:
    """A connection to the server in autocommit (CREATE and DROP DATABASE cannot run in a transaction)."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            yield conn
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot {action} database {name!r}: {driver_reason(exc)}",
                         input=url.render_as_string(hide_password=True)) from exc
    finally:
        admin.dispose()


def create_database(server: str, name: str) -> str:
    """Create the empty database ``name`` on the server; returns its URL (the driver URL, with the
    password, as :func:`~amity.store.database_url` would give it)."""
    url = _server(server, name)
    with _admin(url, name, "create") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(server: str, name: str) -> None:
    """Drop the database ``name`` if it exists, forcing off leftover sessions; without FORCE when the
    role may not do that (an autovacuum worker on a fresh database is not ours to terminate, but a
    plain DROP cancels it)."""
    with _admin(_server(server, name), name, "drop") as conn:
        try:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        except ProgrammingError:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))


@contextmanager
def temporary_database(server: str, prefix: str = "amity") -> Iterator[str]:
    """The URL of a new empty database named ``prefix`` and a random suffix, dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    url = create_database(server, name)
    try:
        yield url
    finally:
        drop_database(server, name)
