"""The database schema, in SQLAlchemy Core so that SQLite and PostgreSQL take the same tables.

Statements are stored once per document; their codings once per (statement, framework). The codes
that indicators aggregate on (pillars, sub-areas, mechanisms, dyads) are also kept in narrow tables,
so that indicators are plain SQL group-bys.

Every table that holds data Amity cannot recompute is declared here, and the Alembic revisions in
``amity/store/migrations/versions`` create exactly these tables: the store's own, the de-duplication
index (``dedup_*``: which story cluster each document joined, the MinHash bands that later documents
are matched against, and the copies that were not annotated again) and ``feed_seen`` (the feed items
``amity watch`` already ingested). Losing either would change what a rerun stores, so both are
versioned with the schema.

Three kinds of table stay outside this module and outside Alembic, on purpose (see
``DERIVED_TABLE_PREFIXES``):

* ``statements_fts`` (and the FTS5 shadow tables and triggers behind it): SQLite's full-text index of
  statement text, made by ``amity.indicators.statements.ensure_fts`` on first search and rebuilt there
  whenever it disagrees with ``statements``. It is SQLite-only (PostgreSQL searches with
  ``to_tsvector``), optional (a SQLite without FTS5 falls back to ``LIKE``) and holds nothing that
  ``statements`` does not.
* ``amity_roll_*``: the indicator summaries of ``amity.indicators.rollup``, pre-aggregated counts
  refreshed from ``analyses`` and rebuilt from scratch whenever they disagree with it (or their
  columns differ from the running version's). Dropping them costs one rebuild, never data.
* ``amity_tmp_*``: temporary tables of one summary refresh.

The HTTP cache of ``amity fetch`` (``fetch_cache``) is not in the store's database at all: it is a
SQLite file of its own (``amity.ingest.fetch.FetchCache``).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 3

# Tables Amity makes beside these that are derived, rebuildable indexes (see the module docstring):
# never in a revision, and ignored when Alembic compares a database with this schema.
DERIVED_TABLE_PREFIXES: tuple[str, ...] = ("statements_fts", "amity_roll_", "amity_tmp_")

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(32), primary_key=True),  # content hash
    Column("title", Text),
    Column("source", String(200)),
    Column("url", Text),
    Column("path", Text),
    Column("published", DateTime),
    Column("authors", Text),  # JSON list
    Column("editor", String(200)),
    Column("dateline", String(200)),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("cluster_id", String(32), index=True),  # story cluster (near-duplicates); defaults to id
    Column("provenance", Text),  # JSON
    Column("extra", Text),  # JSON
    Column("ingested_at", DateTime, nullable=False),
    Index("ix_documents_published", "published"),
)

analyses = Table(
    "analyses",
    metadata,
    Column("document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("framework", String(100), primary_key=True),
    Column("pipeline_version", String(32), nullable=False),
    Column("analyzed_at", DateTime, nullable=False),
    Column("n_statements", Integer, nullable=False),
    Index("ix_analyses_framework_time", "framework", "analyzed_at"),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(20), nullable=False),
    Column("iso3", String(3)),
    Column("title", Text),
    Column("role", Text),
    Column("organisation", Text),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", String(200), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    UniqueConstraint("document_id", "start", "end", "actor_id", name="uq_mentions_span"),
)

statements = Table(
    "statements",
    metadata,
    Column("id", String(48), primary_key=True),  # "<document_id>:<index>" or "<document_id>:<tag>:<index>"
    Column("document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("speaker_id", String(200)),
    Column("speaker_name", Text),
    Column("speaker_title", Text),
    Column("speaker_organisation", Text),
    Column("speaker_country", String(3)),
    Column("speaker_type", String(20)),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("speaker_text", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("cue_text", Text),
    Column("confidence", Float, nullable=False, default=0.0),
    Column("published", DateTime),  # copied from the document, so period queries need no join
    Column("cluster_id", String(32)),
    Index("ix_statements_document", "document_id"),
    Index("ix_statements_published", "published"),
    Index("ix_statements_speaker", "speaker_id"),
)

# The other persons of a joint source ("Xi Jinping and Hun Manet said": Hun Manet), in the order named;
# the first person is the statement's speaker (``statements.speaker_*``). A child table rather than a JSON
# column: it is added by ``create_all`` to a SQLite file of an older version (a new column would not be),
# purged and replaced with the statement's other rows, and its countries can be queried like the codes'.
statement_co_speakers = Table(
    "statement_co_speakers",
    metadata,
    Column("statement_id", String(48), ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),  # 0 = first after the speaker
    Column("actor_id", String(200)),
    Column("name", Text, nullable=False),
    Column("title", Text),
    Column("organisation", Text),
    Column("country", String(3)),
    Column("type", String(20)),
    Index("ix_statement_co_speakers_actor", "actor_id"),
)

codings = Table(
    "codings",
    metadata,
    Column("statement_id", String(48), ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True),
    Column("framework", String(100), primary_key=True),
    Column("relevant", Boolean, nullable=False),
    Column("primary_pillar", String(50)),
    Column("pillars", Text),  # JSON list, also normalised in statement_pillars
    Column("sub_areas", Text),  # JSON list
    Column("mechanisms", Text),  # JSON list
    Column("dyads", Text),  # JSON list of pairs
    Column("event_type", String(20)),
    Column("tone", String(20)),
    Column("commitment", String(20)),
    Column("confidence", Float, nullable=False, default=0.0),
)

statement_pillars = Table(
    "statement_pillars",
    metadata,
    Column("statement_id", String(48), ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True),
    Column("framework", String(100), primary_key=True),
    Column("pillar", String(50), primary_key=True),
    Column("is_primary", Boolean, nullable=False),
    Index("ix_statement_pillars_fp", "framework", "pillar"),
)

statement_sub_areas = Table(
    "statement_sub_areas",
    metadata,
    Column("statement_id", String(48), ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True),
    Column("framework", String(100), primary_key=True),
    Column("sub_area", String(100), primary_key=True),
    Index("ix_statement_sub_areas_fs", "framework", "sub_area"),
)

statement_mechanisms = Table(
    "statement_mechanisms",
    metadata,
    Column("statement_id", String(48), ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True),
    Column("framework", String(100), primary_key=True),
    Column("mechanism", String(50), primary_key=True),
    Index("ix_statement_mechanisms_fm", "framework", "mechanism"),
)

statement_dyads = Table(
    "statement_dyads",
    metadata,
    Column("statement_id", String(48), ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True),
    Column("framework", String(100), primary_key=True),
    Column("country_a", String(3), primary_key=True),  # alphabetically first
    Column("country_b", String(3), primary_key=True),
    Index("ix_statement_dyads_ab", "country_a", "country_b"),
)

evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("statement_id", String(48), ForeignKey("statements.id", ondelete="CASCADE"), nullable=False),
    Column("framework", String(100), nullable=False),
    Column("field", String(30), nullable=False),
    Column("value", String(100), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("cue", Text, nullable=False),
    Index("ix_evidence_statement", "statement_id", "framework"),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("input", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("code", String(10), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("key", String(64), nullable=False, unique=True),  # hash of input+reason: idempotent reruns
)

meta = Table(
    "amity_meta",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)


# -- de-duplication index (amity.ingest.dedup) ----------------------------------------------------

dedup_documents = Table(
    "dedup_documents",
    metadata,
    Column("document_id", String(32), primary_key=True),
    Column("origin", Text, nullable=False),  # URL, path#record: tells a re-read from a copy
    Column("content_hash", String(64), nullable=False, index=True),
    Column("cluster_id", String(32), nullable=False, index=True),
    Column("kind", String(8), nullable=False),
    Column("duplicate_of", String(32)),
    Column("similarity", Float, nullable=False),
    Column("n_shingles", Integer, nullable=False),
    Column("signature", LargeBinary),  # NUM_PERM uint32, or NULL for short texts
)

dedup_bands = Table(
    "dedup_bands",
    metadata,
    Column("key", BigInteger, nullable=False),  # signed 64-bit hash of (band number, band values)
    Column("document_id", String(32), nullable=False),
    Index("ix_dedup_bands_key", "key"),
)

dedup_copies = Table(
    "dedup_copies",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(32), nullable=False, index=True),  # the stored document
    Column("copy_id", String(32), nullable=False),
    Column("url", Text),
    Column("source", String(200)),
    Column("origin", Text, nullable=False),
    Column("key", String(64), nullable=False, unique=True),
)

DEDUP_TABLES = (dedup_documents, dedup_bands, dedup_copies)

# -- feed items already ingested (amity.ingest.feeds, ``amity watch``) -------------------------------

feed_seen = Table(
    "feed_seen",
    metadata,
    Column("feed", Text, primary_key=True),
    Column("item_key", Text, primary_key=True),
    Column("url", Text),
    Column("seen_at", DateTime, nullable=False),
)
