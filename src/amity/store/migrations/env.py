"""Alembic environment: run the revisions on the connection that :mod:`amity.store.migrate` passes in.

It also works with the plain ``alembic`` command when ``sqlalchemy.url`` is set in the config.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, text

from amity.store.schema import DERIVED_TABLE_PREFIXES, metadata

# Any fixed 64-bit number: it names the advisory lock that serialises concurrent upgraders.
MIGRATION_LOCK_ID = 0x616D697479  # "amity"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave the derived, rebuildable tables (FTS index, indicator summaries) out of comparisons, so
    that ``alembic revision --autogenerate`` on a used database does not propose dropping them."""
    return not (type_ == "table" and name is not None and name.startswith(DERIVED_TABLE_PREFIXES))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two processes opening a new database at once would both try to create the tables;
            # the lock makes the second wait and then find the schema at head. Transactional DDL
            # means it never sees a half-made schema.
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set sqlalchemy.url or pass a connection in config.attributes['connection']")
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
