"""Schema version 2: the de-duplication index (``dedup_*``) and the feed items seen (``feed_seen``).

Before this revision ``amity.ingest.dedup`` and ``amity.ingest.feeds`` created these tables
themselves, the first time they ran against a database; they hold data no rerun can recompute
(story clusters, MinHash bands, copies skipped, feed items already ingested), so they are now part of
the versioned schema. A database at revision 0001 may therefore already have some of them, made with
the same columns and indexes: those are kept as they are (checked with the inspector), the missing
ones are created.

Not here, on purpose: the SQLite full-text index (``statements_fts``) and the indicator summaries
(``amity_roll_*``) are derived from ``statements`` and ``analyses`` and rebuilt by their modules
whenever they disagree with them (see ``amity.store.schema``).

Written out table by table like 0001, so that the revision keeps meaning the same after ``schema.py``
moves on.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

SCHEMA_VERSION = "2"

# (index, columns) per table, in creation order: created with the table, or added when an ad-hoc table lacks one.
_INDEXES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "dedup_documents": (("ix_dedup_documents_content_hash", ("content_hash",)),
                        ("ix_dedup_documents_cluster_id", ("cluster_id",))),
    "dedup_bands": (("ix_dedup_bands_key", ("key",)),),
    "dedup_copies": (("ix_dedup_copies_document_id", ("document_id",)),),
    "feed_seen": (),
}


def _columns(name: str) -> list[sa.Column[object] | sa.UniqueConstraint]:
    """The columns of each table as schema version 2 declares them."""
    if name == "dedup_documents":
        return [
            sa.Column("document_id", sa.String(32), primary_key=True),
            sa.Column("origin", sa.Text, nullable=False),
            sa.Column("content_hash", sa.String(64), nullable=False),
            sa.Column("cluster_id", sa.String(32), nullable=False),
            sa.Column("kind", sa.String(8), nullable=False),
            sa.Column("duplicate_of", sa.String(32)),
            sa.Column("similarity", sa.Float, nullable=False),
            sa.Column("n_shingles", sa.Integer, nullable=False),
            sa.Column("signature", sa.LargeBinary),
        ]
    if name == "dedup_bands":
        return [
            sa.Column("key", sa.BigInteger, nullable=False),
            sa.Column("document_id", sa.String(32), nullable=False),
        ]
    if name == "dedup_copies":
        return [
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("document_id", sa.String(32), nullable=False),
            sa.Column("copy_id", sa.String(32), nullable=False),
            sa.Column("url", sa.Text),
            sa.Column("source", sa.String(200)),
            sa.Column("origin", sa.Text, nullable=False),
            sa.Column("key", sa.String(64), nullable=False),
            sa.UniqueConstraint("key"),
        ]
    return [  # feed_seen
        sa.Column("feed", sa.Text, primary_key=True),
        sa.Column("item_key", sa.Text, primary_key=True),
        sa.Column("url", sa.Text),
        sa.Column("seen_at", sa.DateTime, nullable=False),
    ]


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for name, indexes in _INDEXES.items():
        if inspector.has_table(name):
            present = {index["name"] for index in inspector.get_indexes(name)}
        else:
            op.create_table(name, *_columns(name))
            present = set()
        for index, columns in indexes:
            if index not in present:
                op.create_index(index, name, list(columns))
    op.execute(
        sa.text("UPDATE amity_meta SET value = :v WHERE key = 'schema_version'").bindparams(v=SCHEMA_VERSION)
    )


def downgrade() -> None:
    for name, indexes in reversed(_INDEXES.items()):
        for index, _columns in indexes:
            op.drop_index(index, table_name=name)
        op.drop_table(name)
    op.execute(sa.text("UPDATE amity_meta SET value = '1' WHERE key = 'schema_version'"))
