"""claim documents rebuilt

Documents built before this revision wrote SQLite doubles with 15 significant digits and
qualifier intervals from a hand-kept copy of the rules; dropping them makes `claimtrack
migrate` build every document again (reads build a missing one on the spot meanwhile).

Revision ID: 5d1e7c2a9b30
Revises: 5f3c2a9e1d47
Create Date: 2026-12-02 07:10:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5d1e7c2a9b30"
down_revision: str | None = "5f3c2a9e1d47"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Drop the documents, to be rebuilt."""
    op.execute("DELETE FROM claim_documents")


def downgrade() -> None:
    """Nothing to undo: documents are derived data."""
