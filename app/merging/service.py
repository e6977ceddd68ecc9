"""Merge one resource into another, recording what moved so that a revert can undo it.

A merge moves what the other resource holds (claims, appearances or figures) onto the target,
adds what the target gains (a speaker's aliases and roles), records a `merge` version of the
target and of every claim that moved and a `merged` version of the other, deletes the other
and keeps a `merges` row: the other's slug keeps answering as the target, and reverting the
other to an earlier version undoes the merge (`undo_merge`).
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.derived import Scope, refresh
from app.claims.service import record_moved
from app.core.errors import Unprocessable
from app.core.versioning import Expected
from app.db.base import Versioned
from app.db.crud import load_one, touch
from app.history.resource import Resource
from app.merging.models import Merge

Row = TypeVar("Row", bound=Versioned)
Moved = list[dict[str, Any]]


def _no_gains(_other: Any, _target: Any) -> dict[str, list[Any]]:
    return {}


@dataclass(frozen=True)
class Moves(Generic[Row]):
    """How one kind of resource hands what it holds to another, and takes it back.

    `move(session, other, target)` moves everything (or raises before any change) and gives
    one record per moved thing, each with its `claim_id`; `move_back(session, merge, other)`
    undoes it; `gains(other, target)` are the list fields' items the target takes over.
    """

    resource: Resource[Row]
    scope: Scope
    move: Callable[[AsyncSession, Row, Row], Awaitable[Moved]]
    move_back: Callable[[AsyncSession, Merge, Row], Awaitable[None]]
    gains: Callable[[Row, Row], dict[str, list[Any]]] = _no_gains

    @property
    def kind(self) -> str:
        """The table name, as merges rows name the kind."""
        return str(self.resource.model.__tablename__)  # type: ignore[attr-defined]


def _label(row: Any) -> dict[str, Any]:
    return {"id": row.id, "slug": getattr(row, "slug", None)}


async def merge(
    session: AsyncSession,
    moves: Moves[Row],
    ref: str | int,
    *,
    other_ref: str | int,
    expected_version: Expected,
    actor: str,
) -> Row:
    """Merge the resource `other_ref` into `ref`; 422 for itself, 404 when either is unknown."""
    noun, resource = moves.resource.entity, moves.resource
    target = await resource.for_change(session, ref, expected_version=expected_version)
    other = await load_one(session, resource.model, other_ref, what=noun, for_update=True)
    if other.id == target.id:  # type: ignore[attr-defined]
        raise Unprocessable(f"a {noun} cannot be merged into itself", loc=["body", "from"])
    moved = await moves.move(session, other, target)
    gained = {field: items for field, items in moves.gains(other, target).items() if items}
    for field, items in gained.items():
        setattr(target, field, [*getattr(target, field), *items])
    touch(target)
    await session.flush()
    claims = sorted({item["claim_id"] for item in moved})
    summary = {
        "merged_from": {"from": None, "to": _label(other)},
        "claims": {"from": None, "to": claims},
    }
    await resource.recorded(session, target, action="merge", actor=actor, moved=summary)
    await record_moved(session, claims, action="merge", actor=actor)
    await _retire(session, moves, other, target, moved=moved, gained=gained, actor=actor)
    await refresh(session, moves.scope, id=target.id)  # type: ignore[attr-defined]
    return target


async def _retire(
    session: AsyncSession,
    moves: Moves[Row],
    other: Row,
    target: Row,
    *,
    moved: Moved,
    gained: dict[str, list[Any]],
    actor: str,
) -> None:
    """Record the other's end, delete it and keep what moved; its slug now finds the target."""
    snapshot = moves.resource.snapshot(other)
    other.version += 1
    await moves.resource.recorded(
        session, other, action="merged", actor=actor, snapshot=snapshot,
        moved={"merged_into": {"from": None, "to": _label(target)}},
    )  # fmt: skip
    other_id, target_id = other.id, target.id  # type: ignore[attr-defined]
    earlier = select(Merge.id).where(Merge.kind == moves.kind, Merge.into_id == other_id)
    repointed = sorted((await session.execute(earlier)).scalars())
    await _repoint(session, repointed, to=target_id)
    session.add(
        Merge(
            kind=moves.kind, from_id=other_id, from_slug=getattr(other, "slug", None),
            target_id=target_id, into_id=target_id, moved=moved, gained=gained,
            repointed=repointed, actor=actor,
        )
    )  # fmt: skip
    await session.delete(other)
    await session.flush()


async def _repoint(session: AsyncSession, merge_ids: list[int], *, to: int) -> None:
    """Earlier merges' slugs answer as `to` from now on."""
    if merge_ids:
        await session.execute(update(Merge).where(Merge.id.in_(merge_ids)).values(into_id=to))


async def undo_merge(session: AsyncSession, moves: Moves[Row], other: Row, *, actor: str) -> None:
    """After `other` was restored: if it had been merged away, take back what it had.

    The caller refreshes what derives from `other`'s claims, as after any revert.
    """
    other_id = other.id  # type: ignore[attr-defined]
    statement = select(Merge).where(Merge.kind == moves.kind, Merge.from_id == other_id)
    record = (await session.execute(statement)).scalar_one_or_none()
    if record is None:
        return
    await moves.move_back(session, record, other)
    claims = sorted({item["claim_id"] for item in record.moved})
    await record_moved(session, claims, action="unmerge", actor=actor)
    model = moves.resource.model
    target = (
        await session.execute(
            select(model).where(model.id == record.target_id).with_for_update()  # type: ignore[attr-defined]
        )
    ).scalar_one_or_none()
    if target is not None:
        for field, items in record.gained.items():
            setattr(target, field, [item for item in getattr(target, field) if item not in items])
        touch(target)
        await session.flush()
        await moves.resource.recorded(
            session, target, action="unmerge", actor=actor,
            moved={"merged_from": {"from": _label(other), "to": None}},
        )  # fmt: skip
        await refresh(session, moves.scope, id=record.target_id)
    await _repoint(session, record.repointed, to=other_id)
    await session.delete(record)
    await session.flush()
