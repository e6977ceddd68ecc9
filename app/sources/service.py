"""Sources: unique by normalised URL; never deleted while a claim appears in them."""

from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from app.claims.derived import refresh
from app.claims.models import Appearance, Claim
from app.core.versioning import Expected
from app.db.crud import (
    id_page,
    load_one,
    refuse_if_used,
)
from app.db.locks import run_between_imports
from app.db.lookup import matching
from app.db.session import dialect_of
from app.history.resource import Resource
from app.merging.models import Merge
from app.merging.service import Moved, Moves, merge, undo_merge
from app.sources.models import Source
from app.sources.schemas import SourceCreate, SourceFilters, SourceUpdate

SOURCES = Resource(
    "source", Source, ("url", "title", "publisher", "kind", "published_at", "language", "text")
)


async def create_source(session: AsyncSession, data: SourceCreate, *, actor: str) -> Source:
    """Add a source; 409 when its URL is already recorded."""
    await run_between_imports(session)
    source = Source(**data.model_dump())
    await SOURCES.insert(session, source, actor=actor, unique=Source.url)
    return source


async def create_sources(
    session: AsyncSession, items: list[SourceCreate], *, actor: str
) -> list[int]:
    """Add sources whose URLs the caller found unused (under the imports lock), one statement
    for all; their ids, in order."""
    await run_between_imports(session)
    return await SOURCES.insert_new(session, [item.model_dump() for item in items], actor=actor)


async def get_source(session: AsyncSession, source_id: int) -> Source:
    """A source by id."""
    return await load_one(session, Source, source_id, what="source")


async def page_sources(
    session: AsyncSession, *, limit: int, cursor: str | None, count: bool, filters: SourceFilters
) -> tuple[list[Source], str | None, int | None]:
    """A page of sources in id order, optionally only the one with a given URL, or those
    matching `q`; their texts are not read (lists and exports leave them out)."""
    statement = select(Source).options(defer(Source.text, raiseload=True))
    if filters.url is not None:
        statement = statement.where(Source.url == filters.url)
    statement = matching(
        statement, dialect_of(session), filters.q, Source.title, Source.publisher, Source.url
    )
    return await id_page(
        session, statement, id_column=Source.id, limit=limit, cursor=cursor, count=count
    )


async def update_source(
    session: AsyncSession,
    source_id: int,
    data: SourceUpdate,
    *,
    expected_version: Expected,
    actor: str,
) -> Source:
    """Apply a partial update; 412 when the version is stale."""
    source = await SOURCES.for_change(session, source_id, expected_version=expected_version)
    if await SOURCES.change(session, source, data.changes(), actor=actor, unique=Source.url):
        await refresh(session, "source", id=source.id)
    return source


async def delete_source(
    session: AsyncSession, source_id: int, *, expected_version: Expected, actor: str
) -> int:
    """Delete a source no claim appears in; 409 naming the claims otherwise; its id."""
    source = await SOURCES.for_change(session, source_id, expected_version=expected_version)
    await refuse_if_used(
        session,
        what=f"source {source.id}",
        users=select(Appearance.claim_id).where(Appearance.source_id == source.id),
        noun="claim",
    )
    return await SOURCES.delete(session, source, actor=actor)


def _values(snapshot: dict[str, Any]) -> dict[str, Any]:
    return SourceCreate.model_validate(snapshot).model_dump()


async def restore_source(
    session: AsyncSession, source_id: int, *, version: int, actor: str
) -> Source:
    """Make an earlier version current again (recreating a deleted source)."""
    source = await SOURCES.restore(
        session, source_id, version=version, actor=actor, values_of=_values
    )
    await undo_merge(session, SOURCE_MOVES, source, actor=actor)
    await refresh(session, "source", id=source.id)
    return source


def _in_source(source_id: int) -> Any:
    return Appearance.source_id == source_id


async def _move_appearances(session: AsyncSession, other: Source, target: Source) -> Moved:
    """Move the appearances; a claim already in the target keeps one (and any excerpt)."""
    columns = (Appearance.claim_id, Appearance.position, Appearance.excerpt)
    theirs = (await session.execute(select(*columns).where(_in_source(other.id)))).all()
    ours = select(Appearance.claim_id, Appearance.excerpt).where(
        _in_source(target.id), Appearance.claim_id.in_([row.claim_id for row in theirs])
    )
    held = {row.claim_id: row.excerpt for row in (await session.execute(ours)).all()}
    moved: Moved = []
    for row in theirs:
        item = {"claim_id": row.claim_id, "position": row.position, "excerpt": row.excerpt}
        if row.claim_id in held:
            item["joined"] = True
            if held[row.claim_id] is None and row.excerpt is not None:
                item["excerpt_given"] = True
                await _set_excerpt(session, row.claim_id, target.id, row.excerpt)
        moved.append(item)
    joined = [item["claim_id"] for item in moved if item.get("joined")]
    await session.execute(
        delete(Appearance).where(_in_source(other.id), Appearance.claim_id.in_(joined))
    )
    await session.execute(
        update(Appearance).where(_in_source(other.id)).values(source_id=target.id)
    )
    return moved


async def _set_excerpt(
    session: AsyncSession, claim_id: int, source_id: int, excerpt: str | None
) -> None:
    await session.execute(
        update(Appearance)
        .where(Appearance.claim_id == claim_id, _in_source(source_id))
        .values(excerpt=excerpt)
    )


async def _appears(session: AsyncSession, claim_id: int, source_id: int) -> bool:
    found = select(Appearance.claim_id).where(
        Appearance.claim_id == claim_id, _in_source(source_id)
    )
    return (await session.execute(found)).first() is not None


async def _move_appearances_back(session: AsyncSession, record: Merge, other: Source) -> None:
    claims = select(Claim.id).where(Claim.id.in_([item["claim_id"] for item in record.moved]))
    living = set((await session.execute(claims)).scalars())
    for item in record.moved:
        if item["claim_id"] not in living:
            continue
        if not item.get("joined"):
            await session.execute(
                update(Appearance)
                .where(Appearance.claim_id == item["claim_id"], _in_source(record.into_id))
                .values(source_id=other.id)
            )
            continue
        row = {"claim_id": item["claim_id"], "position": item["position"]}
        if not await _appears(session, item["claim_id"], other.id):
            await session.execute(
                insert(Appearance).values(**row, source_id=other.id, excerpt=item["excerpt"])
            )
        if item.get("excerpt_given"):
            await _set_excerpt(session, item["claim_id"], record.into_id, None)


SOURCE_MOVES = Moves(
    resource=SOURCES,
    scope="source",
    move=_move_appearances,
    move_back=_move_appearances_back,
)


async def merge_source(
    session: AsyncSession,
    source_id: int,
    *,
    other_ref: int,
    expected_version: Expected,
    actor: str,
) -> Source:
    """Merge another source into this one: the claims appearing in it."""
    return await merge(
        session, SOURCE_MOVES, source_id, other_ref=other_ref,
        expected_version=expected_version, actor=actor,
    )  # fmt: skip
