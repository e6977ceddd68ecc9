"""History-keeping for a table of versioned resources: record, delete, restore."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.core.versioning import Expected, check_version
from app.db.base import Versioned, utcnow
from app.db.crud import (
    add_with_free_slug,
    apply_changes,
    ensure_unique,
    flush_or_conflict,
    load_one,
    touch,
)
from app.db.ids import insert_rows
from app.history import service as history

Row = TypeVar("Row", bound=Versioned)


@dataclass(frozen=True)
class Resource(Generic[Row]):
    """One kind of versioned resource and the fields its snapshots hold."""

    entity: str
    model: type[Row]
    fields: tuple[str, ...]

    def snapshot(self, row: Row) -> dict[str, Any]:
        """The resource's state as JSON data."""
        return history.columns_snapshot(row, self.fields)

    async def recorded(
        self,
        session: AsyncSession,
        row: Row,
        *,
        action: str,
        actor: str,
        snapshot: dict[str, Any] | None = None,
        reverted_to: int | None = None,
        moved: dict[str, Any] | None = None,
    ) -> None:
        """Append the row's current version to its history."""
        await history.record(
            session,
            entity=self.entity,
            entity_id=row.id,  # type: ignore[attr-defined]
            version=row.version,
            action=action,
            actor=actor,
            snapshot=snapshot if snapshot is not None else self.snapshot(row),
            reverted_to=reverted_to,
            moved=moved,
            at=row.created_at if action == "create" else None,
        )

    @property
    def _noun(self) -> str:
        return self.entity

    async def insert(
        self,
        session: AsyncSession,
        row: Row,
        *,
        actor: str,
        unique: InstrumentedAttribute[Any],
        slug_from: str | None = None,
    ) -> None:
        """Add a new row (under a free slug made from `slug_from`, if given) and record it."""
        if slug_from is not None:
            await add_with_free_slug(session, row, unique, slug_from)
        else:
            value = getattr(row, unique.key)
            await ensure_unique(session, unique, value, what=self._noun)
            session.add(row)
            await flush_or_conflict(session, detail=f"{unique.key} {value!r} is already used")
        await self.recorded(session, row, action="create", actor=actor)

    async def insert_new(
        self, session: AsyncSession, rows: list[dict[str, Any]], *, actor: str
    ) -> list[int]:
        """Add rows known to be new (no conflict to check) in one statement, and record them
        in one more; their ids, in order."""
        if not rows:
            return []
        now = utcnow()
        values = [{**row, "version": 1, "created_at": now, "updated_at": now} for row in rows]
        ids = await insert_rows(session, cast(Table, self.model.__table__), values)  # type: ignore[attr-defined]
        created = [
            {
                "id": new_id,
                "snapshot": history.plain({name: row.get(name) for name in self.fields}),
                "created_at": now,
            }
            for new_id, row in zip(ids, rows, strict=True)
        ]
        await history.record_created(session, self.entity, created, actor=actor)
        return ids

    async def for_change(
        self, session: AsyncSession, ref: str | int, *, expected_version: Expected
    ) -> Row:
        """The row, locked for a change; 404 without it, 412 when the version is stale."""
        row = await load_one(session, self.model, ref, what=self._noun, for_update=True)
        what = f"{self._noun} {row.id}"  # type: ignore[attr-defined]
        check_version(what=what, current=row.version, expected=expected_version)
        return row

    async def change(
        self,
        session: AsyncSession,
        row: Row,
        changes: dict[str, Any],
        *,
        actor: str,
        unique: InstrumentedAttribute[Any],
    ) -> list[str]:
        """Apply changes; when something changed, one more version, recorded. The changed fields."""
        if unique.key in changes:
            own_id = row.id  # type: ignore[attr-defined]
            await ensure_unique(
                session, unique, changes[unique.key], what=self._noun, own_id=own_id
            )
        changed = apply_changes(row, changes)
        if changed:
            touch(row)
            await flush_or_conflict(
                session, detail=f"the change conflicts with another {self._noun}"
            )
            await self.recorded(session, row, action="update", actor=actor)
        return changed

    async def delete(self, session: AsyncSession, row: Row, *, actor: str) -> int:
        """Record the deletion as one more version, then delete the row; its id."""
        snapshot = self.snapshot(row)
        row.version += 1
        await self.recorded(session, row, action="delete", actor=actor, snapshot=snapshot)
        await session.delete(row)
        await session.flush()
        return int(row.id)  # type: ignore[attr-defined]

    async def restore(
        self,
        session: AsyncSession,
        entity_id: int,
        *,
        version: int,
        actor: str,
        values_of: Callable[[dict[str, Any]], dict[str, Any]],
        before_write: Callable[[Row | None, dict[str, Any]], Awaitable[None]] | None = None,
    ) -> Row:
        """Make version N current again, as a new version; recreate the row if it was deleted."""
        values = values_of(await history.version_snapshot(session, self.entity, entity_id, version))
        statement = select(self.model).where(self.model.id == entity_id).with_for_update()  # type: ignore[attr-defined]
        row = (await session.execute(statement)).scalar_one_or_none()
        if before_write is not None:
            await before_write(row, values)
        new_version = await history.next_version(session, self.entity, entity_id)
        if row is None:
            created = await history.created_at(session, self.entity, entity_id)
            row = self.model(  # type: ignore[call-arg]
                id=entity_id, **values, version=new_version, created_at=created, updated_at=utcnow()
            )
            session.add(row)
        else:
            apply_changes(row, values)
            row.version, row.updated_at = new_version, utcnow()
        await flush_or_conflict(
            session, detail=f"version {version} of {self.entity} {entity_id} clashes with another"
        )
        await self.recorded(session, row, action="revert", actor=actor, reverted_to=version)
        return row
