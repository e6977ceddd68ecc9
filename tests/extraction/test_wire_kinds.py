"""Kinds of wording that wire copy uses and the extractor once misread (issue 13), each in
sentences of our own: verbs of passing a mark, fractions of a change, scale suffixes,
attributes, scores, page numbers, age limits, numbered names and generic speakers."""

import pytest

from tests.extraction.helpers import figures, one, speaker_of


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Grain shipments exceeded 3 million tonnes in June.", 3e6),
        ("Turnout topped 60% in the capital.", 60),
        ("The toll has surpassed 1,200 people, the ministry said.", 1200),
        ("Applications outstripped 40,000 this spring.", 40_000),
        ("Donations passed the 5,000 mark by Friday.", 5000),
    ],
)
def test_passing_a_mark_is_more_than_it(text: str, value: float) -> None:
    figure = one(text)
    assert (figure.value, figure.qualifier) == (pytest.approx(value), "more_than")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Rents fell by a third over the winter.", 33.33),
        ("The harvest shrank by half, farmers said.", 50),
        ("Traffic was a fifth lower than in May.", 20),
        ("Exports came in two-thirds higher than forecast.", 66.67),
        ("The budget was cut by a quarter.", 25),
    ],
)
def test_a_fraction_measuring_a_change_is_a_percentage(text: str, value: float) -> None:
    figure = one(text)
    assert (figure.value, figure.unit) == (value, "%")


@pytest.mark.parametrize(
    "text",
    [
        "The bank cut its rate by half a percentage point.",
        "The dispute was settled by a third party.",
        "The race was decided by a quarter-point margin.",
    ],
)
def test_a_fraction_that_is_not_the_change_is_no_share(text: str) -> None:
    assert all(figure.unit != "%" or figure.value != 50 for figure in figures(text))
    assert not any(figure.value in (25, 33.33) for figure in figures(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The march drew 35k on Saturday, police said.", 35_000),
        ("The deficit reached $4bn last year.", 4e9),
        ("Flooding displaced 2 lakh people in the delta.", 200_000),
    ],
)
def test_scale_suffixes_keep_their_scale(text: str, value: float) -> None:
    assert one(text).value == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "The inspectors filed a 212-page report on Monday.",
        "A 15-member commission will study the plan.",
        "The club won 4-2 at home on Sunday.",
        "Saturday's 1-1 draw left them third.",
        "The table appears on page 37 of the audit.",
        "Children under 14 must be accompanied, the museum said.",
        "People over 70 were offered the jab first.",
        "Volunteers aged between 18 and 30 may apply.",
        "The pupils, ages 9, 11 and 13, were unhurt.",
        "Leaders of the Group of Twenty met in Rio.",
        "Finance ministers of the Group of 20 met in Rio.",
        "The Formula One season opened in Bahrain.",
    ],
)
def test_attributes_scores_pages_age_limits_and_names_are_not_figures(text: str) -> None:
    assert figures(text) == []


def test_a_length_joined_by_a_hyphen_is_still_a_figure() -> None:
    figure = one("Troops held a 40-km stretch of the front.")
    assert figure.value == 40


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("At least 80,000 people attended, organisers said.", "organisers"),
        ("Gusts of up to 120 km could hit the coast, forecasters said.", "forecasters"),
        ("More than 300 homes were flooded, firefighters said.", "firefighters"),
    ],
)
def test_generic_speakers_are_named_as_written(text: str, speaker: str) -> None:
    value = figures(text)[0].value
    assert speaker_of(text, value).speaker_name == speaker


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("The field pumps 400,000 barrels per day.", "barrels / day"),
        ("The ferry sailed at 28 km/h through the strait.", "kilometers / hour"),
        ("Gusts reached 90 mph on the headland.", "miles / hour"),
        ("Cleaners are paid $9 an hour, the union said.", "USD / hour"),
        ("About 250 migrants a week reach the island.", "migrants / week"),
        ("The smelter emits 3 tonnes of dust a year.", "tonnes / year"),
        ("Rents rose 4% a year over the decade.", "% / year"),
    ],
)
def test_rates_keep_their_denominator(text: str, unit: str) -> None:
    assert one(text).unit == unit


def test_a_day_after_is_a_time_not_a_rate() -> None:
    assert one("Some 20 people died a day after the storm.").unit == "people"


def test_many_masked_attributes_and_numbers_are_checked_against_spans_once() -> None:
    """Each number asks the masked spans by binary search: thousands of "12-page" cut no
    figure and the answer is the same as for one."""
    from app.extraction.figures.quantities import Spans

    assert figures("page " + " ".join(["12-page"] * 2000)) == []
    spans = Spans([(10, 20), (15, 30), (40, 41), (50, 50)])
    assert [spans.hits(a, b) for a, b in ((0, 10), (0, 11), (29, 35), (30, 40), (41, 49))] == [
        False,
        True,
        True,
        False,
        False,
    ]
