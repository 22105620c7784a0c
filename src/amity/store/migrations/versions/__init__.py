"""Migration revisions, oldest first (Alembic reads them by their ``revision`` ids, not by name)."""
