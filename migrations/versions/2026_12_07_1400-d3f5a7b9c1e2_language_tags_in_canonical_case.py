"""language tags in canonical case

Language tags are compared without case (BCP 47): writes now store them as RFC 5646 writes
them (`en`, `en-GB`, `sr-Latn`; app.core.fields.canonical_language) and filters compare the
same form, so a tag stored as `EN` before would no longer be found by `?language=en`. Each
distinct tag of claims, sources and reviews is rewritten in that case (few distinct values,
an UPDATE each), and the ready-made documents of the claims concerned are dropped:
`claimtrack migrate` builds them again (app.claims.derived_cli.ensure_documents).

Revision ID: d3f5a7b9c1e2
Revises: c9e1f3a5b7d9
Create Date: 2026-12-07 14:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.core.fields import canonical_language

revision: str = "d3f5a7b9c1e2"
down_revision: str | None = "c9e1f3a5b7d9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The claims whose documents show a table's language: (table, claims of a row's language).
DOCUMENTS = {
    "claims": "SELECT id FROM claims WHERE language = :old",
    "sources": "SELECT a.claim_id FROM appearances AS a JOIN sources AS s "
    "ON s.id = a.source_id WHERE s.language = :old",
    "reviews": "SELECT claim_id FROM reviews WHERE language = :old",
}


def upgrade() -> None:
    """Rewrite each tag that is not in canonical case."""
    bind = op.get_bind()
    for table, claims in DOCUMENTS.items():
        found = bind.execute(
            sa.text(f"SELECT DISTINCT language FROM {table} WHERE language IS NOT NULL")
        )
        for (old,) in list(found):
            new = canonical_language(old)
            if new == old:
                continue
            bind.execute(
                sa.text(f"DELETE FROM claim_documents WHERE claim_id IN ({claims})"), {"old": old}
            )
            bind.execute(
                sa.text(f"UPDATE {table} SET language = :new WHERE language = :old"),
                {"new": new, "old": old},
            )


def downgrade() -> None:
    """Nothing to undo: the tags name the same languages in either case."""
