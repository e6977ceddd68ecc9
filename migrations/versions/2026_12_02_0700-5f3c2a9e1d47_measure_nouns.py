"""measure nouns

Revision ID: 5f3c2a9e1d47
Revises: b08664ebe1bf
Create Date: 2026-12-02 07:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "5f3c2a9e1d47"
down_revision: str | None = "b08664ebe1bf"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# SQLite adds a column in place; a batch would copy the table and lose its AUTOINCREMENT,
# letting a deleted measure's id (and its history) be reused. Dropping needs the copy.


def upgrade() -> None:
    """Apply this migration."""
    op.add_column(
        "measures",
        sa.Column(
            "nouns",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            server_default=sa.text("'[]'"),
            nullable=False,
        ),
    )


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table(
        "measures", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.drop_column("nouns")
