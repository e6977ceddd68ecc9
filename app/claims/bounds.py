"""Figure values re-expressed in a measure's unit, refused when the result is out of bounds."""

import math
from collections.abc import Callable

from app.core.fields import MAX_AMOUNT


class OutOfBoundsError(ValueError):
    """A value whose re-expression is not finite or beyond MAX_AMOUNT; .field names it."""

    def __init__(self, *, field: str, value: float, unit: str) -> None:
        super().__init__(
            f"{field} {value:g} is {'not finite' if not math.isfinite(value) else 'too large'} "
            f"in the measure's unit {unit!r} (it must lie between -{MAX_AMOUNT:g} and "
            f"{MAX_AMOUNT:g})"
        )
        self.field = field


def _within(to_unit: Callable[[float], float], value: float, *, field: str, unit: str) -> float:
    try:
        converted = to_unit(value)
    except OverflowError:
        converted = math.inf
    if not (math.isfinite(converted) and -MAX_AMOUNT <= converted <= MAX_AMOUNT):
        raise OutOfBoundsError(field=field, value=converted, unit=unit)
    return converted


def reexpressed(
    to_unit: Callable[[float], float],
    *,
    unit: str,
    value: float,
    lower: float | None,
    upper: float | None,
) -> tuple[float, float | None, float | None]:
    """Value, lower and upper in the unit; OutOfBoundsError naming the first out of bounds."""
    return (
        _within(to_unit, value, field="value", unit=unit),
        None if lower is None else _within(to_unit, lower, field="lower", unit=unit),
        None if upper is None else _within(to_unit, upper, field="upper", unit=unit),
    )
