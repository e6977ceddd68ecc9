"""figures by value

Claim matching looks for claims with a figure near a value read from the query's text, on
the measures of a unit (a translation states the same figure in other words): an index on
(measure_id, norm_value, claim_id) finds the nearest values first instead of scanning a
measure's figures.

Revision ID: a6c8e0f2b4d7
Revises: f5a7b9c1d3e5
Create Date: 2026-12-06 14:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "a6c8e0f2b4d7"
down_revision: str | None = "f5a7b9c1d3e5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.create_index(
            "ix_figures_measure_value", ["measure_id", "norm_value", "claim_id"], unique=False
        )


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_index("ix_figures_measure_value")
