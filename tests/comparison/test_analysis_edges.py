"""Edges of the comparison analysis that its main tests leave open (found by mutation testing)."""

from datetime import timedelta

from app.comparison.analysis import Observation, by_speaker, conflicts, final_consensus, summarize
from app.comparison.intervals import figure_interval
from tests.comparison.test_analysis import DAY, obs


def pairs(observations: list[Observation], **kw: int) -> list[tuple[int, int]]:
    """The conflicts' figure ids, most severe first."""
    return [(c.a.figure_id, c.b.figure_id) for c in conflicts(observations, **kw).most_severe]


def test_a_changed_qualifier_with_the_same_value_is_a_revision() -> None:
    [speaker] = by_speaker([obs(1, 1, 1000), obs(2, 1, 1000, DAY + timedelta(days=1), "more_than")])
    assert [(r.before.figure_id, r.after.figure_id) for r in speaker.revisions] == [(1, 2)]


def test_the_last_statement_about_a_day_is_the_one_a_later_day_revises() -> None:
    """Two statements about one day: the later restates the earlier (which it supersedes), and
    the figure of the day before is revised by the standing one."""
    later = DAY + timedelta(days=1)
    figures = [obs(1, 1, 100), obs(2, 1, 200, later), obs(3, 1, 300, later)]
    [speaker] = by_speaker([*figures, obs(4, 1, 300, later + timedelta(days=1))])
    found = [(r.before.figure_id, r.after.figure_id, r.kind) for r in speaker.revisions]
    assert sorted(found) == [(1, 3, "later_as_of"), (2, 3, "restated")]


def test_speakers_keep_their_id_and_name() -> None:
    groups = by_speaker([obs(1, 7, 10), obs(2, 3, 20), obs(3, 7, 30)])
    assert [(g.speaker_id, g.speaker, len(g.figures)) for g in groups] == [
        (7, "S7", 2),
        (3, "S3", 1),
    ]


def test_summary_counts_figures_and_speakers() -> None:
    summary = summarize([obs(1, 1, 5), obs(2, 1, 6), obs(3, 2, 7)])
    assert summary is not None
    assert (summary.count, summary.speakers, summary.minimum, summary.maximum) == (3, 2, 5, 7)


def test_two_speakers_giving_the_same_number_do_not_conflict() -> None:
    assert conflicts([obs(1, 1, 1000), obs(2, 2, 1000)], window_days=7).total == 0


def test_an_open_end_below_a_later_exact_figure_is_a_conflict() -> None:
    report = conflicts([obs(1, 1, 1000, qualifier="less_than"), obs(2, 2, 1000)], window_days=7)
    [found] = report.most_severe
    assert (found.a.figure_id, found.b.figure_id, found.gap) == (1, 2, 0)


def test_a_figure_unbounded_below_conflicts_only_with_figures_above_it() -> None:
    debt = obs(1, 1, -5, qualifier="at_most")
    assert figure_interval("at_most", -5).low is None
    assert conflicts([debt, obs(2, 2, -10)], window_days=7).total == 0
    assert pairs([debt, obs(2, 2, 3)], window_days=7) == [(1, 2)]


def test_the_gap_is_the_distance_whichever_figure_came_first() -> None:
    report = conflicts([obs(1, 1, 1000), obs(2, 2, 400, DAY + timedelta(days=1))], window_days=7)
    [found] = report.most_severe
    assert (found.gap, found.gap_percent) == (600, 150)


def test_severity_ranks_by_gap_in_percent_not_in_units() -> None:
    later = DAY + timedelta(days=100)
    small = [obs(1, 1, 10), obs(2, 2, 30)]
    large = [obs(3, 3, 1000, later), obs(4, 4, 1500, later)]
    assert pairs([*small, *large], window_days=7, limit=1) == [(1, 2)]


def test_a_conflict_with_zero_ranks_below_any_measurable_gap() -> None:
    later = DAY + timedelta(days=100)
    with_zero = [obs(1, 1, 0), obs(2, 2, 3)]
    slight = [obs(3, 3, 1000, later), obs(4, 4, 1005, later)]
    assert pairs([*with_zero, *slight], window_days=7, limit=1) == [(3, 4)]
    assert conflicts(with_zero, window_days=7).most_severe[0].gap_percent is None


def test_equally_severe_conflicts_come_in_the_order_they_were_found() -> None:
    later = DAY + timedelta(days=100)
    figures = [obs(1, 1, 100), obs(2, 2, 200), obs(3, 3, 100, later), obs(4, 4, 200, later)]
    assert pairs(figures, window_days=7) == [(1, 2), (3, 4)]
    assert pairs(figures, window_days=7, limit=1) == [(1, 2)]


def test_figures_further_apart_than_the_window_are_never_compared() -> None:
    figures = [obs(i, i, 100 * i, DAY + timedelta(days=10 * i)) for i in range(1, 5)]
    assert conflicts(figures, window_days=5).total == 0
    assert conflicts(figures, window_days=10).total == 3


def test_consensus_window_includes_its_first_day_and_reports_its_bounds() -> None:
    figures = [obs(1, 1, 100, qualifier="at_least"), obs(2, 2, 150, DAY + timedelta(days=7))]
    found = final_consensus(figures, window_days=7)
    assert found is not None
    assert found.figure_ids == (1, 2)
    assert (found.window_start, found.window_end) == (DAY, DAY + timedelta(days=7))


def test_a_gap_too_large_for_a_percent_ranks_as_a_null_one() -> None:
    """1,000 against 5e-324 (a value writes accept) is a gap of no finite percent: it is null,
    and ranks as 0 as a null one does, below every finite percent (black-box audit: it came
    first, shown as null)."""
    tiny, thousand, one = obs(1, 1, 5e-324), obs(2, 2, 1000), obs(3, 3, 1)
    report = conflicts([tiny, thousand, one], window_days=7)
    assert [(c.a.figure_id, c.b.figure_id, c.gap_percent) for c in report.most_severe] == [
        (2, 3, 99_900.0),
        (1, 2, None),
        (1, 3, None),
    ]
    for limit in (1, 2):  # the threshold search keeps the same order
        assert pairs([tiny, thousand, one], window_days=7, limit=limit) == [(2, 3), (1, 2)][:limit]
