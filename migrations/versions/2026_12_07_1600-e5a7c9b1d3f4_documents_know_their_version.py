"""documents know their version

A claim's ready-made document records the claim's version it was built at (`built_version`)
and the last version at which something outside the claim changed it (`outside_version`: a
speaker renamed, a review added, a repeat linked, a new document format). GET /v1/claims/{id}
answers If-None-Match: "<version>" with 304 only when the client's copy of that version cannot
differ from today's: for a version later than `outside_version`. What changed the documents
kept so far is not known, so their current version is taken as changed from outside (no 304
until the claim's next version).

Revision ID: e5a7c9b1d3f4
Revises: d3f5a7b9c1e2
Create Date: 2026-12-07 16:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e5a7c9b1d3f4"
down_revision: str | None = "d3f5a7b9c1e2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the two versions; the documents kept so far count as changed from outside."""
    with op.batch_alter_table("claim_documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("built_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("outside_version", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE claim_documents SET built_version = "
        "(SELECT version FROM claims WHERE claims.id = claim_documents.claim_id)"
    )
    op.execute("UPDATE claim_documents SET outside_version = built_version")


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table("claim_documents", schema=None) as batch_op:
        batch_op.drop_column("outside_version")
        batch_op.drop_column("built_version")
