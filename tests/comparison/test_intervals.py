"""The intervals figures allow, and the algebra comparing them."""

import math
import re
from collections.abc import Callable

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.comparison.intervals import (
    Interval,
    Qualifier,
    Relation,
    consensus,
    contains,
    figure_interval,
    gap,
    intersection,
    is_empty,
    map_interval,
    overlaps,
    relation,
    to_json,
)

QUALIFIERS: tuple[Qualifier, ...] = (
    "exact",
    "approximately",
    "at_least",
    "more_than",
    "at_most",
    "less_than",
    "range",
)
MIRRORED: dict[Relation, Relation] = {
    "equal": "equal",
    "a_inside_b": "b_inside_a",
    "b_inside_a": "a_inside_b",
    "overlapping": "overlapping",
    "disjoint": "disjoint",
}

FIGURES: list[tuple[Qualifier, float, dict[str, float], Interval]] = [
    ("exact", 74, {}, Interval(74, 74)),
    ("approximately", 1000, {"tolerance": 0.5}, Interval(500, 1500)),
    ("approximately", -200, {"tolerance": 0.25}, Interval(-250, -150)),
    ("approximately", 0, {}, Interval(0, 0)),
    ("approximately", 50, {"tolerance": 0}, Interval(50, 50)),
    ("at_least", 1000, {}, Interval(1000, None)),
    ("more_than", 1000, {}, Interval(1000, None, low_inclusive=False)),
    ("at_most", 1000, {}, Interval(0, 1000)),
    ("at_most", 0, {}, Interval(0, 0)),
    ("at_most", -5, {}, Interval(None, -5)),
    ("less_than", 1000, {}, Interval(0, 1000, high_inclusive=False)),
    ("less_than", 0, {}, Interval(None, 0, high_inclusive=False)),
    ("less_than", -2, {}, Interval(None, -2, high_inclusive=False)),
    ("range", 65, {"lower": 60, "upper": 70}, Interval(60, 70)),
    ("range", 60, {"lower": 60, "upper": 60}, Interval(60, 60)),
    ("range", -5, {"lower": -10, "upper": -5}, Interval(-10, -5)),
]

FIGURE_ERRORS: list[tuple[str, float, dict[str, float], str]] = [
    ("exact", math.nan, {}, "value must be a finite number, not nan"),
    ("at_least", math.inf, {}, "value must be a finite number, not inf"),
    ("approximately", 5, {"tolerance": math.nan}, "tolerance must be a finite number, not nan"),
    ("approximately", 5, {"tolerance": -0.1}, "tolerance must not be negative, not -0.1"),
    ("range", 5, {"lower": -math.inf, "upper": 6}, "lower must be a finite number, not -inf"),
    ("range", 5, {"upper": 6}, "qualifier 'range' needs both lower and upper"),
    ("range", 5, {"lower": 4}, "qualifier 'range' needs both lower and upper"),
    ("range", 5, {}, "qualifier 'range' needs both lower and upper"),
    ("range", 5, {"lower": 6, "upper": 4}, "qualifier 'range' needs lower <= upper, not 6 > 4"),
    ("exact", 5, {"lower": 4}, "lower and upper are only for qualifier 'range', not 'exact'"),
    ("at_least", 5, {"upper": 6}, "only for qualifier 'range', not 'at_least'"),
    ("roughly", 5, {}, "unknown qualifier 'roughly'"),
]

CONTAINS = [
    (Interval(1, 2), 1, True),
    (Interval(1, 2), 2, True),
    (Interval(1, 2, low_inclusive=False), 1, False),
    (Interval(1, 2, high_inclusive=False), 2, False),
    (Interval(1, 2), 0.999, False),
    (Interval(1, None), 1e300, True),
    (Interval(None, 2), -1e300, True),
    (Interval(None, None), 0, True),
    (Interval(2, 1), 1.5, False),
]

OVERLAPS = [
    (Interval(1, 2, high_inclusive=False), Interval(2, 3), False),
    (Interval(1, 2), Interval(2, 3), True),
    (Interval(1, 2), Interval(2, 3, low_inclusive=False), False),
    (Interval(1000, None, low_inclusive=False), Interval(1000, 1000), False),
    (Interval(1000, None), Interval(1000, 1000), True),
    (Interval(None, 5), Interval(4, None), True),
    (Interval(None, 5), Interval(6, None), False),
    (Interval(None, None), Interval(6, 6), True),
    (Interval(0, 10), Interval(3, 4), True),
    (Interval(0, 1), Interval(2, 3), False),
    (Interval(3, 1), Interval(0, 5), False),
]

INTERSECTIONS = [
    (Interval(0, 10), Interval(5, 20), Interval(5, 10)),
    (Interval(0, 10, high_inclusive=False), Interval(5, 10), Interval(5, 10, high_inclusive=False)),
    (Interval(5, None, low_inclusive=False), Interval(5, 8), Interval(5, 8, low_inclusive=False)),
    (Interval(None, 5), Interval(None, 7), Interval(None, 5)),
    (Interval(None, None), Interval(1, None), Interval(1, None)),
    (Interval(1, 2), Interval(2, 3), Interval(2, 2)),
    (Interval(1, 2, high_inclusive=False), Interval(2, 3), None),
    (Interval(0, 1), Interval(2, 3), None),
]

GAPS = [
    (Interval(0, 1), Interval(3, 4), 2.0),
    (Interval(0, 1), Interval(1, 4), 0.0),
    (Interval(0, 1, high_inclusive=False), Interval(1, 4), 0.0),
    (Interval(1000, None, low_inclusive=False), Interval(1000, 1000), 0.0),
    (Interval(1000, None), Interval(900, 1100), 0.0),
    (Interval(1000, None), Interval(0, 750), 250.0),
    (Interval(None, -5), Interval(5, None), 10.0),
    (Interval(None, None), Interval(5, 5), 0.0),
    (Interval(0, 10), Interval(3, 4), 0.0),
]

RELATIONS: list[tuple[Interval, Interval, Relation]] = [
    (Interval(1, 2), Interval(1, 2), "equal"),
    (Interval(1, None), Interval(1, None, high_inclusive=False), "equal"),
    (Interval(1, 2), Interval(0, 3), "a_inside_b"),
    (Interval(1, 2, low_inclusive=False), Interval(1, 2), "a_inside_b"),
    (Interval(1000, None), Interval(1000, None, low_inclusive=False), "b_inside_a"),
    (Interval(0, None), Interval(5, 6), "b_inside_a"),
    (Interval(0, 5), Interval(3, 8), "overlapping"),
    (Interval(None, 5), Interval(5, None), "overlapping"),
    (Interval(1000, None, low_inclusive=False), Interval(1000, 1000), "disjoint"),
    (Interval(0, 1), Interval(2, 3), "disjoint"),
]

EMPTY = [
    (Interval(2, 1), True),
    (Interval(1, 1, low_inclusive=False), True),
    (Interval(1, 1, high_inclusive=False), True),
    (Interval(1, 1), False),
    (Interval(1, None), False),
    (Interval(None, None), False),
]


@pytest.mark.parametrize(("qualifier", "value", "options", "expected"), FIGURES)
def test_figure_interval_follows_the_qualifier_table(
    qualifier: Qualifier, value: float, options: dict[str, float], expected: Interval
) -> None:
    assert figure_interval(qualifier, value, **options) == expected


def test_approximately_allows_a_tenth_either_side_by_default() -> None:
    interval = figure_interval("approximately", 1000)
    assert interval.low == pytest.approx(900)
    assert interval.high == pytest.approx(1100)
    assert (interval.low_inclusive, interval.high_inclusive) == (True, True)


def test_an_unbounded_side_of_a_figure_is_reported_inclusive() -> None:
    assert to_json(figure_interval("more_than", 1000)) == {
        "low": 1000,
        "high": None,
        "low_inclusive": False,
        "high_inclusive": True,
    }


@pytest.mark.parametrize(("qualifier", "value", "options", "message"), FIGURE_ERRORS)
def test_figure_interval_rejects_impossible_figures_with_a_clear_message(
    qualifier: Qualifier, value: float, options: dict[str, float], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        figure_interval(qualifier, value, **options)


def test_an_unbounded_side_is_always_stored_as_inclusive() -> None:
    interval = Interval(None, None, low_inclusive=False, high_inclusive=False)
    assert (interval.low_inclusive, interval.high_inclusive) == (True, True)
    assert Interval(None, 5, low_inclusive=False) == Interval(None, 5)


@pytest.mark.parametrize("end", [math.nan, math.inf, -math.inf])
def test_interval_ends_must_be_finite(end: float) -> None:
    with pytest.raises(ValueError, match="must be a finite number"):
        Interval(end, None)
    with pytest.raises(ValueError, match="must be a finite number"):
        Interval(None, end)


def test_intervals_are_immutable() -> None:
    with pytest.raises(AttributeError):
        Interval(1, 2).low = 0  # type: ignore[misc]


@pytest.mark.parametrize(("interval", "x", "expected"), CONTAINS)
def test_contains_respects_open_and_closed_ends(
    interval: Interval, x: float, expected: bool
) -> None:
    assert contains(interval, x) is expected


def test_contains_rejects_a_number_that_is_not_finite() -> None:
    with pytest.raises(ValueError, match="x must be a finite number"):
        contains(Interval(None, None), math.nan)


@pytest.mark.parametrize(("a", "b", "expected"), OVERLAPS)
def test_overlaps_respects_open_closed_and_unbounded_ends(
    a: Interval, b: Interval, expected: bool
) -> None:
    assert overlaps(a, b) is expected


@pytest.mark.parametrize(("a", "b", "expected"), INTERSECTIONS)
def test_intersection_keeps_the_tighter_end_on_each_side(
    a: Interval, b: Interval, expected: Interval | None
) -> None:
    assert intersection(a, b) == expected


def test_consensus_of_no_intervals_is_none() -> None:
    assert consensus([]) is None


def test_consensus_is_the_part_every_interval_allows() -> None:
    figures = (
        figure_interval("more_than", 1000),
        figure_interval("approximately", 1200, tolerance=0.25),
        figure_interval("less_than", 1250),
    )
    assert consensus(iter(figures)) == Interval(
        1000, 1250, low_inclusive=False, high_inclusive=False
    )


def test_consensus_of_one_interval_is_that_interval() -> None:
    assert consensus([Interval(1, 2)]) == Interval(1, 2)


def test_consensus_of_disagreeing_intervals_is_none() -> None:
    assert consensus([Interval(0, 10), Interval(5, 20), Interval(11, 12)]) is None


def test_consensus_of_an_empty_interval_is_none() -> None:
    assert consensus([Interval(2, 1)]) is None


@pytest.mark.parametrize(("a", "b", "expected"), GAPS)
def test_gap_is_the_distance_between_the_nearest_ends(
    a: Interval, b: Interval, expected: float
) -> None:
    assert gap(a, b) == expected


def test_intervals_touching_at_an_excluded_end_are_disjoint_with_gap_zero() -> None:
    more_than, exactly = Interval(1000, None, low_inclusive=False), Interval(1000, 1000)
    assert relation(more_than, exactly) == "disjoint"
    assert not overlaps(more_than, exactly)
    assert gap(more_than, exactly) == 0.0


@pytest.mark.parametrize(("a", "b", "expected"), RELATIONS)
def test_relation_says_how_two_intervals_lie(a: Interval, b: Interval, expected: Relation) -> None:
    assert relation(a, b) == expected


@pytest.mark.parametrize("compare", [gap, relation])
def test_gap_and_relation_refuse_an_empty_interval(
    compare: Callable[[Interval, Interval], object],
) -> None:
    with pytest.raises(ValueError, match="empty interval"):
        compare(Interval(2, 1), Interval(0, 5))
    with pytest.raises(ValueError, match="empty interval"):
        compare(Interval(0, 5), Interval(1, 1, low_inclusive=False))


@pytest.mark.parametrize(("interval", "expected"), EMPTY)
def test_is_empty_when_no_number_lies_between_the_ends(interval: Interval, expected: bool) -> None:
    assert is_empty(interval) is expected


def test_map_interval_converts_finite_ends_and_keeps_flags_and_unbounded_sides() -> None:
    square_kilometres = map_interval(
        Interval(1000, None, low_inclusive=False), lambda x: x * 2.589988110336
    )
    assert square_kilometres.low == pytest.approx(2589.988110336)
    assert (square_kilometres.high, square_kilometres.low_inclusive) == (None, False)
    assert map_interval(Interval(1, 2, high_inclusive=False), lambda x: x * 1000) == Interval(
        1000, 2000, high_inclusive=False
    )


def test_map_interval_keeps_an_interval_rounded_to_one_number_as_that_number() -> None:
    # Found by the extremes fuzz: "less than 5e-324" people in millions of people was [0, 0),
    # empty, and the comparison a 500. Rounded together, the ends are the one number left.
    assert map_interval(Interval(0, 5e-324, high_inclusive=False), lambda x: x / 1e6) == (
        Interval(0, 0)
    )
    assert map_interval(Interval(5e-324, 1e-323, low_inclusive=False), lambda x: x / 1e6) == (
        Interval(0, 0)
    )
    # Ends that stay apart keep their flags, however small.
    assert map_interval(Interval(0, 1e-300, high_inclusive=False), lambda x: x / 1e6) == (
        Interval(0, 1e-306, high_inclusive=False)
    )
    # An empty interval maps to an empty one, not to a point.
    assert is_empty(map_interval(Interval(1, 1, low_inclusive=False), lambda x: x * 2))


def test_map_interval_refuses_a_decreasing_function() -> None:
    with pytest.raises(ValueError, match="increasing function"):
        map_interval(Interval(1, 2), lambda x: -x)


def test_map_interval_refuses_a_function_that_overflows() -> None:
    with pytest.raises(ValueError, match="finite number"):
        map_interval(Interval(1, 1e300), lambda x: x * 1e300)


def test_to_json_has_the_four_fields() -> None:
    assert to_json(Interval(1.5, 2, high_inclusive=False)) == {
        "low": 1.5,
        "high": 2,
        "low_inclusive": True,
        "high_inclusive": False,
    }


# Properties. Ends come mostly from a coarse grid, so that equal and touching ends are common.

GRID = st.integers(min_value=-40, max_value=40).map(lambda n: n / 4)
ENDS = st.one_of(st.none(), GRID, st.floats(min_value=-1e6, max_value=1e6))


@st.composite
def intervals(draw: st.DrawFn, ends: st.SearchStrategy[float | None] = ENDS) -> Interval:
    """A non-empty interval."""
    low, high = draw(ends), draw(ends)
    if low is not None and high is not None and low > high:
        low, high = high, low
    interval = Interval(low, high, draw(st.booleans()), draw(st.booleans()))
    assume(not is_empty(interval))
    return interval


def probes(*members: Interval) -> list[float]:
    """Numbers worth testing membership of: every finite end, and the numbers just beside it."""
    ends = [end for iv in members for end in (iv.low, iv.high) if end is not None]
    return [
        x
        for end in ends
        for x in (math.nextafter(end, -math.inf), end, math.nextafter(end, math.inf))
    ]


@given(intervals(), intervals())
def test_overlap_is_symmetric(a: Interval, b: Interval) -> None:
    assert overlaps(a, b) == overlaps(b, a)


@given(intervals(), intervals(), st.lists(GRID, max_size=5))
def test_intersection_is_commutative_and_exactly_the_numbers_in_both(
    a: Interval, b: Interval, extra: list[float]
) -> None:
    common = intersection(a, b)
    assert common == intersection(b, a)
    for x in probes(a, b) + extra:
        in_common = common is not None and contains(common, x)
        assert in_common == (contains(a, x) and contains(b, x))


@given(st.lists(intervals(), min_size=1, max_size=5), st.lists(GRID, max_size=5))
def test_consensus_is_inside_every_member(members: list[Interval], extra: list[float]) -> None:
    common = consensus(members)
    points = probes(*members) + extra
    if common is None:
        assert not any(all(contains(iv, x) for iv in members) for x in points)
        return
    for x in probes(common) + points:
        assert contains(common, x) == all(contains(iv, x) for iv in members)


def touch(a: Interval, b: Interval) -> bool:
    """Whether one interval ends at the number where the other begins."""
    return (a.high is not None and a.high == b.low) or (b.high is not None and b.high == a.low)


@given(intervals(), intervals())
def test_gap_is_positive_exactly_when_disjoint_and_not_touching(a: Interval, b: Interval) -> None:
    assert gap(a, b) >= 0.0
    assert (gap(a, b) > 0.0) == (not overlaps(a, b) and not touch(a, b))


@given(intervals(), intervals())
def test_gap_is_symmetric(a: Interval, b: Interval) -> None:
    assert gap(a, b) == gap(b, a)


@given(intervals(), intervals())
def test_relation_of_b_and_a_mirrors_relation_of_a_and_b(a: Interval, b: Interval) -> None:
    assert relation(b, a) == MIRRORED[relation(a, b)]


@given(intervals(), intervals())
def test_relation_is_disjoint_exactly_when_the_intervals_do_not_overlap(
    a: Interval, b: Interval
) -> None:
    assert (relation(a, b) == "disjoint") == (not overlaps(a, b))


@given(
    st.sampled_from(QUALIFIERS),
    st.floats(min_value=-1e9, max_value=1e9),
    st.floats(min_value=0, max_value=1e3),
    st.floats(min_value=0, max_value=1e3),
    st.floats(min_value=0, max_value=2),
)
def test_figure_interval_contains_its_value_unless_the_qualifier_excludes_it(
    qualifier: Qualifier, value: float, below: float, above: float, tolerance: float
) -> None:
    if qualifier == "range":
        interval = figure_interval(qualifier, value, lower=value - below, upper=value + above)
    else:
        interval = figure_interval(qualifier, value, tolerance=tolerance)
    assert not is_empty(interval)
    assert contains(interval, value) is (qualifier not in ("more_than", "less_than"))


INCREASING: list[Callable[[float], float]] = [
    lambda x: x * 1000,
    lambda x: x * 2.589988110336,
    lambda x: x * 0.0040468564224 - 7,
    lambda x: x**3,
    math.exp,
]


@given(intervals(GRID | st.none()), intervals(GRID | st.none()), st.sampled_from(INCREASING))
def test_map_interval_with_an_increasing_function_preserves_overlap(
    a: Interval, b: Interval, fn: Callable[[float], float]
) -> None:
    assert overlaps(map_interval(a, fn), map_interval(b, fn)) == overlaps(a, b)


def test_map_interval_keeps_an_empty_interval_as_it_was_written() -> None:
    """An interval that holds no number keeps both ends' flags when mapped (killed
    `map_interval__mutmut_13`, which dropped the low end's flag)."""
    for empty in (Interval(5, 5, high_inclusive=False), Interval(5, 5, low_inclusive=False)):
        mapped = map_interval(empty, lambda x: x * 1000)
        assert mapped == Interval(5000, 5000, empty.low_inclusive, empty.high_inclusive)
        assert is_empty(mapped)
