"""full-text search: claims.search_extra, FTS5 on SQLite, tsvector + GIN on PostgreSQL

Revision ID: 091bf7b65da3
Revises: 6527a9d3d44c
Create Date: 2026-11-25 21:42:13.406700+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "091bf7b65da3"
down_revision: str | None = "6527a9d3d44c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


SQLITE_FTS = [
    "CREATE VIRTUAL TABLE claims_fts USING fts5(text, search_extra, content='claims', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_fts(rowid, text, search_extra) VALUES (new.id, new.text, new.search_extra); "
    "END",
    "CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text, search_extra) "
    "VALUES ('delete', old.id, old.text, old.search_extra); END",
    "CREATE TRIGGER claims_fts_update AFTER UPDATE OF text, search_extra ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text, search_extra) "
    "VALUES ('delete', old.id, old.text, old.search_extra); "
    "INSERT INTO claims_fts(rowid, text, search_extra) VALUES (new.id, new.text, new.search_extra); "
    "END",
    "INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')",
]
SQLITE_BACKFILL = """
UPDATE claims SET search_extra = trim(
    coalesce((SELECT s.name || ' ' || coalesce((SELECT group_concat(value, ' ')
              FROM json_each(s.aliases)), '') FROM speakers s WHERE s.id = claims.speaker_id), '')
    || ' ' || coalesce((SELECT group_concat(src.title, ' ') FROM appearances a
              JOIN sources src ON src.id = a.source_id WHERE a.claim_id = claims.id), ''))
"""
POSTGRES_BACKFILL = """
UPDATE claims SET search_extra = trim(
    coalesce((SELECT s.name || ' ' || coalesce((SELECT string_agg(alias, ' ')
              FROM jsonb_array_elements_text(s.aliases) AS alias), '')
              FROM speakers s WHERE s.id = claims.speaker_id), '')
    || ' ' || coalesce((SELECT string_agg(src.title, ' ') FROM appearances a
              JOIN sources src ON src.id = a.source_id WHERE a.claim_id = claims.id), ''))
"""
# Words are runs of letters and digits on both engines, so both find the same claims:
# PostgreSQL's parser would otherwise keep "politico.eu" or "kursk-incursion" as one token.
POSTGRES_SEARCH = [
    "ALTER TABLE claims ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', regexp_replace(coalesce(text, ''), "
    "'[^[:alnum:]]+', ' ', 'g')), 'A') || "
    "setweight(to_tsvector('simple', regexp_replace(coalesce(search_extra, ''), "
    "'[^[:alnum:]]+', ' ', 'g')), 'B')) STORED",
    "CREATE INDEX ix_claims_search_vector ON claims USING gin (search_vector)",
]


def upgrade() -> None:
    """Add the denormalised search text and the engine's full-text index over claims."""
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_extra", sa.Text(), server_default="", nullable=False))
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute(SQLITE_BACKFILL if sqlite else POSTGRES_BACKFILL)
    for statement in SQLITE_FTS if sqlite else POSTGRES_SEARCH:
        op.execute(statement)


def downgrade() -> None:
    """Drop the full-text index and the search text."""
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS claims_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS claims_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_claims_search_vector")
        op.execute("ALTER TABLE claims DROP COLUMN IF EXISTS search_vector")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("search_extra")
