"""Keep claims.search_extra (speaker names and aliases, source titles) in step with its parts."""

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.session import dialect_of

ALIASES = {
    "sqlite": "(SELECT group_concat(value, ' ') FROM json_each(s.aliases))",
    "postgresql": (
        "(SELECT string_agg(alias, ' ') FROM jsonb_array_elements_text(s.aliases) AS alias)"
    ),
}
TITLES = {"sqlite": "group_concat(src.title, ' ')", "postgresql": "string_agg(src.title, ' ')"}
WHERE = {
    "claims": "id IN (SELECT value FROM json_each(:ids))",
    "speaker": "speaker_id = :id",
    "source": "id IN (SELECT claim_id FROM appearances WHERE source_id = :id)",
}
WHERE_POSTGRES = {
    **WHERE,
    "claims": "id IN (SELECT jsonb_array_elements_text(CAST(:ids AS jsonb))::bigint)",
}


def _update(dialect: str, scope: str) -> str:
    where = (WHERE if dialect == "sqlite" else WHERE_POSTGRES)[scope]
    return f"""
UPDATE claims SET search_extra = trim(
    coalesce((SELECT s.name || ' ' || coalesce({ALIASES[dialect]}, '')
              FROM speakers s WHERE s.id = claims.speaker_id), '')
    || ' ' || coalesce((SELECT {TITLES[dialect]} FROM appearances a
              JOIN sources src ON src.id = a.source_id WHERE a.claim_id = claims.id), ''))
WHERE {where}"""


async def _refresh(session: AsyncSession, scope: str, **params: Any) -> None:
    await session.execute(text(_update(dialect_of(session), scope)), params)


async def refresh_claims(session: AsyncSession, claim_ids: list[int]) -> None:
    """Recompute the search text of these claims."""
    if claim_ids:
        await _refresh(session, "claims", ids=str(claim_ids))


async def refresh_speaker(session: AsyncSession, speaker_id: int) -> None:
    """Recompute the search text of every claim by this speaker."""
    await _refresh(session, "speaker", id=speaker_id)


async def refresh_source(session: AsyncSession, source_id: int) -> None:
    """Recompute the search text of every claim appearing in this source."""
    await _refresh(session, "source", id=source_id)
