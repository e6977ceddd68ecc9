"""Rebuilding the derived data of every claim from the command line."""

from app.claims.derived import refresh_all, stale_documents
from app.db.session import Database
from app.settings import Settings


async def ensure_documents(settings: Settings) -> int:
    """Rebuild every claim's document when some are missing or built with another tolerance."""
    database = Database.connect(settings)
    try:
        async with database.writer() as session, session.begin():
            stale = await stale_documents(session)
            if stale:
                await refresh_all(session)
    finally:
        await database.dispose()
    return stale
