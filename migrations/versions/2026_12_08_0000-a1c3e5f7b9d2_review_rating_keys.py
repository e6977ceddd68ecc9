"""review rating keys

`?rating=` compared lower(rating_label) with the label the client sent, lowered in Python:
SQLite's lower() folds ASCII only, so a label with a capital outside it ("Неправда", "Ψευδές")
was never found, not even as typed, and PostgreSQL's lower() keeps a final sigma that Python
folds. Each review now keeps its label's key (app.core.fields.rating_key, worked out in
Python on both engines), indexed with its claim; the index on lower(rating_label) goes.

Revision ID: a1c3e5f7b9d2
Revises: f7b9d1e3a5c7
Create Date: 2026-12-08 00:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.core.fields import RATING_KEY_LENGTH, rating_key

revision: str = "a1c3e5f7b9d2"
down_revision: str | None = "f7b9d1e3a5c7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the key, work it out for every label stored, index it with the claim."""
    op.add_column("reviews", sa.Column("rating_key", sa.String(RATING_KEY_LENGTH), nullable=True))
    bind = op.get_bind()
    labels = [
        label for (label,) in bind.execute(sa.text("SELECT DISTINCT rating_label FROM reviews"))
    ]
    for label in labels:
        bind.execute(
            sa.text("UPDATE reviews SET rating_key = :key WHERE rating_label = :label"),
            {"key": rating_key(label), "label": label},
        )
    op.drop_index("ix_reviews_rating_lower_claim", table_name="reviews")
    op.create_index("ix_reviews_rating_key_claim", "reviews", ["rating_key", "claim_id"])


def downgrade() -> None:
    """The index on lower(rating_label) again, without the key."""
    op.drop_index("ix_reviews_rating_key_claim", table_name="reviews")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("rating_key")
    op.create_index(
        "ix_reviews_rating_lower_claim", "reviews", [sa.text("lower(rating_label)"), "claim_id"]
    )
