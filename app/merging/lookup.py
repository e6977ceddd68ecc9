"""Where a merged-away slug answers now: consulted only when no live row has the slug."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.merging.models import Merge


async def merged_into(session: AsyncSession, kind: str, slug: str) -> int | None:
    """The id of the resource a slug of `kind` (a table name) was merged into, if any."""
    statement = select(Merge.into_id).where(Merge.kind == kind, Merge.from_slug == slug)
    return (await session.execute(statement.order_by(Merge.id.desc()).limit(1))).scalar()
