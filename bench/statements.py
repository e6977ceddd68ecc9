"""SQL statements per request for claimtrack's endpoints, counted in-process.

The app is made with create_app(Settings(...)) and called over httpx.ASGITransport; a
before_cursor_execute listener on its engine, and a listener on its raw-driver read path
(`Database.fast`, which bypasses SQLAlchemy), count every statement that is not BEGIN, COMMIT
or ROLLBACK. Each path is asked twice and the second request counted, so connecting (pragmas
and the like) is left out.
"""

import asyncio
from typing import Any

import httpx
from sqlalchemy import event

from app.main import create_app
from app.settings import Settings

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK")


async def _count(database_url: str, paths: dict[str, str]) -> dict[str, int]:
    app = create_app(Settings(database_url=database_url))
    seen: list[str] = []

    def listener(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
            seen.append(statement)

    event.listen(app.state.db.engine.sync_engine, "before_cursor_execute", listener)
    fast = getattr(app.state.db, "fast", None)  # reads that bypass SQLAlchemy, on the driver
    if fast is not None:
        fast.listeners.append(lambda statement: listener(None, None, statement))
    counts: dict[str, int] = {}
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for key, path in paths.items():
                await client.get(path)
                seen.clear()
                response = await client.get(path)
                response.raise_for_status()
                counts[key] = len(seen)
    finally:
        await app.state.db.dispose()
    return counts


def count_statements(database_url: str, paths: dict[str, str]) -> dict[str, int]:
    """Statements one request to each path runs (keyed like the paths)."""
    return asyncio.run(_count(database_url, paths))
