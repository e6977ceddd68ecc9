"""Periods written relative to the day something was said.

"in/over the past 24 hours", "during the last two weeks" -> start = said_on minus that much
(hours round up to whole days; months and years are calendar months), end None. "last
week/month/year" -> the previous calendar week (Monday to Sunday), month or year; "this
week/month/year" and "so far this year" -> its first day, end None; "next week/month/year"
-> the whole following one. "over the weekend" -> the latest Saturday and Sunday, or the
coming ones when the clause speaks of what is to come ("this weekend", "the weekend ahead",
"expected over the weekend"). "the first quarter", "first-quarter", "Q3 2023", "the second
half" -> that quarter or half (when no year is written, the latest one begun by said_on, or
in a clause about the future the first one not yet over), with the end dropped while it
runs on said_on. Without said_on these are recognised (so their numbers are not figures)
but resolve to no dates.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from app.extraction.figures.numbers import parse_number
from app.extraction.periods import dates as d
from app.extraction.periods.dateread import Period, running, unit_start

PAST_RE = re.compile(
    r"\b(?:in|over|during|within|for|across|throughout)\s+the\s+(?:past|last|previous|preceding)\s+"
    r"(?:(?P<n>[\w-]+(?:\s+[\w-]+)?)\s+)?(?P<u>hours?|days?|weeks?|months?|years?|fortnight)\b",
    re.I,
)
CAL_RE = re.compile(
    r"(?<!the\s)\b(?:so\s+far\s+)?(?P<w>this|last)\s+(?P<u>week|month|year)\b", re.I
)
WEEKEND_RE = re.compile(
    r"\b(?:(?:over|during|at|on|for)\s+the|last|this|next|coming)\s+weekend(?:\s+ahead)?\b"
    r"|\bthe\s+(?:coming|upcoming)\s+weekend\b",
    re.I,
)
NEXT_RE = re.compile(r"\b(?:next|the\s+coming)\s+(?P<u>week|month|year)\b", re.I)
# Words that put a clause in the future: a forecast, a plan, a promise.
FUTURE_RE = re.compile(
    r"\b(?:will|shall|should|likely\s+to|expects|expecting|(?:is|are|be|been)\s+expected|forecasts?\s+(?:to|that)|"
    r"(?:is|are)\s+forecast|projected|predicts?|plans?\s+to|planned|planning|aims?\s+to|"
    r"set\s+to|going\s+to|ahead|upcoming|outlook|next)\b|['’]ll\b",
    re.I,
)


def future(text: str, at: int) -> bool:
    """Whether the clause around offset at speaks of what is to come."""
    lo = max(text.rfind(";", 0, at), 0)
    hi = text.find(";", at)
    return FUTURE_RE.search(text, lo, hi if hi >= 0 else len(text)) is not None


def past(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'in the past 24 hours' and the like."""
    n = parse_number(m.group("n")) if m.group("n") else 1.0
    if n is None or said_on is None:
        return Period(m.start(), m.end(), None, None, None)
    start = past_start(said_on, n, m.group("u").lower().rstrip("s"))
    return Period(m.start(), m.end(), start, None, None)


def past_start(said_on: date, n: float, unit: str) -> date:
    """said_on minus n hours, days, weeks, fortnights, months or years (hours round up to a
    day; months and years are calendar ones)."""
    if unit in ("month", "year"):
        return d.add_months(said_on, -int(n) * (12 if unit == "year" else 1))
    days = {"hour": n / 24, "day": n, "week": 7 * n, "fortnight": 14 * n}[unit]
    return said_on - timedelta(days=max(1, -int(-days // 1)))


def calendar(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'last month', 'this year' and the like."""
    return calendar_period(m, m.group("u").lower(), m.group("w").lower() == "this", said_on)


def calendar_period(m: re.Match[str], unit: str, this: bool, said_on: date | None) -> Period:
    """The calendar week, month or year of said_on (from its first day, end None) when this,
    else the whole previous one."""
    if said_on is None:
        return Period(m.start(), m.end(), None, None, None)
    first = unit_start(unit, said_on)
    if this:
        return Period(m.start(), m.end(), first, None, None)
    before, last = unit_start(unit, first - timedelta(days=1)), first - timedelta(days=1)
    return Period(m.start(), m.end(), before, last, last)


def following(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'next year', 'the coming month': the whole following calendar unit."""
    return following_unit(m, m.group("u").lower(), said_on)


def following_unit(m: re.Match[str], unit: str, said_on: date | None) -> Period:
    """The whole calendar week, month or year after said_on's."""
    if said_on is None:
        return Period(m.start(), m.end(), None, None, None)
    later = {"week": timedelta(days=7), "month": timedelta(days=32), "year": timedelta(days=366)}
    first = unit_start(unit, unit_start(unit, said_on) + later[unit])
    last = unit_start(unit, first + later[unit]) - timedelta(days=1)
    return Period(m.start(), m.end(), first, last, last)


def weekend(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'over the weekend': the latest Saturday and Sunday; the coming ones for 'this weekend',
    'next weekend', 'the weekend ahead' or in a clause about the future."""
    if said_on is None:
        return Period(m.start(), m.end(), None, None, None)
    words = m.group().lower()
    ahead = "last" not in words and (
        any(w in words for w in ("this", "next", "coming", "ahead")) or future(text, m.start())
    )
    if ahead:
        saturday = said_on + timedelta(days=(5 - said_on.weekday()) % 7)
        if said_on.weekday() == 6:  # said on a Sunday: this weekend is today's
            saturday = said_on - timedelta(days=1)
        if "next" in words and said_on.weekday() >= 5:
            saturday += timedelta(days=7)
        sunday = saturday + timedelta(days=1)
        return Period(m.start(), m.end(), saturday, sunday, sunday)
    sunday = said_on - timedelta(days=(said_on.weekday() - 6) % 7)
    saturday = sunday - timedelta(days=1)
    return Period(m.start(), m.end(), saturday, sunday, sunday)


QUARTER_RE = re.compile(
    r"\b(?:(?P<q>first|second|third|fourth)[-\s]quarter|Q(?P<n>[1-4])"
    r"|(?P<h>first|second)[-\s]half)(?:\s+(?:of\s+)?(?P<y>(?:19|20)\d{2})"
    r"|\s+of\s+(?P<rel>this|next|last)\s+year)?\b",
    re.I,
)
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def quarter(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'the first quarter', 'Q3 2023', 'the second half': the latest one begun by said_on."""
    if m.group("h"):
        months, index = 6, ORDINALS[m.group("h").lower()]
    else:
        months, index = 3, int(m.group("n") or ORDINALS[(m.group("q") or "first").lower()])
    year = int(m.group("y")) if m.group("y") else None
    if m.group("rel") and said_on is not None:  # "the second half of next year"
        year = said_on.year + {"this": 0, "next": 1, "last": -1}[m.group("rel").lower()]
    return part_of_year(m, months, index, year, said_on, future(text, m.start()))


def part_of_year(
    m: re.Match[str],
    months: int,
    index: int,
    year: int | None,
    said_on: date | None,
    ahead: bool = False,
) -> Period:
    """The index-th span of months (3 a quarter, 6 a half) of year; without a year, the latest
    one begun by said_on, or when ahead the first one not over by said_on. Its end is dropped
    while it runs on said_on."""
    first_month = (index - 1) * months + 1
    if year is None and said_on is not None:
        year = said_on.year if date(said_on.year, first_month, 1) <= said_on else said_on.year - 1
        if ahead and d.add_months(date(year, first_month, 1), months) <= said_on:
            year += 1
    if year is None:
        return Period(m.start(), m.end(), None, None, None)
    start = date(year, first_month, 1)
    last = d.add_months(start, months) - timedelta(days=1)
    end = running(start, last, said_on)
    return Period(m.start(), m.end(), start, end, end)
