"""Alembic migrations of the Amity database; applied by :func:`amity.store.migrate.upgrade`.

The first revision creates the schema of :mod:`amity.store.schema` as it stood at SCHEMA_VERSION 1.
Each later change to ``schema.py`` comes with a new revision here (``alembic revision`` against a
scratch database, then review it by hand), so a team database is upgraded in place.
"""
