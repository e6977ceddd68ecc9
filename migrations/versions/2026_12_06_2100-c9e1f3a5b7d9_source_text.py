"""source text

A source keeps the text its claims were read from (`text`, nullable): POST /v1/extract/accept
stores the article there, so a figure's offsets (`start`, `end`) point into text the record
holds.

Revision ID: c9e1f3a5b7d9
Revises: b7d9f1a3c5e6
Create Date: 2026-12-06 21:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c9e1f3a5b7d9"
down_revision: str | None = "b7d9f1a3c5e6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the source's text."""
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop it."""
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("text")
