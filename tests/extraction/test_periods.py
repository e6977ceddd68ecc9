"""Periods and reference dates, resolved against said_on (2024-08-20, a Tuesday)."""

from datetime import date

import pytest

from tests.extraction.helpers import SAID_ON, figures, one

D = date.fromisoformat


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Since August 6, troops took 74 villages.", "2024-08-06", None),
        ("Troops took 74 villages since Aug. 6.", "2024-08-06", None),
        ("Since August 25, troops took 74 villages.", "2023-08-25", None),
        ("Since January 1, 2024, troops took 74 villages.", "2024-01-01", None),
        ("Since the start of the year, troops took 74 villages.", "2024-01-01", None),
        ("Since March, troops took 74 villages.", "2024-03-01", None),
        ("Since 2022, troops took 74 villages.", "2022-01-01", None),
        ("Since Monday, troops took 74 villages.", "2024-08-19", None),
        ("Troops took 74 villages since the offensive began on August 6.", "2024-08-06", None),
        ("In the past 24 hours, troops took 74 villages.", "2024-08-19", None),
        ("Troops took 74 villages over the past week.", "2024-08-13", None),
        ("Troops took 74 villages in the last two weeks.", "2024-08-06", None),
        ("Troops took 74 villages over the past month.", "2024-07-20", None),
        ("Between August 6 and August 14, troops took 74 villages.", "2024-08-06", "2024-08-14"),
        ("Between August 6 and 14, troops took 74 villages.", "2024-08-06", "2024-08-14"),
        ("From August 6 to August 14, troops took 74 villages.", "2024-08-06", "2024-08-14"),
        ("On August 6-14 troops took 74 villages.", "2024-08-06", "2024-08-14"),
        ("Troops took 74 villages last month.", "2024-07-01", "2024-07-31"),
        ("Troops took 74 villages last week.", "2024-08-12", "2024-08-18"),
        ("Troops took 74 villages last year.", "2023-01-01", "2023-12-31"),
        ("Troops took 74 villages this year.", "2024-01-01", None),
        ("Troops took 74 villages in July.", "2024-07-01", "2024-07-31"),
        ("Troops took 74 villages in 2023.", "2023-01-01", "2023-12-31"),
        ("Troops took 74 villages in August.", "2024-08-01", None),
        ("Troops took 74 villages over the weekend.", "2024-08-17", "2024-08-18"),
        ("Troops took 74 villages.", None, None),
        ("Troops took 74 villages overnight.", None, None),
    ],
)
def test_periods(text: str, start: str | None, end: str | None) -> None:
    figure = one(text)
    assert figure.value == 74
    assert figure.period_start == (D(start) if start else None)
    assert figure.period_end == (D(end) if end else None)


@pytest.mark.parametrize(
    ("text", "as_of"),
    [
        ("Troops took 74 villages.", "2024-08-20"),
        ("As of August 10, troops held 74 villages.", "2024-08-10"),
        ("Troops held 74 villages on Sunday.", "2024-08-18"),
        ("Troops held 74 villages yesterday.", "2024-08-19"),
        ("Between August 6 and 14, troops took 74 villages.", "2024-08-14"),
        ("Troops will take 74 villages by December 1.", "2024-08-20"),
    ],
)
def test_as_of(text: str, as_of: str) -> None:
    assert one(text).as_of == D(as_of)


def test_without_said_on_relative_periods_are_unknown() -> None:
    figure = one("In the past 24 hours, troops took 74 villages.", said_on=None)
    assert (figure.period_start, figure.as_of) == (None, None)
    assert one("Since January 1, 2024, troops took 74 villages.", None).period_start == D(
        "2024-01-01"
    )


def test_period_stays_in_its_clause() -> None:
    text = "Aid of €4 billion arrived this year, and damage was put at $10 billion."
    aid, damage = figures(text)
    assert aid.period_start == D("2024-01-01")
    assert damage.period_start is None


def test_numbers_inside_periods_are_not_figures() -> None:
    assert one("In the past 48 hours, 215 explosions were heard.").value == 215
    assert SAID_ON.weekday() == 1


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("First-quarter sales were 74 units.", "2024-01-01", "2024-03-31"),
        ("Sales in Q3 2023 were 74 units.", "2023-07-01", "2023-09-30"),
        ("Sales in the second half were 74 units.", "2024-07-01", None),
        ("It was the worst result since 1832, with 74 seats.", None, None),
    ],
)
def test_quarters_and_comparative_since(text: str, start: str | None, end: str | None) -> None:
    figure = one(text)
    assert (figure.period_start, figure.period_end) == (
        D(start) if start else None,
        D(end) if end else None,
    )
