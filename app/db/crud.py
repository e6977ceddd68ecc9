"""Helpers every resource's service shares: lookup by id or slug, changes, id-ordered pages."""

from collections.abc import Container, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.core.errors import Conflict, NotFound, Unprocessable
from app.core.fields import MAX_ID
from app.core.pagination import decode_cursor, encode_cursor
from app.db.base import Versioned, utcnow
from app.db.locks import take_turns
from app.merging.lookup import merged_into

M = TypeVar("M")
V = TypeVar("V", bound=Versioned)


def parse_ref(ref: str | int) -> int | str:
    """An id when the reference is all digits, else a slug."""
    if isinstance(ref, int):
        return ref
    if ref.isdigit():
        number = int(ref)
        if not 1 <= number <= MAX_ID:
            raise Unprocessable(f"id {ref} is out of range (1 to {MAX_ID})", loc=["path", "ref"])
        return number
    return ref


async def load_one(
    session: AsyncSession,
    model: type[M],
    ref: str | int,
    *,
    what: str,
    for_update: bool = False,
    options: Sequence[Any] = (),
) -> M:
    """The row with this id or slug (a merged-away slug finds the merge's target); else 404."""
    key = parse_ref(ref)
    column = model.id if isinstance(key, int) else model.slug  # type: ignore[attr-defined]
    statement = select(model).where(column == key).options(*options)
    if for_update:
        statement = statement.with_for_update()
    found = (await session.execute(statement)).scalar_one_or_none()
    if found is None and isinstance(key, str):
        target = await merged_into(session, model.__tablename__, key)  # type: ignore[attr-defined]
        if target is not None:
            return await load_one(
                session, model, target, what=what, for_update=for_update, options=options
            )
    if found is None:
        raise NotFound(f"{what} {ref} does not exist")
    return found


def apply_changes(target: object, changes: Mapping[str, Any]) -> list[str]:
    """Set the changed attributes; the names of those that really changed."""
    changed = []
    for field, value in changes.items():
        if getattr(target, field) != value:
            setattr(target, field, value)
            changed.append(field)
    return changed


def touch(target: V) -> None:
    """Record one more version of a resource."""
    target.version += 1
    target.updated_at = utcnow()


async def flush_or_conflict(session: AsyncSession, *, detail: str) -> None:
    """Flush, turning a uniqueness or reference violation into 409."""
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict(detail) from None


async def id_page(
    session: AsyncSession,
    statement: Select[Any],
    *,
    id_column: InstrumentedAttribute[int],
    limit: int,
    cursor: str | None,
    count: bool = False,
) -> tuple[list[M], str | None, int | None]:
    """A page of rows ordered by id, the cursor for the next page, and the total if asked."""
    total = None
    if count:
        counted = select(func.count()).select_from(statement.subquery())
        total = (await session.execute(counted)).scalar_one()
    if cursor is not None:
        (after,) = decode_cursor(cursor, order="id", kinds=(int,))
        statement = statement.where(id_column > after)
    rows = list((await session.execute(statement.order_by(id_column).limit(limit + 1))).scalars())
    if len(rows) <= limit:
        return rows, None, total
    rows = rows[:limit]
    return rows, encode_cursor("id", (rows[-1].id,)), total


async def unique_slug(session: AsyncSession, column: InstrumentedAttribute[str], base: str) -> str:
    """The base slug, or the base with the first free numeric suffix."""
    pattern = f"{base}-%"
    taken = set(
        (await session.execute(select(column).where((column == base) | column.like(pattern))))
        .scalars()
        .all()
    )
    return free_slug(base, taken)


def free_slug(base: str, taken: Container[str], suffixes: dict[str, int] | None = None) -> str:
    """The base slug, or the base with the first numeric suffix not taken. `suffixes` (base ->
    the next suffix to try) lets a caller that takes many slugs of one base start where it left
    off, instead of counting from 2 each time."""
    if base not in taken:
        return base
    suffix = suffixes.get(base, 2) if suffixes is not None else 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    if suffixes is not None:
        suffixes[base] = suffix + 1
    return f"{base}-{suffix}"


async def add_with_free_slug(
    session: AsyncSession, row: Any, column: InstrumentedAttribute[str], base: str
) -> None:
    """Insert a row under the first free slug made from base, even against concurrent inserts.

    On PostgreSQL, writers that want a slug from the same base take turns (an advisory lock held
    to the end of the transaction); SQLite's writers take turns anyway.
    """
    await take_turns(session, f"{column.class_.__tablename__}:{base}")
    for _attempt in range(8):
        row.slug = await unique_slug(session, column, base)
        try:
            async with session.begin_nested():
                session.add(row)
                await session.flush()
            return
        except IntegrityError:
            continue
    raise Conflict(f"could not find a free slug for {base!r}; give one explicitly")


async def ensure_unique(
    session: AsyncSession,
    column: InstrumentedAttribute[Any],
    value: Any,
    *,
    what: str,
    own_id: int | None = None,
) -> None:
    """409 when another row already holds this value."""
    id_column = column.class_.id
    holder = (await session.execute(select(id_column).where(column == value))).scalar()
    if holder is not None and holder != own_id:
        raise Conflict(f"{column.key} {value!r} is already used by {what} {holder}")


async def refuse_if_used(
    session: AsyncSession,
    *,
    what: str,
    users: Select[Any],
    noun: str,
) -> None:
    """409 naming the rows that still use a resource (a select of their ids)."""
    count = (await session.execute(select(func.count()).select_from(users.subquery()))).scalar_one()
    if not count:
        return
    sample = list((await session.execute(users.order_by(None).limit(10))).scalars())
    plural = noun if count == 1 else f"{noun}s"
    listed = ", ".join(str(item) for item in sorted(sample))
    raise Conflict(
        f"{what} is used by {count} {plural} ({noun} ids {listed}{', ...' if count > 10 else ''});"
        f" change or delete those first",
        extra={"used_by": {"kind": noun, "count": count, "ids": sorted(sample)}},
    )
