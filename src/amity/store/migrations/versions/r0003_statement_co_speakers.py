"""Schema version 3: the co-speakers of a statement (``statement_co_speakers``).

A joint source ("Xi Jinping and Hun Manet said ...") speaks through its first person, kept in the
``speaker_*`` columns of ``statements`` as before; the others are now stored too, one row each, in the
order named (``position`` 0 is the first after the speaker). Statements stored before this revision
simply have no rows here until ``amity reanalyze`` codes their documents again.

A SQLite file made by the store already has the table when ``amity db upgrade`` stamps and upgrades it
(``create_all`` made it), so it is created only when the inspector does not find it, as in 0002.

Written out column by column, so that the revision keeps meaning the same after ``schema.py`` moves on.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

SCHEMA_VERSION = "3"
TABLE = "statement_co_speakers"
INDEX = "ix_statement_co_speakers_actor"


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if inspector.has_table(TABLE):
        present = {index["name"] for index in inspector.get_indexes(TABLE)}
    else:
        op.create_table(
            TABLE,
            sa.Column("statement_id", sa.String(48), sa.ForeignKey("statements.id", ondelete="CASCADE"),
                      primary_key=True),
            sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("actor_id", sa.String(200)),
            sa.Column("name", sa.Text, nullable=False),
            sa.Column("title", sa.Text),
            sa.Column("organisation", sa.Text),
            sa.Column("country", sa.String(3)),
            sa.Column("type", sa.String(20)),
        )
        present = set()
    if INDEX not in present:
        op.create_index(INDEX, TABLE, ["actor_id"])
    op.execute(
        sa.text("UPDATE amity_meta SET value = :v WHERE key = 'schema_version'").bindparams(v=SCHEMA_VERSION)
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name=TABLE)
    op.drop_table(TABLE)
    op.execute(sa.text("UPDATE amity_meta SET value = '2' WHERE key = 'schema_version'"))
