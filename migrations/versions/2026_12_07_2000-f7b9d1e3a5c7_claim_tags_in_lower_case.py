"""claim tags in lower case

Tags compare without case: writes now keep them in lower case and `?tag=` looks them up in
lower case (app.core.fields.tag_case), so a tag stored as `Kursk` before would no longer be
found by `?tag=Kursk`. Each distinct tag not in lower case is rewritten (a claim holding both
`Kursk` and `kursk` keeps one), and the ready-made documents of the claims concerned are
dropped: `claimtrack migrate` builds them again (app.claims.derived_cli.ensure_documents).
Python lowers them, as writes do: SQLite's lower() knows ASCII only.

Revision ID: f7b9d1e3a5c7
Revises: e5a7c9b1d3f4
Create Date: 2026-12-07 20:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f7b9d1e3a5c7"
down_revision: str | None = "e5a7c9b1d3f4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TAG_LENGTH = 100  # claim_tags.tag's length; a tag that lowers past it keeps its case


def upgrade() -> None:
    """Rewrite each tag that is not in lower case."""
    bind = op.get_bind()
    for (old,) in list(bind.execute(sa.text("SELECT DISTINCT tag FROM claim_tags"))):
        new = old.lower()
        if new == old or len(new) > TAG_LENGTH:
            continue
        params = {"old": old, "new": new}
        bind.execute(
            sa.text(
                "DELETE FROM claim_documents WHERE claim_id IN "
                "(SELECT claim_id FROM claim_tags WHERE tag = :old)"
            ),
            params,
        )
        bind.execute(
            sa.text(
                "INSERT INTO claim_tags (claim_id, tag) SELECT t.claim_id, CAST(:new AS VARCHAR(100)) "
                "FROM claim_tags AS t WHERE t.tag = :old AND NOT EXISTS (SELECT 1 "
                "FROM claim_tags AS o WHERE o.claim_id = t.claim_id AND o.tag = :new)"
            ),
            params,
        )
        bind.execute(sa.text("DELETE FROM claim_tags WHERE tag = :old"), params)


def downgrade() -> None:
    """Nothing to undo: the tags name the same topics in either case."""
