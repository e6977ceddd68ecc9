"""repeat links

One row per claim linked as a repeat of another (the original of its group): how it was
linked (matching or an editor), by whom, at which score, and whether an editor confirmed it.
A claim's read form gains repeat_of, repeats and known_reviews: the documents are dropped, and
`claimtrack migrate` builds them again (reads build a missing one on the spot meanwhile).

Revision ID: e4f6a8b0c2d4
Revises: c3d5e7f9a1b2
Create Date: 2026-12-04 16:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e4f6a8b0c2d4"
down_revision: str | None = "c3d5e7f9a1b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLAIM_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Add the repeat_links table."""
    op.create_table(
        "repeat_links",
        sa.Column("claim_id", CLAIM_ID, nullable=False),
        sa.Column("repeat_of_id", CLAIM_ID, nullable=False),
        sa.Column("how", sa.String(length=10), nullable=False),
        sa.Column("linked_by", sa.String(length=100), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("claim_id <> repeat_of_id", name=op.f("ck_repeat_links_not_itself")),
        sa.CheckConstraint("how IN ('matching', 'editor')", name=op.f("ck_repeat_links_how")),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"],
            name=op.f("fk_repeat_links_claim_id_claims"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["repeat_of_id"], ["claims.id"],
            name=op.f("fk_repeat_links_repeat_of_id_claims"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_repeat_links")),
    )  # fmt: skip
    op.create_index("ix_repeat_links_repeat_of_claim", "repeat_links", ["repeat_of_id", "claim_id"])


def downgrade() -> None:
    """Drop the repeat_links table, and the documents that show links."""
    op.execute("DELETE FROM claim_documents")
    op.drop_index("ix_repeat_links_repeat_of_claim", table_name="repeat_links")
    op.drop_table("repeat_links")
