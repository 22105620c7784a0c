"""The initial schema (SCHEMA_VERSION 1): documents, analyses, statements, codings and their codes.

Written out table by table rather than calling ``metadata.create_all``: a revision must keep
creating the same tables after ``schema.py`` moves on, which later revisions then alter.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _fk(target: str) -> sa.ForeignKey:
    return sa.ForeignKey(target, ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("source", sa.String(200)),
        sa.Column("url", sa.Text),
        sa.Column("path", sa.Text),
        sa.Column("published", sa.DateTime),
        sa.Column("authors", sa.Text),
        sa.Column("editor", sa.String(200)),
        sa.Column("dateline", sa.String(200)),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("cluster_id", sa.String(32)),
        sa.Column("provenance", sa.Text),
        sa.Column("extra", sa.Text),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_documents_cluster_id", "documents", ["cluster_id"])
    op.create_index("ix_documents_published", "documents", ["published"])

    op.create_table(
        "analyses",
        sa.Column("document_id", sa.String(32), _fk("documents.id"), primary_key=True),
        sa.Column("framework", sa.String(100), primary_key=True),
        sa.Column("pipeline_version", sa.String(32), nullable=False),
        sa.Column("analyzed_at", sa.DateTime, nullable=False),
        sa.Column("n_statements", sa.Integer, nullable=False),
    )
    op.create_index("ix_analyses_framework_time", "analyses", ["framework", "analyzed_at"])

    op.create_table(
        "actors",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("iso3", sa.String(3)),
        sa.Column("title", sa.Text),
        sa.Column("role", sa.Text),
        sa.Column("organisation", sa.Text),
    )

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(32), _fk("documents.id"), nullable=False),
        sa.Column("actor_id", sa.String(200), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.UniqueConstraint("document_id", "start", "end", "actor_id", name="uq_mentions_span"),
    )

    op.create_table(
        "statements",
        sa.Column("id", sa.String(48), primary_key=True),
        sa.Column("document_id", sa.String(32), _fk("documents.id"), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("speaker_id", sa.String(200)),
        sa.Column("speaker_name", sa.Text),
        sa.Column("speaker_title", sa.Text),
        sa.Column("speaker_organisation", sa.Text),
        sa.Column("speaker_country", sa.String(3)),
        sa.Column("speaker_type", sa.String(20)),
        sa.Column("speaker_start", sa.Integer),
        sa.Column("speaker_end", sa.Integer),
        sa.Column("speaker_text", sa.Text),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("cue_text", sa.Text),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("published", sa.DateTime),
        sa.Column("cluster_id", sa.String(32)),
    )
    op.create_index("ix_statements_document", "statements", ["document_id"])
    op.create_index("ix_statements_published", "statements", ["published"])
    op.create_index("ix_statements_speaker", "statements", ["speaker_id"])

    op.create_table(
        "codings",
        sa.Column("statement_id", sa.String(48), _fk("statements.id"), primary_key=True),
        sa.Column("framework", sa.String(100), primary_key=True),
        sa.Column("relevant", sa.Boolean, nullable=False),
        sa.Column("primary_pillar", sa.String(50)),
        sa.Column("pillars", sa.Text),
        sa.Column("sub_areas", sa.Text),
        sa.Column("mechanisms", sa.Text),
        sa.Column("dyads", sa.Text),
        sa.Column("event_type", sa.String(20)),
        sa.Column("tone", sa.String(20)),
        sa.Column("commitment", sa.String(20)),
        sa.Column("confidence", sa.Float, nullable=False),
    )

    op.create_table(
        "statement_pillars",
        sa.Column("statement_id", sa.String(48), _fk("statements.id"), primary_key=True),
        sa.Column("framework", sa.String(100), primary_key=True),
        sa.Column("pillar", sa.String(50), primary_key=True),
        sa.Column("is_primary", sa.Boolean, nullable=False),
    )
    op.create_index("ix_statement_pillars_fp", "statement_pillars", ["framework", "pillar"])

    op.create_table(
        "statement_sub_areas",
        sa.Column("statement_id", sa.String(48), _fk("statements.id"), primary_key=True),
        sa.Column("framework", sa.String(100), primary_key=True),
        sa.Column("sub_area", sa.String(100), primary_key=True),
    )
    op.create_index("ix_statement_sub_areas_fs", "statement_sub_areas", ["framework", "sub_area"])

    op.create_table(
        "statement_mechanisms",
        sa.Column("statement_id", sa.String(48), _fk("statements.id"), primary_key=True),
        sa.Column("framework", sa.String(100), primary_key=True),
        sa.Column("mechanism", sa.String(50), primary_key=True),
    )
    op.create_index("ix_statement_mechanisms_fm", "statement_mechanisms", ["framework", "mechanism"])

    op.create_table(
        "statement_dyads",
        sa.Column("statement_id", sa.String(48), _fk("statements.id"), primary_key=True),
        sa.Column("framework", sa.String(100), primary_key=True),
        sa.Column("country_a", sa.String(3), primary_key=True),
        sa.Column("country_b", sa.String(3), primary_key=True),
    )
    op.create_index("ix_statement_dyads_ab", "statement_dyads", ["country_a", "country_b"])

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("statement_id", sa.String(48), _fk("statements.id"), nullable=False),
        sa.Column("framework", sa.String(100), nullable=False),
        sa.Column("field", sa.String(30), nullable=False),
        sa.Column("value", sa.String(100), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("cue", sa.Text, nullable=False),
    )
    op.create_index("ix_evidence_statement", "evidence", ["statement_id", "framework"])

    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("input", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("code", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.UniqueConstraint("key"),
    )

    meta = op.create_table(
        "amity_meta",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.bulk_insert(meta, [{"key": "schema_version", "value": "1"}])


def downgrade() -> None:
    for index, table in (
        ("ix_evidence_statement", "evidence"),
        ("ix_statement_dyads_ab", "statement_dyads"),
        ("ix_statement_mechanisms_fm", "statement_mechanisms"),
        ("ix_statement_sub_areas_fs", "statement_sub_areas"),
        ("ix_analyses_framework_time", "analyses"),
        ("ix_statement_pillars_fp", "statement_pillars"),
        ("ix_statements_speaker", "statements"),
        ("ix_statements_published", "statements"),
        ("ix_statements_document", "statements"),
        ("ix_documents_published", "documents"),
        ("ix_documents_cluster_id", "documents"),
    ):
        op.drop_index(index, table_name=table)
    for table in (
        "amity_meta", "quarantine", "evidence", "statement_dyads", "statement_mechanisms",
        "statement_sub_areas", "statement_pillars", "codings", "statements", "mentions", "actors",
        "analyses", "documents",
    ):
        op.drop_table(table)
