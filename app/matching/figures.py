"""Whether a query's figures agree with a stored claim's: same measure (or a unit that fits
it), intervals that overlap (app.comparison.intervals), about the same time. Pure."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import lru_cache
from typing import Any

from app.comparison.intervals import Interval, figure_interval, map_interval, overlaps
from app.core.fields import document_day
from app.matching.text import ROUNDING, Quantity
from app.units import UnitError, converter, parse_unit
from app.units.nouns import misfit

GENERIC_COUNT = "count"


@dataclass(frozen=True, slots=True)
class QueryFigure:
    """A figure of the query: on a known measure (write form) or read from its text."""

    interval: Interval
    unit: str
    measure_id: int | None = None
    as_of: date | None = None
    value: float | None = None  # the number as said (a bound's interval has it at one end)


class Verdict(Enum):
    """What the figures of two claims say of each other."""

    NONE = "none"  # nothing comparable
    AGREE = "agree"
    CONFLICT = "conflict"


def from_text(
    quantities: Sequence[Quantity], *, tolerance: float, as_of: date | None = None
) -> list[QueryFigure]:
    """The figures read from a query's text, as of the day it was said (a bare count names
    nothing to compare)."""
    figures = []
    for quantity in quantities:
        if quantity.unit == GENERIC_COUNT:
            continue
        interval = figure_interval(
            quantity.qualifier,  # type: ignore[arg-type]
            quantity.value,
            lower=quantity.lower,
            upper=quantity.upper,
            tolerance=tolerance,
        )
        figures.append(QueryFigure(interval, quantity.unit, as_of=as_of, value=quantity.value))
    return figures


def stored_interval(figure: Mapping[str, Any]) -> Interval:
    """The interval of a stored figure, in its measure's unit (read form)."""
    normalized = figure["normalized"]
    return Interval(
        normalized["low"],
        normalized["high"],
        normalized["low_inclusive"],
        normalized["high_inclusive"],
    )


@lru_cache(maxsize=4096)
def fits(unit: str, measure_unit: str) -> bool:
    """Whether a figure in this unit may stand on a measure in that one (dimension, nouns);
    remembered either way (a unit that does not fit raises inside, every time)."""
    try:
        converter(unit, measure_unit)
    except UnitError:
        return False
    return misfit(unit, measure_unit=measure_unit, listed=None) is None


def _in_unit(query: QueryFigure, figure: Mapping[str, Any]) -> Interval | None:
    """The query's interval in the stored figure's unit, or None when they do not compare."""
    unit = figure["normalized"]["unit"]
    if query.measure_id is not None:
        if query.measure_id != figure["measure_id"]:
            return None
        return query.interval
    if not fits(query.unit, unit):
        return None
    converted = map_interval(query.interval, converter(query.unit, unit))
    if parse_unit(query.unit).expression == parse_unit(unit).expression:
        return converted
    return _rounded(converted)


def _rounded(interval: Interval) -> Interval:
    """The interval widened by ROUNDING each way: "482 square miles" is 1,250 km² rounded."""
    low, high = interval.low, interval.high
    return Interval(
        None if low is None else low - abs(low) * ROUNDING,
        None if high is None else high + abs(high) * ROUNDING,
        interval.low_inclusive,
        interval.high_inclusive,
    )


def _same_time(query: QueryFigure, figure: Mapping[str, Any], window_days: int) -> bool:
    if query.as_of is None:  # a figure of no known day conflicts with none
        return False
    return abs((document_day(figure["as_of"]) - query.as_of).days) <= window_days


@dataclass(frozen=True, slots=True)
class Comparison:
    """The verdict, and the slugs of the stored figures' measures that were compared."""

    verdict: Verdict
    measures: tuple[str, ...]


def compare_figures(
    queries: Sequence[QueryFigure], stored: Sequence[Mapping[str, Any]], *, window_days: int
) -> Comparison:
    """Conflict when a query figure has comparable stored figures of its time and overlaps none;
    agreement when one overlaps and none conflicts."""
    agreed, conflicted = False, False
    measures: dict[str, None] = {}
    for query in queries:
        compared = [
            (interval, figure)
            for figure in stored
            if (interval := _in_unit(query, figure)) is not None
        ]
        measures.update((figure["measure"], None) for _interval, figure in compared)
        if any(overlaps(interval, stored_interval(figure)) for interval, figure in compared):
            agreed = True
        elif any(_same_time(query, figure, window_days) for _interval, figure in compared):
            conflicted = True
    found = Verdict.CONFLICT if conflicted else Verdict.AGREE if agreed else Verdict.NONE
    return Comparison(found, tuple(measures))
