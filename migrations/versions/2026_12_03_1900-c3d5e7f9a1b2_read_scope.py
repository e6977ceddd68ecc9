"""keys with the read scope

Revision ID: c3d5e7f9a1b2
Revises: b7e2c4d1a9f3
Create Date: 2026-12-03 19:00:00.000000+00:00

A key may now have the scope `read`: it reads when CLAIMTRACK_PUBLIC_READ=false and writes
nothing. Only the check on api_keys.scope changes (SQLite rebuilds the table to change it).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c3d5e7f9a1b2"
down_revision: str | None = "b7e2c4d1a9f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _scopes(allowed: str) -> None:
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_api_keys_scope"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_api_keys_scope"), f"scope IN ({allowed})")


def upgrade() -> None:
    """Apply this migration."""
    _scopes("'read', 'write', 'admin'")


def downgrade() -> None:
    """Revert this migration: read keys are revoked first, as the older schema has none."""
    op.execute("UPDATE api_keys SET scope = 'write', revoked_at = CURRENT_TIMESTAMP "
               "WHERE scope = 'read'")  # fmt: skip
    _scopes("'write', 'admin'")
