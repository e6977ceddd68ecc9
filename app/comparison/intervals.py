"""The interval of values a figure's words allow, and the algebra on intervals.

An interval is a set of real numbers between two ends, each included or excluded. A None end is
unbounded and is always stored as included. figure_interval reads a qualifier as:

    exact          [v, v]
    approximately  [v(1-t), v(1+t)]   t is the tolerance; ends in order when v < 0
    at_least       [v, None]
    more_than      (v, None]
    at_most        [0, v]             [None, v] when v < 0
    less_than      [0, v)             [None, v) when v <= 0
    range          [lower, upper]     lower <= upper; v is not checked against them

The 0 floor assumes a quantity that cannot be negative; a figure at or below 0 shows that this one
can, and a floor there would leave no values at all.

An interval can be empty ([2, 1], [1, 1)); figure_interval never makes one, intersection and
consensus answer None instead, and gap and relation refuse one.
"""

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce
from typing import Literal, TypedDict

Qualifier = Literal[
    "exact", "approximately", "at_least", "more_than", "at_most", "less_than", "range"
]
Relation = Literal["equal", "a_inside_b", "b_inside_a", "overlapping", "disjoint"]


@dataclass(frozen=True, slots=True)
class Interval:
    """Numbers from low to high, each end included or not; a None end is unbounded."""

    low: float | None
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True

    def __post_init__(self) -> None:
        low, high = self.low, self.high  # checked inline: the comparison makes one per figure
        if (low is not None and not math.isfinite(low)) or (
            high is not None and not math.isfinite(high)
        ):
            _require_finite(low=low, high=high)
        # An unbounded side has no end to include; one fixed flag keeps equal sets equal.
        if self.low is None:
            object.__setattr__(self, "low_inclusive", True)
        if self.high is None:
            object.__setattr__(self, "high_inclusive", True)


class IntervalJson(TypedDict):
    """An interval as JSON."""

    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool


End = Literal["value", "lower", "upper", "approx_low", "approx_high", "floor", "none"]


@dataclass(frozen=True, slots=True)
class Rule:
    """How a qualifier's words bound the values: which number each end is, and whether included.

    An end is the figure's value, the range's lower or upper bound, the value less or plus the
    tolerance ("approx_low" is the smaller of the two when v < 0), "none" (unbounded), or
    "floor": 0 when the interval from 0 up to the value is not empty, otherwise unbounded.
    """

    low: End
    high: End
    low_inclusive: bool = True
    high_inclusive: bool = True

    def __post_init__(self) -> None:
        # An end that can be unbounded is stored as included (see Interval), whatever it is.
        for end, inclusive in ((self.low, self.low_inclusive), (self.high, self.high_inclusive)):
            if end in ("none", "floor") and not inclusive:
                raise ValueError(f"an end that can be unbounded ({end!r}) must be inclusive")


# The one table of what each qualifier allows. The claim document SQL is generated from it
# (app/claims/sql/documents.py), so the API's `normalized` and the comparison cannot disagree.
RULES: dict[Qualifier, Rule] = {
    "exact": Rule("value", "value"),
    "approximately": Rule("approx_low", "approx_high"),
    "at_least": Rule("value", "none"),
    "more_than": Rule("value", "none", low_inclusive=False),
    "at_most": Rule("floor", "value"),
    "less_than": Rule("floor", "value", high_inclusive=False),
    "range": Rule("lower", "upper"),
}


def floor_applies(value: float, *, high_inclusive: bool) -> bool:
    """Whether [0, value] (or [0, value)) holds any number, so that a floor at 0 is kept."""
    return value > 0 or (value == 0 and high_inclusive)


def figure_interval(
    qualifier: Qualifier,
    value: float,
    *,
    lower: float | None = None,
    upper: float | None = None,
    tolerance: float = 0.1,
) -> Interval:
    """The values a figure allows, read by RULES (the table in the module docstring)."""
    if not (
        math.isfinite(value)
        and math.isfinite(tolerance)
        and (lower is None or math.isfinite(lower))
        and (upper is None or math.isfinite(upper))
    ):
        _require_finite(value=value, lower=lower, upper=upper, tolerance=tolerance)
    rule = RULES.get(qualifier)
    if rule is None:
        raise ValueError(f"unknown qualifier {qualifier!r}")
    if qualifier == "range":
        if lower is None or upper is None:
            raise ValueError("qualifier 'range' needs both lower and upper")
        if lower > upper:
            raise ValueError(f"qualifier 'range' needs lower <= upper, not {lower!r} > {upper!r}")
    elif lower is not None or upper is not None:
        raise ValueError(f"lower and upper are only for qualifier 'range', not {qualifier!r}")
    if tolerance < 0:
        raise ValueError(f"tolerance must not be negative, not {tolerance!r}")
    approx = sorted((value * (1 - tolerance), value * (1 + tolerance)))
    ends: dict[End, float | None] = {
        "value": value,
        "lower": lower,
        "upper": upper,
        "approx_low": approx[0],
        "approx_high": approx[1],
        "floor": 0.0 if floor_applies(value, high_inclusive=rule.high_inclusive) else None,
        "none": None,
    }
    return Interval(ends[rule.low], ends[rule.high], rule.low_inclusive, rule.high_inclusive)


def contains(iv: Interval, x: float) -> bool:
    """Whether x lies in the interval."""
    _require_finite(x=x)
    above_low = iv.low is None or iv.low < x or (iv.low_inclusive and iv.low == x)
    below_high = iv.high is None or x < iv.high or (iv.high_inclusive and x == iv.high)
    return above_low and below_high


def is_empty(iv: Interval) -> bool:
    """Whether the interval holds no number at all."""
    if iv.low is None or iv.high is None:
        return False
    return iv.low > iv.high or (iv.low == iv.high and not (iv.low_inclusive and iv.high_inclusive))


def intersection(a: Interval, b: Interval) -> Interval | None:
    """The numbers in both intervals, or None when there are none."""
    low_side = max(a, b, key=_low_key)
    high_side = min(a, b, key=_high_key)
    common = Interval(
        low_side.low, high_side.high, low_side.low_inclusive, high_side.high_inclusive
    )
    return None if is_empty(common) else common


def _low_key(iv: Interval) -> tuple[float, bool]:
    """Orders lower ends by how much they cut off: higher, then excluded, cuts off more."""
    return (-math.inf if iv.low is None else iv.low, not iv.low_inclusive)


def _high_key(iv: Interval) -> tuple[float, bool]:
    """Orders upper ends by how much they let in: lower, then excluded, lets in less."""
    return (math.inf if iv.high is None else iv.high, iv.high_inclusive)


def overlaps(a: Interval, b: Interval) -> bool:
    """Whether some number lies in both intervals: [1, 2] and [2, 3] do, [1, 2) and [2, 3] not."""
    return intersection(a, b) is not None


def consensus(intervals: Iterable[Interval]) -> Interval | None:
    """The numbers every interval allows; None for no intervals or when they share none."""
    members = list(intervals)
    if not members:
        return None
    everything: Interval | None = Interval(None, None)
    return reduce(_narrow, members, everything)


def _narrow(common: Interval | None, iv: Interval) -> Interval | None:
    """The common part so far, narrowed by one more interval."""
    return None if common is None else intersection(common, iv)


def gap(a: Interval, b: Interval) -> float:
    """The distance between the nearest ends of two intervals; 0.0 when they overlap.

    A gap is positive exactly when the intervals are disjoint and do not touch. Intervals touch
    when one ends at the number where the other begins and one of them excludes that number, as
    (1000, None] and [1000, 1000]: they are disjoint, and their gap is 0.0.
    """
    _require_not_empty(a, b)
    return max(0.0, _distance(a, b), _distance(b, a))


def _distance(left: Interval, right: Interval) -> float:
    """How far right begins after left ends; negative or -inf when it does not."""
    if left.high is None or right.low is None:
        return -math.inf
    return right.low - left.high


def relation(a: Interval, b: Interval) -> Relation:
    """How two intervals lie: equal, one inside the other, overlapping, or disjoint."""
    _require_not_empty(a, b)
    common = intersection(a, b)
    if common is None:
        return "disjoint"
    if a == b:
        return "equal"
    if common == a:
        return "a_inside_b"
    if common == b:
        return "b_inside_a"
    return "overlapping"


def map_interval(iv: Interval, fn: Callable[[float], float]) -> Interval:
    """The interval with an increasing function, such as a unit conversion, applied to its ends.

    Floating point can round two ends to one number (a conversion to a unit 1e21 times larger
    takes [0, 5e-324) to [0, 0)): such an interval becomes that one number, closed, rather than
    empty, since the figure still said something and lies there as near as a double can say.
    """
    low, high = _apply(fn, iv.low), _apply(fn, iv.high)
    if is_empty(iv):
        return Interval(low, high, iv.low_inclusive, iv.high_inclusive)
    if low is not None and high is not None:
        if low > high:
            raise ValueError("map_interval needs an increasing function")
        if low == high:
            return Interval(low, high)
    return Interval(low, high, iv.low_inclusive, iv.high_inclusive)


def _apply(fn: Callable[[float], float], end: float | None) -> float | None:
    """The function applied to a finite end; an unbounded end stays unbounded."""
    return None if end is None else fn(end)


def to_json(iv: Interval) -> IntervalJson:
    """The interval as a JSON object."""
    return {
        "low": iv.low,
        "high": iv.high,
        "low_inclusive": iv.low_inclusive,
        "high_inclusive": iv.high_inclusive,
    }


def _require_not_empty(*intervals: Interval) -> None:
    """Raise ValueError for an empty interval, which has no position to compare."""
    if any(map(is_empty, intervals)):
        raise ValueError("an empty interval has no position to compare")


def _require_finite(**numbers: float | None) -> None:
    """Raise ValueError naming the first number that is NaN or infinite."""
    for name, number in numbers.items():
        if number is not None and not math.isfinite(number):
            raise ValueError(f"{name} must be a finite number, not {number!r}")
