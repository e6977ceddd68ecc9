"""a data version that every instance reads

Revision ID: b7e2c4d1a9f3
Revises: a4c1f0e2b7d5
Create Date: 2026-12-03 09:00:00.000000+00:00

One row, moved by each write transaction on PostgreSQL just before it commits (app.db.version):
counts remembered by one app instance are recomputed as soon as any instance has written,
instead of up to five seconds later. SQLite keeps using PRAGMA data_version; the table is made
there too, so that both engines have the same schema.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7e2c4d1a9f3"
down_revision: str | None = "a4c1f0e2b7d5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("n", sa.BigInteger(), server_default="0", nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_data_version_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.bulk_insert(table, [{"id": 1, "n": 0}])


def downgrade() -> None:
    """Revert this migration."""
    op.drop_table("data_version")
