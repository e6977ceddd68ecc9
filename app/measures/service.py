"""Measures: what figures are about; a new unit re-expresses every figure on it."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.bounds import OutOfBoundsError, reexpressed
from app.claims.derived import refresh
from app.claims.models import Figure
from app.core.errors import Conflict, Unprocessable
from app.core.fields import slugify
from app.core.identity import duplicate, name_key
from app.core.versioning import Expected
from app.db.crud import (
    id_page,
    load_one,
    refuse_if_used,
)
from app.db.locks import run_between_imports, take_turns
from app.db.lookup import matching
from app.db.session import dialect_of
from app.history.resource import Resource
from app.measures.models import Measure
from app.measures.schemas import (
    MeasureCreate,
    MeasureFilters,
    MeasureUpdate,
    check_kind_matches_unit,
)
from app.merging.models import Merge
from app.merging.service import Moved, Moves, merge, undo_merge
from app.units import UnitError, converter
from app.units.nouns import misfit

MEASURES = Resource("measure", Measure, ("slug", "name", "unit", "kind", "nouns", "description"))


async def same_measure(
    session: AsyncSession, name: str, *, other_than: int | None = None
) -> Measure | None:
    """The measure (not `other_than`) whose name reads as this one (see name_key)."""
    wanted = name_key(name)
    rows = await session.execute(select(Measure.id, Measure.name).order_by(Measure.id))
    for measure_id, other in rows:
        if measure_id != other_than and name_key(other) == wanted:
            return await session.get_one(Measure, measure_id)
    return None


def _duplicate_of(existing: Measure, *, change: bool = False) -> Conflict:
    """The 409 naming the measure a create (or a change) would duplicate."""
    why = f"it is also named {existing.name!r}"
    return duplicate(
        noun="measure",
        plural="measures",
        existing_id=existing.id,
        slug=existing.slug,
        why=why,
        change=change,
    )


async def create_measure(
    session: AsyncSession, data: MeasureCreate, *, actor: str, allow_duplicate: bool = False
) -> Measure:
    """Add a measure; 409 when one with this name exists, unless allowed."""
    await run_between_imports(session)
    if not allow_duplicate:
        await take_turns(session, "measures:identity")
        existing = await same_measure(session, data.name)
        if existing is not None:
            raise _duplicate_of(existing)
    measure = Measure(**data.model_dump())
    slug_from = slugify(data.name) if data.slug is None else None
    await MEASURES.insert(session, measure, actor=actor, unique=Measure.slug, slug_from=slug_from)
    return measure


async def get_measure(session: AsyncSession, ref: str | int) -> Measure:
    """A measure by id or slug."""
    return await load_one(session, Measure, ref, what="measure")


async def page_measures(
    session: AsyncSession, *, limit: int, cursor: str | None, count: bool, filters: MeasureFilters
) -> tuple[list[Measure], str | None, int | None]:
    """A page of measures in id order (those matching `q`)."""
    statement = matching(
        select(Measure), dialect_of(session), filters.q, Measure.name, Measure.slug, Measure.unit
    )
    return await id_page(
        session, statement, id_column=Measure.id, limit=limit, cursor=cursor, count=count
    )


def _misfit(figure: Figure, *, unit: str, nouns: list[str]) -> str | None:
    """Why a figure cannot be expressed in a unit with these nouns; None when it can."""
    try:
        _normalised(figure, unit)
    except (UnitError, OutOfBoundsError) as exc:
        return str(exc)
    return misfit(figure.unit, measure_unit=unit, listed=nouns)


def _normalised(figure: Figure, unit: str) -> tuple[float, float | None, float | None]:
    return reexpressed(
        converter(figure.unit, unit),
        unit=unit,
        value=figure.value,
        lower=figure.lower,
        upper=figure.upper,
    )


def _reexpress(figure: Figure, unit: str) -> None:
    figure.norm_value, figure.norm_lower, figure.norm_upper = _normalised(figure, unit)


async def _refit_figures(
    session: AsyncSession, measure: Measure, *, unit: str, nouns: list[str]
) -> None:
    """Check every figure on the measure fits a new unit or nouns; re-express it in the unit."""
    figures = (
        await session.execute(select(Figure).where(Figure.measure_id == measure.id))
    ).scalars()
    for figure in figures:
        reason = _misfit(figure, unit=unit, nouns=nouns)
        if reason is not None:
            raise Unprocessable(
                f"measure {measure.slug!r} cannot take unit {unit!r}"
                f"{f' with nouns {nouns!r}' if nouns else ''}: "
                f"figure {figure.id} is in {figure.unit!r} ({reason})",
                loc=["body", "nouns" if unit == measure.unit else "unit"],
            )
        _reexpress(figure, unit)


async def update_measure(
    session: AsyncSession,
    ref: str,
    data: MeasureUpdate,
    *,
    expected_version: Expected,
    actor: str,
    allow_duplicate: bool = False,
) -> Measure:
    """Apply a partial update; 412 when the version is stale; figures must fit a new unit;
    409 when it renames the measure as another is named, unless allowed."""
    measure = await MEASURES.for_change(session, ref, expected_version=expected_version)
    changes = data.changes()
    renamed = changes.get("name")
    if renamed and not allow_duplicate and name_key(renamed) != name_key(measure.name):
        await take_turns(session, "measures:identity")
        existing = await same_measure(session, renamed, other_than=measure.id)
        if existing is not None:
            raise _duplicate_of(existing, change=True)
    try:
        check_kind_matches_unit(
            changes.get("kind", measure.kind), changes.get("unit", measure.unit)
        )
    except ValueError as exc:
        raise Unprocessable(
            str(exc), loc=["body", "unit" if "unit" in changes else "kind"]
        ) from None
    unit, nouns = changes.get("unit", measure.unit), changes.get("nouns", measure.nouns)
    if (unit, nouns) != (measure.unit, measure.nouns):
        await _refit_figures(session, measure, unit=unit, nouns=nouns)
    if await MEASURES.change(session, measure, changes, actor=actor, unique=Measure.slug):
        await refresh(session, "measure", id=measure.id)
    return measure


async def delete_measure(
    session: AsyncSession, ref: str, *, expected_version: Expected, actor: str
) -> int:
    """Delete a measure no figure uses; 409 naming the claims otherwise; its id."""
    measure = await MEASURES.for_change(session, ref, expected_version=expected_version)
    await refuse_if_used(
        session,
        what=f"measure {measure.slug!r}",
        users=select(Figure.claim_id).where(Figure.measure_id == measure.id).distinct(),
        noun="claim",
    )
    return await MEASURES.delete(session, measure, actor=actor)


def _values(snapshot: dict[str, Any]) -> dict[str, Any]:
    return MeasureCreate.model_validate(snapshot).model_dump()


async def restore_measure(
    session: AsyncSession, measure_id: int, *, version: int, actor: str
) -> Measure:
    """Make an earlier version current again; figures follow a restored unit and nouns."""

    async def refit(measure: Measure | None, values: dict[str, Any]) -> None:
        if measure is not None and (values["unit"], values["nouns"]) != (
            measure.unit,
            measure.nouns,
        ):
            await _refit_figures(session, measure, unit=values["unit"], nouns=values["nouns"])

    measure = await MEASURES.restore(
        session, measure_id, version=version, actor=actor, values_of=_values, before_write=refit
    )
    await undo_merge(session, MEASURE_MOVES, measure, actor=actor)
    await refresh(session, "measure", id=measure.id)
    return measure


async def _move_figures(session: AsyncSession, other: Measure, target: Measure) -> Moved:
    """Move the figures, re-expressed in the target's unit; 422 naming one that cannot be."""
    statement = select(Figure).where(Figure.measure_id == other.id).order_by(Figure.id)
    figures = list((await session.execute(statement)).scalars())
    for figure in figures:
        reason = _misfit(figure, unit=target.unit, nouns=target.nouns)
        if reason is not None:
            raise Unprocessable(
                f"measure {other.slug!r} cannot be merged into {target.slug!r} "
                f"(unit {target.unit!r}): figure {figure.id} is in {figure.unit!r} ({reason})",
                loc=["body", "from"],
            )
    for figure in figures:
        figure.measure_id = target.id
        _reexpress(figure, target.unit)
    await session.flush()
    return [{"id": figure.id, "claim_id": figure.claim_id} for figure in figures]


async def _move_figures_back(session: AsyncSession, record: Merge, other: Measure) -> None:
    ids = [item["id"] for item in record.moved]
    statement = select(Figure).where(Figure.id.in_(ids), Figure.measure_id == record.into_id)
    for figure in (await session.execute(statement)).scalars():
        figure.measure_id = other.id
        _reexpress(figure, other.unit)
    await session.flush()


MEASURE_MOVES = Moves(
    resource=MEASURES, scope="measure", move=_move_figures, move_back=_move_figures_back
)


async def merge_measure(
    session: AsyncSession,
    ref: str,
    *,
    other_ref: str | int,
    expected_version: Expected,
    actor: str,
) -> Measure:
    """Merge another measure into this one: its figures, re-expressed in this one's unit."""
    return await merge(
        session, MEASURE_MOVES, ref, other_ref=other_ref, expected_version=expected_version,
        actor=actor,
    )  # fmt: skip
