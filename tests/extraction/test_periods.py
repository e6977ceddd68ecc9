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


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Visitors will number 74 next year.", "2025-01-01", "2025-12-31"),
        ("Exports are forecast to reach 74 units next month.", "2024-09-01", "2024-09-30"),
        ("Crews will clear 74 roads next week.", "2024-08-26", "2024-09-01"),
        ("Sales in 2025 will reach 74 units.", "2025-01-01", "2025-12-31"),
        ("The shop will open 74 stalls in July.", "2025-07-01", "2025-07-31"),
        ("The shop opened 74 stalls in July.", "2024-07-01", "2024-07-31"),
        ("The firm will sell 74 units in the first half.", "2025-01-01", "2025-06-30"),
        ("The firm will sell 74 units in the second half.", "2024-07-01", None),
        ("Analysts had expected 74 units in the first quarter.", "2024-01-01", "2024-03-31"),
        ("Up to 74 mm of rain is expected over the weekend.", "2024-08-24", "2024-08-25"),
        ("Forecasters see 74 mm of rain this weekend.", "2024-08-24", "2024-08-25"),
        ("Troops took 74 villages last weekend.", "2024-08-17", "2024-08-18"),
        ("The 2023 harvest was 74 tonnes.", "2023-01-01", "2023-12-31"),
        ("The company's 2022 revenue was 74 million euros.", "2022-01-01", "2022-12-31"),
        (
            "Revenue for the fiscal year that ended on June 30 was 74 million euros.",
            "2023-07-01",
            "2024-06-30",
        ),
        ("Sales in the nine months to June were 74 units.", "2023-10-01", "2024-06-30"),
        (
            "Profit in the quarter ended March 31, 2024 was 74 million euros.",
            "2024-01-01",
            "2024-03-31",
        ),
        ("By 2030 emissions will fall by 74 tonnes.", None, None),
    ],
)
def test_future_adjective_and_fiscal_periods(text: str, start: str | None, end: str | None) -> None:
    figure = one(text)
    assert (figure.period_start, figure.period_end) == (
        D(start) if start else None,
        D(end) if end else None,
    )


def test_back_references_take_the_span_named_before() -> None:
    said = "Sales fell 3% in the first quarter. In the same period, 74 shops closed."
    assert [(f.period_start, f.period_end) for f in figures(said)] == [
        (D("2024-01-01"), D("2024-03-31")),
        (D("2024-01-01"), D("2024-03-31")),
    ]
    shifted = "In 2023, 12 shops opened; over the same months of 2022, 74 closed."
    assert figures(shifted)[1].period_start == D("2022-01-01")
    year_back = "Profit was 40 million euros in the quarter to June, up from 31 million euros "
    year_back += "in the same period a year earlier."
    assert [(f.period_start, f.period_end) for f in figures(year_back)] == [
        (D("2024-04-01"), D("2024-06-30")),
        (D("2023-04-01"), D("2023-06-30")),
    ]
    assert figures("The 74 shops closed in the same period.")[0].period_start is None


def test_as_of_the_end_of_a_month_or_year() -> None:
    assert one("At the end of June 2024, troops held 74 villages.").as_of == D("2024-06-30")
    assert one("As of the end of 2023, troops held 74 villages.").as_of == D("2023-12-31")
    assert one("At the end of March, troops held 74 villages.").as_of == D("2024-03-31")


def test_clauses_of_their_own_and_dates_that_share_a_year() -> None:
    said = date(2023, 11, 8)
    text = "Solberg, who has run the group since 2019, said it would cut 650 jobs."
    assert one(text, said).period_start is None
    text = "In the quarter to September, profit fell to 184 million euros from 201 million "
    text += "euros a year earlier."
    assert [(f.period_start, f.period_end) for f in figures(text, said)] == [
        (D("2023-07-01"), D("2023-09-30")),
        (D("2022-07-01"), D("2022-09-30")),
    ]
    text = "Invoices were inflated by 74 million euros between April and December 2021."
    assert (one(text, said).period_start, one(text, said).period_end) == (
        D("2021-04-01"),
        D("2021-12-31"),
    )
    text = "From Friday to Sunday, 74,000 people attended."
    assert (one(text, said).period_start, one(text, said).period_end) == (
        D("2023-11-03"),
        D("2023-11-05"),
    )
    text = "Inflation should fall to 2% in the second half of this year."
    assert [(f.value, f.period_start, f.period_end) for f in figures(text, said)] == [
        (2.0, D("2023-07-01"), None)
    ]
    text = "The rate is 3.5%, its third cut since September."
    assert one(text, said).period_start is None
    assert one('"We expect 2024 revenue of 74 million euros," she said.', said).period_start == D(
        "2024-01-01"
    )


def test_every_back_reference_and_a_span_after_an_earlier_level() -> None:
    said = date(2026, 1, 20)
    text = "Income was 74 million euros in the quarter to December, and costs fell by a third "
    text += "over the same period."
    assert [(f.period_start, f.period_end) for f in figures(text, said)] == [
        (D("2025-10-01"), D("2025-12-31")),
        (D("2025-10-01"), D("2025-12-31")),
    ]
    text = "Pupil numbers fell to 176 from 241 in 2019."
    assert [(f.value, f.period_start) for f in figures(text, said)] == [
        (176.0, None),
        (241.0, D("2019-01-01")),
    ]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("It hit 41.3C, breaking a record set in 1947.", None, None),
        ("The ship, built in 2017, carried 74 containers.", None, None),
        ("The festival sold 74,000 tickets for its 2023 edition.", None, None),
        ("The council faces a shortfall of 74 million euros in 2025-26.", None, None),
    ],
)
def test_dates_that_make_no_period(text: str, start: str | None, end: str | None) -> None:
    figure = figures(text)[0]
    assert (figure.period_start, figure.period_end) == (start, end)
