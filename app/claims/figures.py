"""Turning figure input into stored figures: measure lookup, unit conversion, checks."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.bounds import OutOfBoundsError, reexpressed
from app.claims.schemas import FigureIn
from app.measures.models import Measure
from app.units import UnitError, converter, parse_unit
from app.units.nouns import misfit


@dataclass
class Problems:
    """Validation problems gathered over a whole body, reported together."""

    items: list[dict[str, Any]] = field(default_factory=list)

    def add(self, loc: Sequence[str | int], msg: str) -> None:
        """Record one problem at a location in the body."""
        self.items.append({"loc": list(loc), "msg": msg, "type": "value_error"})


async def measures_by_ref(
    session: AsyncSession, refs: Sequence[int | str]
) -> dict[int | str, Measure]:
    """The measures named by id or slug, in one statement."""
    ids = {ref for ref in refs if isinstance(ref, int)}
    slugs = {ref for ref in refs if isinstance(ref, str)}
    if not ids and not slugs:
        return {}
    found = (
        await session.execute(select(Measure).where(Measure.id.in_(ids) | Measure.slug.in_(slugs)))
    ).scalars()
    by_ref: dict[int | str, Measure] = {}
    for measure in found:
        by_ref[measure.id] = measure
        by_ref[measure.slug] = measure
    return by_ref


def _converted(figure: FigureIn, measure: Measure, loc: list[str | int], problems: Problems) -> Any:
    try:
        to_measure = converter(figure.unit, measure.unit)
    except UnitError as exc:
        reason: str | None = str(exc)
    else:
        reason = misfit(figure.unit, measure_unit=measure.unit, listed=measure.nouns)
    if reason is None:
        return to_measure
    problems.add(
        [*loc, "unit"],
        f"unit {figure.unit!r} does not fit measure {measure.slug!r} "
        f"(unit {measure.unit!r}): {reason}",
    )
    return None


def _negative_count(figure: FigureIn, measure: Measure) -> str | None:
    """The first of a count's numbers that is negative (its field), or None."""
    if measure.kind != "count" and parse_unit(figure.unit).dimension != "count":
        return None
    values = {"value": figure.value, "lower": figure.lower, "upper": figure.upper}
    return next((name for name, value in values.items() if value is not None and value < 0), None)


def _outside_range(figure: FigureIn) -> str | None:
    """Why a range's value is not one of its numbers (None: it is, or not a range)."""
    value, lower, upper = figure.value, figure.lower, figure.upper
    if figure.qualifier != "range" or value is None or lower is None or upper is None:
        return None
    if lower <= value <= upper:
        return None
    return f"value ({value:g}) is outside the range from lower ({lower:g}) to upper ({upper:g})"


def figure_values(
    figure: FigureIn,
    *,
    measure: Measure | None,
    said_on: date,
    loc: list[str | int],
    problems: Problems,
) -> dict[str, Any] | None:
    """Column values for a figure, or None after recording why it cannot be stored."""
    if measure is None:
        where = [*loc, figure.sent_as("measure_id")]
        problems.add(where, f"measure {figure.measure_id!r} does not exist")
        return None
    to_measure = _converted(figure, measure, loc, problems)
    if to_measure is None:
        return None
    negative = _negative_count(figure, measure)
    if negative is not None:
        problems.add([*loc, negative], "a count cannot be negative")
        return None
    outside = _outside_range(figure)
    if outside is not None:
        problems.add([*loc, "value"], outside)
        return None
    assert figure.value is not None
    try:
        norm_value, norm_lower, norm_upper = reexpressed(
            to_measure,
            unit=measure.unit,
            value=figure.value,
            lower=figure.lower,
            upper=figure.upper,
        )
    except OutOfBoundsError as exc:
        problems.add([*loc, exc.field], str(exc))
        return None
    return {
        "measure_id": measure.id,
        "value": figure.value,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "lower": figure.lower,
        "upper": figure.upper,
        "as_of": figure.as_of or said_on,
        "period_start": figure.period_start,
        "period_end": figure.period_end,
        "text": figure.text,
        "start": figure.start,
        "end": figure.end,
        "norm_value": norm_value,
        "norm_lower": norm_lower,
        "norm_upper": norm_upper,
    }
