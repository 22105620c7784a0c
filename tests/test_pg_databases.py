"""amity.store.databases: create and drop whole PostgreSQL databases (throwaway stores)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from _pg_support import server_url
from amity.errors import StoreError
from amity.store import Store, database_url
from amity.store.databases import create_database, drop_database, temporary_database


def _exists(server: str, name: str) -> bool:
    engine = create_engine(database_url(server))
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is not None
    finally:
        engine.dispose()


def test_a_temporary_database_is_a_store_and_is_dropped_afterwards() -> None:
    server = server_url()
    with temporary_database(server, "amity_tmp") as url:
        name = url.rsplit("/", 1)[1].split("?")[0]
        assert name.startswith("amity_tmp_") and _exists(server, name)
        with Store(url) as store, store.engine.connect() as conn:
            assert conn.execute(text("SELECT current_database()")).scalar_one() == name
    assert not _exists(server, name)


def test_create_twice_fails_and_drop_is_idempotent() -> None:
    server = server_url()
    name = "amity_dbtest_twice"
    drop_database(server, name)
    create_database(server, name)
    try:
        with pytest.raises(StoreError, match="cannot create database 'amity_dbtest_twice'"):
            create_database(server, name)
    finally:
        drop_database(server, name)
    drop_database(server, name)  # already gone: nothing to do
    assert not _exists(server, name)


@pytest.mark.parametrize("server, name, message", [
    ("postgresql://u@localhost/db", 'x"; DROP TABLE y; --', "not a database name"),
    ("postgresql://u@localhost/db", "", "not a database name"),
    ("sqlite:///tmp/amity.db", "amity_x", "not a PostgreSQL URL"),
    ("not a url://", "amity_x", "not a database URL"),
])
def test_bad_names_and_urls_raise_store_errors(server: str, name: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        create_database(server, name)
    with pytest.raises(StoreError, match=message):
        drop_database(server, name)
