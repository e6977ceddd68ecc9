"""Refusals of the interval algebra say which input was wrong (found by mutation testing)."""

import math

import pytest

from app.comparison.intervals import Interval, figure_interval, gap, map_interval, relation


@pytest.mark.parametrize("bad", ["lower", "upper"])
def test_a_range_with_an_infinite_end_names_that_end(bad: str) -> None:
    ends = {"lower": 1.0, "upper": 2.0, bad: math.inf}
    with pytest.raises(ValueError, match=f"^{bad} must be a finite number"):
        figure_interval("range", 1.5, **ends)


@pytest.mark.parametrize("ends", [{"lower": 1.0}, {"upper": 2.0}])
def test_a_range_needs_both_ends(ends: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=r"^qualifier 'range' needs both lower and upper$"):
        figure_interval("range", 1.5, **ends)  # type: ignore[arg-type]


def test_a_decreasing_function_is_refused_as_such() -> None:
    with pytest.raises(ValueError, match=r"^map_interval needs an increasing function$"):
        map_interval(Interval(1, 2), lambda x: -x)


@pytest.mark.parametrize("compare", [gap, relation])
def test_an_empty_interval_is_refused_as_such(compare: object) -> None:
    with pytest.raises(ValueError, match=r"^an empty interval has no position to compare$"):
        compare(Interval(2, 1), Interval(0, 3))  # type: ignore[operator]
