"""A qualifier rule may not exclude an end that can be unbounded (mutation testing)."""

import re

import pytest

from app.comparison.intervals import End, Rule


@pytest.mark.parametrize(
    ("low", "high", "low_inclusive", "high_inclusive", "end"),
    [
        ("value", "none", True, False, "none"),
        ("floor", "value", False, True, "floor"),
    ],
)
def test_an_unbounded_end_must_be_inclusive(
    low: End, high: End, low_inclusive: bool, high_inclusive: bool, end: str
) -> None:
    message = f"an end that can be unbounded ('{end}') must be inclusive"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Rule(low, high, low_inclusive=low_inclusive, high_inclusive=high_inclusive)


def test_bounded_ends_may_be_excluded_and_unbounded_ones_included() -> None:
    assert Rule("value", "none", low_inclusive=False).high == "none"
    assert Rule("floor", "value", high_inclusive=False).low == "floor"
    assert Rule("lower", "upper", low_inclusive=False, high_inclusive=False).low == "lower"
