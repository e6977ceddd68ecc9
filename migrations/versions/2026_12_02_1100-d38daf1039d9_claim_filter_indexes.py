"""claim filter indexes: reviews by lowercased rating, claims by language and date

Revision ID: d38daf1039d9
Revises: 71b5a75ba097
Create Date: 2026-12-02 11:00:00.000000+00:00

`?rating=` compares lower(rating_label), which the plain rating_label index cannot answer; and
`?language=` had no index at all, so neither could be counted or listed without a scan (issue
12's filter matrix).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d38daf1039d9"
down_revision: str | None = "71b5a75ba097"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_index(
        "ix_reviews_rating_lower_claim",
        "reviews",
        [sa.text("lower(rating_label)"), "claim_id"],
        unique=False,
    )
    op.create_index("ix_claims_language_said_on_id", "claims", ["language", "said_on", "id"])


def downgrade() -> None:
    """Revert this migration."""
    op.drop_index("ix_claims_language_said_on_id", table_name="claims")
    op.drop_index("ix_reviews_rating_lower_claim", table_name="reviews")
