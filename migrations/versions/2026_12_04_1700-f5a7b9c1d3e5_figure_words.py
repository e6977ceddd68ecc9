"""figure words

A figure keeps the words it was read from (`text`) and their offsets in the source's text
(`start`, `end`), as POST /v1/extract gives them, so a candidate becomes a claim without losing
where its numbers came from. The read form shows them: the documents are dropped, and
`claimtrack migrate` builds them again.

Revision ID: f5a7b9c1d3e5
Revises: e4f6a8b0c2d4
Create Date: 2026-12-04 17:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f5a7b9c1d3e5"
down_revision: str | None = "e4f6a8b0c2d4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the figure's words and offsets."""
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("start", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("end", sa.Integer(), nullable=True))
    op.execute("DELETE FROM claim_documents")


def downgrade() -> None:
    """Drop them, and the documents that show them."""
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_column("end")
        batch_op.drop_column("start")
        batch_op.drop_column("text")
    op.execute("DELETE FROM claim_documents")
