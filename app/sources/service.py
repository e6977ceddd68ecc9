"""Sources: unique by normalised URL; never deleted while a claim appears in them."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.derived import refresh
from app.claims.models import Appearance
from app.db.crud import (
    id_page,
    load_one,
    refuse_if_used,
)
from app.db.locks import run_between_imports
from app.history.resource import Resource
from app.sources.models import Source
from app.sources.schemas import SourceCreate, SourceFilters, SourceUpdate

SOURCES = Resource(
    "source", Source, ("url", "title", "publisher", "kind", "published_at", "language")
)


async def create_source(session: AsyncSession, data: SourceCreate, *, actor: str) -> Source:
    """Add a source; 409 when its URL is already recorded."""
    await run_between_imports(session)
    source = Source(**data.model_dump())
    await SOURCES.insert(session, source, actor=actor, unique=Source.url)
    return source


async def get_source(session: AsyncSession, source_id: int) -> Source:
    """A source by id."""
    return await load_one(session, Source, source_id, what="source")


async def page_sources(
    session: AsyncSession, *, limit: int, cursor: str | None, count: bool, filters: SourceFilters
) -> tuple[list[Source], str | None, int | None]:
    """A page of sources in id order, optionally only the one with a given URL."""
    statement = select(Source)
    if filters.url is not None:
        statement = statement.where(Source.url == filters.url)
    return await id_page(
        session, statement, id_column=Source.id, limit=limit, cursor=cursor, count=count
    )


async def update_source(
    session: AsyncSession,
    source_id: int,
    data: SourceUpdate,
    *,
    expected_version: int | None,
    actor: str,
) -> Source:
    """Apply a partial update; 412 when the version is stale."""
    source = await SOURCES.for_change(session, source_id, expected_version=expected_version)
    if await SOURCES.change(session, source, data.changes(), actor=actor, unique=Source.url):
        await refresh(session, "source", id=source.id)
    return source


async def delete_source(
    session: AsyncSession, source_id: int, *, expected_version: int | None, actor: str
) -> None:
    """Delete a source no claim appears in; 409 naming the claims otherwise."""
    source = await SOURCES.for_change(session, source_id, expected_version=expected_version)
    await refuse_if_used(
        session,
        what=f"source {source.id}",
        users=select(Appearance.claim_id).where(Appearance.source_id == source.id),
        noun="claim",
    )
    await SOURCES.delete(session, source, actor=actor)


def _values(snapshot: dict[str, Any]) -> dict[str, Any]:
    return SourceCreate.model_validate(snapshot).model_dump()


async def restore_source(
    session: AsyncSession, source_id: int, *, version: int, actor: str
) -> Source:
    """Make an earlier version current again (recreating a deleted source)."""
    source = await SOURCES.restore(
        session, source_id, version=version, actor=actor, values_of=_values
    )
    await refresh(session, "source", id=source.id)
    return source
