"""Recording and reading history; the snapshots are plain JSON data."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, cast

import orjson
from sqlalchemy import Table, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.core.errors import NotFound, Unprocessable
from app.core.fields import MAX_VERSION
from app.core.pagination import decode_cursor, encode_cursor
from app.db.base import utcnow
from app.db.bulk import insert_many
from app.history.models import HistoryEntry

GONE = frozenset({"delete", "merged"})  # actions after which the resource no longer exists
SCALARS = frozenset({str, int, float, bool, type(None)})  # plain as they are


def plain(value: Any) -> Any:
    """A value as JSON data: dates and times as ISO 8601 text (orjson writes them as
    isoformat does; what it cannot write, such as keys that are not text, goes the long way)."""
    if type(value) in SCALARS:
        return value
    try:
        return orjson.loads(orjson.dumps(value))
    except TypeError:
        return _plain(value)


def _plain(value: Any) -> Any:
    if type(value) in SCALARS:
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def columns_snapshot(row: object, fields: tuple[str, ...]) -> dict[str, Any]:
    """The named attributes of a row as JSON data."""
    return {name: plain(getattr(row, name)) for name in fields}


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> dict[str, Any]:
    """Field by field, what changed: {field: {"from": old, "to": new}}."""
    before = before or {}
    return {
        key: {"from": before.get(key), "to": value}
        for key, value in after.items()
        if before.get(key) != value
    }


async def _latest(session: AsyncSession, entity: str, entity_id: int) -> HistoryEntry | None:
    statement = (
        select(HistoryEntry)
        .where(HistoryEntry.entity == entity, HistoryEntry.entity_id == entity_id)
        .order_by(HistoryEntry.version.desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def record(
    session: AsyncSession,
    *,
    entity: str,
    entity_id: int,
    version: int,
    action: str,
    actor: str,
    snapshot: dict[str, Any],
    reverted_to: int | None = None,
    moved: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """Append one version to a resource's history; `moved`: what a merge moved, as changes.

    `at` is when it happened (default now); a create passes the row's `created_at`, which a
    revert of the deleted resource gives back (see `created_at`).
    """
    previous = await _latest(session, entity, entity_id)
    before = None if previous is None or previous.action in GONE else previous.snapshot
    changes = {} if action in GONE else diff(before, snapshot)
    changes.update(moved or {})
    session.add(
        HistoryEntry(
            entity=entity, entity_id=entity_id, version=version, action=action, actor=actor,
            reverted_to=reverted_to, changes=changes, snapshot=snapshot, at=at or utcnow(),
        )
    )  # fmt: skip
    await session.flush()


async def record_created(
    session: AsyncSession, entity: str, created: Sequence[Mapping[str, Any]], *, actor: str
) -> None:
    """Append version 1 (`create`) of many new resources at once, each given by its `id`,
    `snapshot` and `created_at` (the time of the entry, which a revert of the deleted
    resource gives back): what `record` does for each, in one statement per batch."""
    if not created:
        return
    ids = [item["id"] for item in created]
    statement = (
        select(HistoryEntry.entity_id, HistoryEntry.action, HistoryEntry.snapshot)
        .where(HistoryEntry.entity == entity, HistoryEntry.entity_id.in_(ids))
        .order_by(HistoryEntry.entity_id, HistoryEntry.version)
    )
    latest = {row.entity_id: row for row in await session.execute(statement)}
    now = utcnow()
    rows = []
    for item in created:
        previous = latest.get(item["id"])
        before = None if previous is None or previous.action in GONE else previous.snapshot
        rows.append(
            {
                "entity": entity, "entity_id": item["id"], "version": 1, "action": "create",
                "actor": actor, "at": item.get("created_at", now), "reverted_to": None,
                "changes": diff(before, item["snapshot"]), "snapshot": item["snapshot"],
            }
        )  # fmt: skip
    await insert_many(session, cast(Table, HistoryEntry.__table__), rows)


async def next_version(session: AsyncSession, entity: str, entity_id: int) -> int:
    """The version a resource's next change gets, deleted or not."""
    statement = select(func.max(HistoryEntry.version)).where(
        HistoryEntry.entity == entity, HistoryEntry.entity_id == entity_id
    )
    return int((await session.execute(statement)).scalar() or 0) + 1


async def created_at(session: AsyncSession, entity: str, entity_id: int) -> datetime:
    """When a resource was created: the time of its first version (now, without history)."""
    statement = (
        select(HistoryEntry.at)
        .where(HistoryEntry.entity == entity, HistoryEntry.entity_id == entity_id)
        .order_by(HistoryEntry.version)
        .limit(1)
    )
    return (await session.execute(statement)).scalar() or utcnow()


async def deleted_with_slug(session: AsyncSession, entity: str, slug: str) -> int | None:
    """The id of the resource of this kind that had this slug when it was deleted and is
    still deleted; of several, the one deleted last. Only asked when no live row has the slug."""
    later = aliased(HistoryEntry)
    since = exists().where(
        later.entity == entity,
        later.entity_id == HistoryEntry.entity_id,
        later.version > HistoryEntry.version,
    )
    statement = (
        select(HistoryEntry.entity_id)
        .where(
            HistoryEntry.entity == entity,
            HistoryEntry.action == "delete",
            HistoryEntry.snapshot["slug"].as_string() == slug,
            ~since,
        )
        .order_by(HistoryEntry.id.desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar()


async def version_snapshot(
    session: AsyncSession, entity: str, entity_id: int, version: int
) -> dict[str, Any]:
    """The state a resource had at a version; 404 or 422 when it cannot be restored."""
    statement = select(HistoryEntry).where(
        HistoryEntry.entity == entity,
        HistoryEntry.entity_id == entity_id,
        HistoryEntry.version == version,
    )
    found = (await session.execute(statement)).scalar_one_or_none()
    if found is None:
        raise NotFound(f"{entity} {entity_id} has no version {version}")
    if found.action in GONE:
        what = "deletion" if found.action == "delete" else "merge into another"
        raise Unprocessable(
            f"version {version} of {entity} {entity_id} is its {what}; revert to an earlier one",
            loc=["body", "version"],
        )
    return dict(found.snapshot)


async def history_page(
    session: AsyncSession, entity: str, entity_id: int, *, limit: int, cursor: str | None
) -> tuple[list[HistoryEntry], str | None]:
    """A resource's versions, oldest first; 404 when it never existed."""
    statement = select(HistoryEntry).where(
        HistoryEntry.entity == entity, HistoryEntry.entity_id == entity_id
    )
    if cursor is not None:
        (after,) = decode_cursor(cursor, order="version", kinds=(int,))
        # Versions lie in 1..MAX_VERSION (a 32-bit column): clamping keeps the same rows.
        statement = statement.where(HistoryEntry.version > min(max(after, 0), MAX_VERSION))
    rows = list(
        (await session.execute(statement.order_by(HistoryEntry.version).limit(limit + 1))).scalars()
    )
    if not rows and cursor is None:
        raise NotFound(f"{entity} {entity_id} has no history")
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], encode_cursor("version", (rows[limit - 1].version,))
