"""Two figures side by side: the numbers a reader sees (found by mutation testing)."""

from datetime import date, timedelta

from app.comparison.pairs import compare, days_covered, rate_per_day
from tests.comparison.test_analysis import DAY, obs


def test_compare_reports_difference_ratio_percent_and_days_apart() -> None:
    a, b = obs(1, 1, 200), obs(2, 2, 500, DAY + timedelta(days=10))
    pair = compare(a, b)
    assert (pair.a, pair.b) == (a, b)
    assert (pair.difference, pair.ratio, pair.percent_difference) == (300, 2.5, 150)
    assert pair.days_apart == 10
    assert compare(b, a).days_apart == 10


def test_percent_difference_is_against_the_size_of_a_negative_figure() -> None:
    pair = compare(obs(1, 1, -100), obs(2, 2, -50))
    assert (pair.difference, pair.ratio, pair.percent_difference) == (50, 0.5, 50)


def test_against_zero_there_is_no_ratio_and_no_percent() -> None:
    pair = compare(obs(1, 1, 0), obs(2, 2, 5))
    assert (pair.difference, pair.ratio, pair.percent_difference) == (5, None, None)


def test_an_open_period_runs_to_the_figures_date() -> None:
    figure = obs(1, 1, 70, period_start=DAY - timedelta(days=7))
    assert days_covered(figure) == 7
    assert rate_per_day(figure) == 10


def test_a_period_of_one_day_counts_and_an_empty_one_has_no_rate() -> None:
    one_day = obs(1, 1, 5, period_start=date(2024, 8, 13), period_end=DAY)
    empty = obs(2, 1, 5, period_start=DAY, period_end=DAY)
    assert (days_covered(one_day), rate_per_day(one_day)) == (1, 5)
    assert (days_covered(empty), rate_per_day(empty)) == (None, None)


def test_no_period_means_no_rate() -> None:
    figure = obs(1, 1, 5)
    assert (days_covered(figure), rate_per_day(figure)) == (None, None)
    assert compare(figure, figure).rate_ratio is None
