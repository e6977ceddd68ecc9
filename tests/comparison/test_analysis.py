"""The comparison analysis as plain functions: revisions, conflicts, consensus, pairs."""

from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.comparison.analysis import Observation, by_speaker, conflicts, final_consensus, summarize
from app.comparison.intervals import Interval, figure_interval, overlaps
from app.comparison.pairs import compare, days_covered, rate_per_day

DAY = date(2024, 8, 14)


def obs(
    figure_id: int,
    speaker_id: int,
    value: float,
    day: date = DAY,
    qualifier: str = "exact",
    **kw: object,
) -> Observation:
    """An observation with the interval its qualifier allows."""
    return Observation(
        figure_id=figure_id,
        claim_id=figure_id,
        speaker_id=speaker_id,
        speaker=f"S{speaker_id}",
        qualifier=qualifier,
        value=value,
        interval=figure_interval(qualifier, value),  # type: ignore[arg-type]
        as_of=day,
        **kw,  # type: ignore[arg-type]
    )


def test_revision_needs_a_later_different_figure_of_the_same_speaker() -> None:
    figures = [
        obs(1, 1, 55_000),
        obs(2, 2, 200_000),
        obs(3, 1, 55_000, DAY + timedelta(days=1)),
        obs(4, 1, 150_000, DAY + timedelta(days=3)),
        obs(5, 1, 140_000, DAY + timedelta(days=3)),
    ]
    police, organisers = by_speaker(figures)
    assert [(r.before.figure_id, r.after.figure_id, r.days) for r in police.revisions] == [
        (3, 5, 2),  # 4 was restated as 5 (a later claim about the same day), so 5 stands
        (4, 5, 0),
    ]
    assert police.superseded == {4: 5}
    assert police.latest.figure_id == 5
    assert organisers.revisions == ()


def test_summary_spread_and_ratio() -> None:
    summary = summarize([obs(1, 1, 800), obs(2, 2, 1000), obs(3, 3, 1360)])
    assert summary is not None
    assert (summary.median, summary.spread, summary.ratio) == (1000, 560, 1.7)
    assert summarize([]) is None


@pytest.mark.parametrize("exact_first", [True, False], ids=["exact-first", "open-first"])
@pytest.mark.parametrize(
    ("open_qualifier", "open_value", "exact_value"),
    [("more_than", 1000, 1000), ("less_than", 1000, 1000), ("less_than", 0, 0)],
)
def test_touching_open_interval_is_a_conflict_with_zero_gap(
    exact_first: bool, open_qualifier: str, open_value: float, exact_value: float
) -> None:
    """ "More than 1,000" and exactly 1,000 share no number, in whichever order they come."""
    exact = obs(1, 1, exact_value)
    open_ended = obs(2, 2, open_value, qualifier=open_qualifier)
    figures = [exact, open_ended] if exact_first else [open_ended, exact]
    report = conflicts(figures, window_days=7)
    assert report.total == 1
    [found] = report.most_severe
    assert {found.a.figure_id, found.b.figure_id} == {1, 2}
    assert found.gap == 0


@pytest.mark.parametrize("exact_first", [True, False])
def test_closed_ends_that_touch_are_no_conflict(exact_first: bool) -> None:
    exact = obs(1, 1, 1000)
    at_least = obs(2, 2, 1000, qualifier="at_least")
    figures = [exact, at_least] if exact_first else [at_least, exact]
    assert conflicts(figures, window_days=7).total == 0


def test_consensus_uses_each_speakers_latest_figure_in_the_window() -> None:
    figures = [
        obs(1, 1, 55_000),
        obs(2, 2, 100_000, qualifier="more_than"),
        obs(3, 1, 150_000, DAY + timedelta(days=3)),
        obs(4, 3, 10, DAY - timedelta(days=30)),
    ]
    found = final_consensus(figures, window_days=7)
    assert found is not None
    assert found.figure_ids == (2, 3)
    assert found.interval == Interval(150_000, 150_000)


def test_rates_per_day_over_the_period() -> None:
    ukraine = obs(1, 1, 1000, qualifier="more_than", period_start=date(2024, 8, 6), period_end=DAY)
    russia = obs(2, 2, 1360, period_start=date(2024, 1, 1), period_end=DAY)
    pair = compare(ukraine, russia)
    assert (days_covered(ukraine), days_covered(russia)) == (8, 226)
    assert rate_per_day(ukraine) == 125
    assert pair.rate_ratio is not None and round(pair.rate_ratio, 4) == round((1360 / 226) / 125, 4)
    assert pair.overlap is True and pair.relation == "b_inside_a"


figures_strategy = st.lists(
    st.tuples(
        st.integers(1, 4),
        st.integers(0, 1000),
        st.sampled_from(
            ["exact", "approximately", "at_least", "more_than", "at_most", "less_than"]
        ),
        st.integers(0, 30),
    ),
    max_size=25,
)


@given(figures_strategy, st.integers(0, 10))
# Boundaries the property once found: an exact figure before an open one ending on its value.
@example([(1, 1000, "exact", 0), (2, 1000, "more_than", 0)], 0)
@example([(1, 0, "exact", 0), (2, 0, "less_than", 0)], 0)
@example([(1, 5, "at_most", 3), (2, 5, "more_than", 0)], 3)
def test_sweep_finds_exactly_the_brute_force_conflicts(
    raw: list[tuple[int, int, str, int]], window: int
) -> None:
    figures = [
        obs(i, s, float(v), DAY + timedelta(days=d), q) for i, (s, v, q, d) in enumerate(raw)
    ]
    expected = {
        frozenset((a.figure_id, b.figure_id))
        for a in figures
        for b in figures
        if a.figure_id < b.figure_id
        and a.speaker_id != b.speaker_id
        and abs((a.as_of - b.as_of).days) <= window
        and not overlaps(a.interval, b.interval)
    }
    found = conflicts(figures, window_days=window).most_severe
    assert {frozenset((c.a.figure_id, c.b.figure_id)) for c in found} == expected
    assert len(found) == len(expected)
    assert all(c.gap >= 0 for c in found)


def test_limit_keeps_the_most_severe_conflicts_and_counts_all() -> None:
    figures = [obs(1, 1, 100), obs(2, 2, 110), obs(3, 3, 300), obs(4, 4, 1000)]
    report = conflicts(figures, window_days=0, limit=2)
    assert report.total == 6
    assert [(c.a.figure_id, c.b.figure_id) for c in report.most_severe] == [(1, 4), (2, 4)]
    assert report.most_severe[0].gap_percent == 900
