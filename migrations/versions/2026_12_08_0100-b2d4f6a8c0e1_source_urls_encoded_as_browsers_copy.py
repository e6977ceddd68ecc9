"""source URLs encoded as browsers copy them

A source is its normalised URL, but the path was kept as written and the host too: the same
article copied from a browser ("/%D0%A1%D1%82%D0%B0%D1%82%D1%8C%D1%8F", "xn--e1afmkfd.xn--p1ai")
and typed ("/Статья", "пример.рф") made two sources. Paths are now kept percent-encoded and
hosts in their IDNA form (app.sources.urls.normalize_url); each stored URL is normalised again,
and the ready-made documents of the claims that cite a changed one are dropped (`claimtrack
migrate` builds them again). A URL whose new form another source already has stays as it was:
two sources of one page are not merged here (an editor merges them).

Revision ID: b2d4f6a8c0e1
Revises: a1c3e5f7b9d2
Create Date: 2026-12-08 01:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.sources.urls import normalize_url

revision: str = "b2d4f6a8c0e1"
down_revision: str | None = "a1c3e5f7b9d2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Normalise each stored URL again where its new form is free."""
    bind = op.get_bind()
    rows = list(bind.execute(sa.text("SELECT id, url FROM sources ORDER BY id")))
    taken = {url for _id, url in rows}
    for source_id, url in rows:
        try:
            new = normalize_url(url)
        except ValueError:
            continue
        if new == url or new in taken:
            continue
        taken.add(new)
        params = {"id": source_id, "url": new}
        bind.execute(
            sa.text(
                "DELETE FROM claim_documents WHERE claim_id IN "
                "(SELECT claim_id FROM appearances WHERE source_id = :id)"
            ),
            params,
        )
        bind.execute(sa.text("UPDATE sources SET url = :url WHERE id = :id"), params)


def downgrade() -> None:
    """Nothing to undo: the URLs name the same pages in either form."""
