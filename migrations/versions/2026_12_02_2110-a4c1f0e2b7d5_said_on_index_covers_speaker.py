"""the said_on index carries each claim's speaker

Revision ID: a4c1f0e2b7d5
Revises: d38daf1039d9
Create Date: 2026-12-02 21:10:00.000000+00:00

Facet counts over a date window (`/v1/claims/facets?said_from=&said_to=`) read each matching
claim's speaker: with (said_on, id) alone that is a look-up in the table per claim. With the
speaker in the index the window is read from the index alone; its order (said_on, id) is
unchanged, so the pages that walk it are the same.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "a4c1f0e2b7d5"
down_revision: str | None = "d38daf1039d9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_index("ix_claims_said_on_id_speaker", "claims", ["said_on", "id", "speaker_id"])
    op.drop_index("ix_claims_said_on_id", table_name="claims")


def downgrade() -> None:
    """Revert this migration."""
    op.create_index("ix_claims_said_on_id", "claims", ["said_on", "id"])
    op.drop_index("ix_claims_said_on_id_speaker", table_name="claims")
