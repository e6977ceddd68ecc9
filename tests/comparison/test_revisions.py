"""Revisions by what was said when: restated figures supersede, later as_of figures revise."""

from collections.abc import Sequence
from datetime import date, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from app.comparison.analysis import (
    Observation,
    by_speaker,
    conflicts,
    final_consensus,
    standing,
    summarize,
)
from app.comparison.intervals import figure_interval, overlaps

MARCH = date(2024, 3, 2)
POLICE, ORGANISERS, AERIAL = 1, 2, 3


def obs(
    figure_id: int,
    speaker_id: int,
    value: float,
    *,
    as_of: date = MARCH,
    said_on: date | None = None,
    claim_id: int | None = None,
    qualifier: str = "exact",
    period: tuple[date | None, date | None] = (None, None),
) -> Observation:
    """An observation with the interval its qualifier allows; one claim per figure by default."""
    return Observation(
        figure_id=figure_id,
        claim_id=figure_id if claim_id is None else claim_id,
        speaker_id=speaker_id,
        speaker=f"S{speaker_id}",
        qualifier=qualifier,
        value=value,
        interval=figure_interval(qualifier, value),  # type: ignore[arg-type]
        as_of=as_of,
        period_start=period[0],
        period_end=period[1],
        said_on=said_on,
    )


def crowd() -> list[Observation]:
    """The march: the police restate 55,000 as 150,000 three days later, about the same day."""
    return [
        obs(1, POLICE, 55_000, said_on=MARCH),
        obs(2, ORGANISERS, 300_000, said_on=MARCH),
        obs(3, AERIAL, 160_000, said_on=MARCH + timedelta(days=2)),
        obs(4, POLICE, 150_000, said_on=MARCH + timedelta(days=3)),
    ]


def superseded_map(figures: Sequence[Observation]) -> dict[int, int]:
    """Figure id: superseding figure id, over every speaker, as the service merges them."""
    return {key: by for group in by_speaker(figures) for key, by in group.superseded.items()}


def pairs(figures: Sequence[Observation], *, window_days: int = 7) -> set[frozenset[int]]:
    """The conflicting pairs of figure ids."""
    found = conflicts(figures, window_days=window_days).most_severe
    return {frozenset((c.a.figure_id, c.b.figure_id)) for c in found}


def test_police_restating_the_crowd_supersedes_their_first_estimate() -> None:
    figures = crowd()
    police = next(group for group in by_speaker(figures) if group.speaker_id == POLICE)
    [revision] = police.revisions
    assert (revision.before.figure_id, revision.after.figure_id) == (1, 4)
    assert (revision.kind, revision.days, revision.statement_days) == ("restated", 0, 3)
    assert revision.change == 95_000
    assert police.superseded == {1: 4}
    assert police.latest.figure_id == 4


def test_superseded_figure_is_in_no_conflict_summary_or_consensus() -> None:
    figures = crowd()
    counted = standing(figures, superseded_map(figures))
    assert [item.figure_id for item in counted] == [2, 3, 4]
    assert pairs(counted) == {frozenset((2, 3)), frozenset((2, 4)), frozenset((3, 4))}
    assert all(1 not in pair for pair in pairs(counted))
    summary = summarize(counted)
    assert summary is not None and (summary.count, summary.minimum) == (3, 150_000)
    everything = pairs(figures)
    assert {frozenset((1, 2)), frozenset((1, 3))} <= everything


def test_restated_days_are_between_statements_later_as_of_days_between_dates() -> None:
    figures = [
        obs(1, POLICE, 55_000, said_on=MARCH),
        obs(2, POLICE, 70_000, as_of=MARCH + timedelta(days=7), said_on=MARCH + timedelta(days=7)),
    ]
    [revision] = by_speaker(figures)[0].revisions
    assert (revision.kind, revision.days, revision.statement_days) == ("later_as_of", 7, 7)
    assert by_speaker(figures)[0].superseded == {}


def test_repeating_the_same_number_supersedes_nothing() -> None:
    figures = [
        obs(1, POLICE, 55_000, said_on=MARCH),
        obs(2, POLICE, 55_000, said_on=MARCH + timedelta(days=1)),
    ]
    group = by_speaker(figures)[0]
    assert (group.revisions, group.superseded) == ((), {})
    assert group.latest.figure_id == 2


def test_every_figure_is_superseded_by_the_first_later_statement_saying_otherwise() -> None:
    day = timedelta(days=1)
    figures = [
        obs(1, POLICE, 55_000, said_on=MARCH),
        obs(2, POLICE, 55_000, said_on=MARCH + day),
        obs(3, POLICE, 150_000, said_on=MARCH + 2 * day),
        obs(4, POLICE, 55_000, said_on=MARCH + 3 * day),
    ]
    group = by_speaker(figures)[0]
    assert group.superseded == {1: 3, 2: 3, 3: 4}
    assert [(r.before.figure_id, r.after.figure_id) for r in group.revisions] == [(2, 3), (3, 4)]
    assert group.latest.figure_id == 4


def test_same_day_statements_are_ordered_by_claim_then_figure() -> None:
    figures = [
        obs(7, POLICE, 150_000, said_on=MARCH, claim_id=20),
        obs(8, POLICE, 55_000, said_on=MARCH, claim_id=10),
    ]
    group = by_speaker(figures)[0]
    assert group.superseded == {8: 7}
    assert group.revisions[0].statement_days == 0


def test_figures_of_one_claim_do_not_supersede_each_other() -> None:
    figures = [
        obs(1, POLICE, 55_000, said_on=MARCH, claim_id=5),
        obs(2, POLICE, 60_000, said_on=MARCH, claim_id=5),
    ]
    group = by_speaker(figures)[0]
    assert (group.revisions, group.superseded) == ((), {})


def test_restating_a_period_supersedes_even_with_another_as_of() -> None:
    """GDP for the first quarter: the first estimate, then the revised one a month later."""
    quarter = (date(2024, 1, 1), date(2024, 3, 31))
    first, later = date(2024, 4, 30), date(2024, 5, 30)
    figures = [
        obs(1, POLICE, 0.4, as_of=first, said_on=first, period=quarter),
        obs(2, POLICE, 0.6, as_of=later, said_on=later, period=quarter),
    ]
    group = by_speaker(figures)[0]
    assert group.superseded == {1: 2}
    [revision] = group.revisions
    assert (revision.kind, revision.days, revision.statement_days) == ("restated", 30, 30)


def test_since_a_date_means_up_to_the_as_of() -> None:
    """'Since August 6' as of the 14th, restated later: same subject; as of the 20th: not."""
    since = (date(2024, 8, 6), None)
    aug14, aug20 = date(2024, 8, 14), date(2024, 8, 20)
    figures = [
        obs(1, POLICE, 1000, as_of=aug14, said_on=aug14, period=since),
        obs(2, POLICE, 1100, as_of=aug14, said_on=aug20, period=since),
        obs(3, POLICE, 1300, as_of=aug20, said_on=aug20, period=since),
    ]
    group = by_speaker(figures)[0]
    assert group.superseded == {1: 2}
    kinds = [(r.kind, r.before.figure_id, r.after.figure_id) for r in group.revisions]
    assert kinds == [("restated", 1, 2), ("later_as_of", 2, 3)]


def test_a_figure_with_a_period_and_one_without_are_about_different_things() -> None:
    """'500 in the last week' and '30,000 in all' as of one day: neither replaces the other."""
    week = (MARCH - timedelta(days=7), MARCH)
    figures = [
        obs(1, POLICE, 30_000, said_on=MARCH),
        obs(2, POLICE, 500, said_on=MARCH + timedelta(days=1), period=week),
    ]
    assert by_speaker(figures)[0].superseded == {}


def test_latest_is_the_newest_as_of_then_the_newest_statement() -> None:
    """A restatement about an earlier day, said last, is not the latest figure."""
    figures = [
        obs(1, POLICE, 55_000, said_on=MARCH),
        obs(2, POLICE, 80_000, as_of=MARCH + timedelta(days=5), said_on=MARCH + timedelta(days=5)),
        obs(3, POLICE, 150_000, said_on=MARCH + timedelta(days=9)),
    ]
    group = by_speaker(figures)[0]
    assert group.superseded == {1: 3}
    assert group.latest.figure_id == 2
    kinds = [(r.kind, r.before.figure_id, r.after.figure_id) for r in group.revisions]
    assert kinds == [("later_as_of", 3, 2), ("restated", 1, 3)]


def test_unknown_said_on_counts_as_said_on_the_as_of() -> None:
    figures = [obs(1, POLICE, 55_000), obs(2, POLICE, 150_000)]
    group = by_speaker(figures)[0]
    assert group.superseded == {1: 2}
    assert group.revisions[0].statement_days == 0


def test_consensus_of_standing_figures_ignores_the_superseded_estimate() -> None:
    figures = [
        obs(1, POLICE, 100_000, qualifier="approximately", said_on=MARCH),
        obs(2, ORGANISERS, 150_000, qualifier="approximately", said_on=MARCH),
        obs(3, POLICE, 140_000, qualifier="approximately", said_on=MARCH + timedelta(days=1)),
    ]
    counted = standing(figures, superseded_map(figures))
    found = final_consensus(counted, window_days=7)
    assert found is not None and found.figure_ids == (2, 3)
    assert found.interval is not None and found.interval.low == 135_000


raw_figures = st.lists(
    st.tuples(
        st.integers(1, 3),  # speaker
        st.sampled_from([100, 200, 300]),  # value
        st.sampled_from(["exact", "approximately", "at_least", "less_than"]),
        st.integers(0, 3),  # as_of, days after the march
        st.integers(0, 3),  # said_on, days after the as_of
        st.booleans(),  # shares its claim with the figure before it
        st.booleans(),  # covers the week up to its as_of
    ),
    max_size=20,
)


def build(raw: Sequence[tuple[int, int, str, int, int, bool, bool]]) -> list[Observation]:
    """Observations from the strategy's tuples, as the service reads them (oldest first)."""
    figures, claim, previous = [], 0, None
    for index, (speaker, value, qualifier, as_of, said, shared, weekly) in enumerate(raw):
        day = MARCH + timedelta(days=as_of)
        said_on = day + timedelta(days=said)
        same_claim = (
            shared
            and previous is not None
            and previous.speaker_id == speaker
            and previous.said_on == said_on
        )
        claim = claim if same_claim else claim + 1
        period = (day - timedelta(days=7), day) if weekly else (None, None)
        previous = obs(
            index + 1,
            speaker,
            float(value),
            as_of=day,
            said_on=said_on,
            claim_id=claim,
            qualifier=qualifier,
            period=period,
        )
        figures.append(previous)
    return sorted(figures, key=lambda item: (item.as_of, item.said_on, item.figure_id))


def brute_superseded(figures: Sequence[Observation]) -> dict[int, int]:
    """The definition, pair by pair: the first later statement on the subject saying otherwise."""
    found = {}
    for figure in figures:
        later = [
            other
            for other in figures
            if other.speaker_id == figure.speaker_id
            and other.subject == figure.subject
            and (other.stated[0], other.claim_id) > (figure.stated[0], figure.claim_id)
            and (other.value, other.interval) != (figure.value, figure.interval)
        ]
        if later:
            found[figure.figure_id] = min(later, key=lambda item: item.stated).figure_id
    return found


@given(raw_figures)
@example([(1, 100, "exact", 0, 0, False, False), (1, 200, "exact", 0, 1, False, False)])
@example([(1, 100, "exact", 0, 0, False, False), (1, 200, "exact", 0, 0, True, False)])
def test_supersession_matches_its_definition(
    raw: list[tuple[int, int, str, int, int, bool, bool]],
) -> None:
    figures = build(raw)
    assert superseded_map(figures) == brute_superseded(figures)


@given(raw_figures, st.integers(0, 4), st.booleans())
def test_conflicts_are_the_brute_force_pairs_over_what_is_counted(
    raw: list[tuple[int, int, str, int, int, bool, bool]], window: int, include_superseded: bool
) -> None:
    figures = build(raw)
    superseded = brute_superseded(figures)
    counted = figures if include_superseded else standing(figures, superseded_map(figures))
    expected = {
        frozenset((a.figure_id, b.figure_id))
        for a in figures
        for b in figures
        if a.figure_id < b.figure_id
        and (include_superseded or not {a.figure_id, b.figure_id} & superseded.keys())
        and a.speaker_id != b.speaker_id
        and abs((a.as_of - b.as_of).days) <= window
        and not overlaps(a.interval, b.interval)
    }
    found = pairs(counted, window_days=window)
    assert found == expected
    if not include_superseded:
        assert all(not pair & superseded.keys() for pair in found)


@given(raw_figures)
def test_every_speaker_keeps_a_latest_standing_figure_and_restatements_supersede(
    raw: list[tuple[int, int, str, int, int, bool, bool]],
) -> None:
    for group in by_speaker(build(raw)):
        assert group.latest.figure_id not in group.superseded
        kept = [item for item in group.figures if item.figure_id not in group.superseded]
        assert group.latest == max(kept, key=lambda item: (item.as_of, item.stated))
        for revision in group.revisions:
            before, after = revision.before, revision.after
            assert (before.value, before.interval) != (after.value, after.interval)
            if revision.kind == "restated":
                assert before.subject == after.subject
                assert revision.statement_days >= 0
                assert before.figure_id in group.superseded
            else:
                assert revision.days > 0
                assert not {before.figure_id, after.figure_id} & group.superseded.keys()
