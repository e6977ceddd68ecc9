"""API keys: create, list, revoke, look up; per-key request counts."""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.keys import SCOPES, matches, new_key, prefix_of
from app.auth.models import ApiKey, RateCounter
from app.core.errors import Conflict, NotFound, Unprocessable
from app.core.identity import name_key
from app.db.base import utcnow
from app.db.session import dialect_of

TOUCH_EVERY = timedelta(seconds=60)


# History records a key's writes under its name, and the command line's own writes under names
# of this form ("claimtrack demo", "claimtrack import"): a key named so would pass for them (a
# write key deletes a claim it alone wrote, by the names in its history).
RESERVED_PREFIX = "claimtrack "


async def create_key(session: AsyncSession, *, name: str, scope: str) -> tuple[ApiKey, str]:
    """A new key; the token is returned once and only its hash is kept."""
    if scope not in SCOPES:
        raise Unprocessable(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    if name_key(name).startswith(RESERVED_PREFIX) or name_key(name) == RESERVED_PREFIX.strip():
        raise Unprocessable(
            f"a key may not be named {name!r}: names starting with {RESERVED_PREFIX.strip()!r} "
            "are the command line's own (its writes are recorded under them)"
        )
    if (await session.execute(select(ApiKey.id).where(ApiKey.name == name))).scalar():
        raise Conflict(f"a key named {name!r} already exists")
    fresh = new_key()
    key = ApiKey(name=name, prefix=fresh.prefix, key_hash=fresh.digest, scope=scope)
    session.add(key)
    await session.flush()
    return key, fresh.token


async def list_keys(session: AsyncSession) -> list[ApiKey]:
    """Every key, newest first."""
    return list((await session.execute(select(ApiKey).order_by(ApiKey.id.desc()))).scalars())


async def revoke_key(session: AsyncSession, name: str) -> ApiKey:
    """Revoke a key by name; it stops working on the next request."""
    key = (await session.execute(select(ApiKey).where(ApiKey.name == name))).scalar_one_or_none()
    if key is None:
        raise NotFound(f"no key named {name!r}")
    key.revoked_at = key.revoked_at or utcnow()
    await session.flush()
    return key


async def key_by_prefix(session: AsyncSession, prefix: str) -> ApiKey | None:
    """The key with this visible prefix, revoked or not."""
    statement = select(ApiKey).where(ApiKey.prefix == prefix)
    return (await session.execute(statement)).scalar_one_or_none()


async def active_key(session: AsyncSession, token: str) -> ApiKey | None:
    """The unrevoked key this token is, or None (unknown, malformed, revoked or wrong)."""
    prefix = prefix_of(token)
    key = None if prefix is None else await key_by_prefix(session, prefix)
    if key is None or key.revoked_at is not None or not matches(token, key.key_hash):
        return None
    return key


def needs_touch(key: ApiKey, now: datetime) -> bool:
    """Whether last_used_at is stale enough to be written again."""
    return key.last_used_at is None or now - key.last_used_at >= TOUCH_EVERY


async def touch_key(session: AsyncSession, key_id: int, now: datetime) -> None:
    """Record that a key was used."""
    await session.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=now))


def count_statements(dialect: str, key_id: int, window: int) -> tuple[Any, Any]:
    """The upsert that adds one request to the key's count for this window (returning the new
    count), and the delete of its earlier windows (run when the count is 1)."""
    insert = sqlite_insert if dialect == "sqlite" else pg_insert
    upsert = (
        insert(RateCounter)
        .values(key_id=key_id, window=window, count=1)
        .on_conflict_do_update(
            index_elements=[RateCounter.key_id, RateCounter.window],
            set_={"count": RateCounter.count + 1},
        )
        .returning(RateCounter.count)
    )
    earlier = delete(RateCounter).where(RateCounter.key_id == key_id, RateCounter.window < window)
    return upsert, earlier


async def count_request(session: AsyncSession, key_id: int, window: int) -> int:
    """Add one request to the key's count for this window; the new count."""
    upsert, earlier = count_statements(dialect_of(session), key_id, window)
    count = int((await session.execute(upsert)).scalar_one())
    if count == 1:
        await session.execute(earlier)
    return count
