"""Writers that must not interleave take turns: PostgreSQL advisory locks, held to the end of
the transaction.

Imports hold one lock. An import finds speakers, sources, measures and claims by looking
them up, then creates what it did not find. Two imports running side by side on PostgreSQL
would each find nothing and each create everything, so every import holds this lock
exclusively for its whole transaction: imports run one after another, and under READ
COMMITTED each statement of the second sees what the first committed. Creating a speaker,
source, measure or claim singly holds it shared, so such a create runs before or after an
import, never in the middle of one; singles still run side by side with each other. Other
writers take turns on a key of their own (take_turns: creates that must see each other's
names, slugs made from one base).

SQLite needs nothing: its write transactions begin IMMEDIATE and so take turns already.
"""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

# Above the 32-bit range of hashtext(), which the slug locks in app/db/crud.py use as keys.
IMPORTS_KEY = int.from_bytes(b"imports", "big")


async def _lock(session: AsyncSession, function: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text(f"SELECT {function}(:key)"), {"key": IMPORTS_KEY})


async def run_alone_among_imports(session: AsyncSession) -> None:
    """Wait until no other import or single create runs; hold that until commit or rollback."""
    await _lock(session, "pg_advisory_xact_lock")


async def run_between_imports(session: AsyncSession) -> None:
    """Wait until no import runs; keep imports waiting until commit or rollback."""
    await _lock(session, "pg_advisory_xact_lock_shared")


async def take_turns(session: AsyncSession, key: str) -> None:
    """Wait for other transactions that took the same key, until this one ends.

    PostgreSQL: a transaction-level advisory lock. SQLite's writers take turns anyway (every
    write transaction begins IMMEDIATE), so there is nothing to do.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})
