"""The sweep's conflicts equal every pair in the window looked at one by one."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.comparison.analysis import Observation, conflicts
from app.comparison.intervals import figure_interval, overlaps

DAY = date(2024, 1, 1)
QUALIFIERS = ["exact", "approximately", "at_least", "more_than", "at_most", "less_than", "range"]


@st.composite
def observation_lists(draw: st.DrawFn) -> list[Observation]:
    """Figures on few days and values from a small set, so that ties and touching ends occur."""
    count = draw(st.integers(0, 40))
    found = []
    for figure_id in range(1, count + 1):
        qualifier = draw(st.sampled_from(QUALIFIERS))
        value = float(draw(st.sampled_from([0, 1, 2, 5, 10, 11, 50, 100, -3])))
        lower = upper = None
        if qualifier == "range":
            lower = value - draw(st.sampled_from([0, 1, 4]))
            upper = value + draw(st.sampled_from([0, 1, 4]))
        found.append(
            Observation(
                figure_id=figure_id,
                claim_id=figure_id,
                speaker_id=draw(st.integers(1, 4)),
                speaker=f"S{figure_id}",
                qualifier=qualifier,
                value=value,
                interval=figure_interval(qualifier, value, lower=lower, upper=upper),
                as_of=DAY + timedelta(days=draw(st.integers(0, 12))),
            )
        )
    return found


def brute_force(
    observations: list[Observation], window_days: int
) -> list[tuple[float, float, int, int, Observation, Observation]]:
    """Every conflict, most severe first, looked at pair by pair."""
    ordered = sorted(observations, key=lambda item: (item.as_of, item.figure_id))
    found = []
    for j, later in enumerate(ordered):
        for i, earlier in enumerate(ordered[:j]):
            if (
                earlier.speaker_id == later.speaker_id
                or (later.as_of - earlier.as_of).days > window_days
                or overlaps(earlier.interval, later.interval)
            ):
                continue
            ends = [(item.interval.low, item.interval.high) for item in (earlier, later)]
            (lo_a, hi_a), (lo_b, hi_b) = [
                (-1e300 if lo is None else lo, 1e300 if hi is None else hi) for lo, hi in ends
            ]
            gap = max(0.0, lo_b - hi_a, lo_a - hi_b)
            smaller = min(abs(earlier.value), abs(later.value))
            percent = gap / smaller * 100 if smaller else 0.0
            found.append((percent, gap, -j, -i, earlier, later))
    found.sort(key=lambda item: item[:4], reverse=True)
    return found


@settings(max_examples=300, deadline=None)
@given(observation_lists(), st.integers(0, 10), st.integers(1, 12))
def test_sweep_counts_and_ranks_every_conflict_as_pairwise_checks_do(
    observations: list[Observation], window_days: int, limit: int
) -> None:
    expected = brute_force(observations, window_days)
    report = conflicts(observations, window_days=window_days, limit=limit)
    assert report.total == len(expected)
    got = [(c.a.figure_id, c.b.figure_id) for c in report.most_severe]
    assert got == [(a.figure_id, b.figure_id) for *_, a, b in expected[:limit]]
    unlimited = conflicts(observations, window_days=window_days)
    assert len(unlimited.most_severe) == len(expected)
