"""merges

One row per resource merged into another: what moved (for undoing it by a revert) and where
the merged-away slug answers now.

Revision ID: 71b5a75ba097
Revises: 5d1e7c2a9b30
Create Date: 2026-12-02 12:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "71b5a75ba097"
down_revision: str | None = "5d1e7c2a9b30"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    """Add the merges table."""
    op.create_table(
        "merges",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("from_id", sa.BigInteger(), nullable=False),
        sa.Column("from_slug", sa.String(length=100), nullable=True),
        sa.Column("target_id", sa.BigInteger(), nullable=False),
        sa.Column("into_id", sa.BigInteger(), nullable=False),
        sa.Column("moved", JSON, nullable=False),
        sa.Column("gained", JSON, nullable=False),
        sa.Column("repointed", JSON, nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merges")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("merges", schema=None) as batch_op:
        batch_op.create_index("ix_merges_kind_from_id", ["kind", "from_id"], unique=True)
        batch_op.create_index("ix_merges_kind_from_slug", ["kind", "from_slug"], unique=False)


def downgrade() -> None:
    """Drop the merges table."""
    with op.batch_alter_table("merges", schema=None) as batch_op:
        batch_op.drop_index("ix_merges_kind_from_slug")
        batch_op.drop_index("ix_merges_kind_from_id")
    op.drop_table("merges")
