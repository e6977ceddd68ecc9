"""The key commands of the command line, on their own database connection."""

from rich.console import Console
from rich.table import Table

from app.auth import service
from app.db.session import Database
from app.settings import Settings


async def create(settings: Settings, *, name: str, scope: str) -> str:
    """Create a key and give back its token."""
    database = Database.connect(settings)
    try:
        async with database.writer() as session, session.begin():
            _key, token = await service.create_key(session, name=name, scope=scope)
    finally:
        await database.dispose()
    return token


async def revoke(settings: Settings, *, name: str) -> None:
    """Revoke a key by name."""
    database = Database.connect(settings)
    try:
        async with database.writer() as session, session.begin():
            await service.revoke_key(session, name)
    finally:
        await database.dispose()


async def list_table(settings: Settings) -> None:
    """Print the keys as a table."""
    database = Database.connect(settings)
    try:
        async with database.reader() as session:
            keys = await service.list_keys(session)
    finally:
        await database.dispose()
    table = Table("name", "prefix", "scope", "created", "last used", "revoked")
    for key in keys:
        table.add_row(
            key.name,
            f"ct_{key.prefix}_…",
            key.scope,
            f"{key.created_at:%Y-%m-%d %H:%M}",
            f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never",
            f"{key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "",
        )
    Console().print(table)
