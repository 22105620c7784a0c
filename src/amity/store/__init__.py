"""Storage of documents, statements and codings (SQLite by default, PostgreSQL by URL)."""

from amity.store.store import Store, database_url

__all__ = ["Store", "database_url"]
