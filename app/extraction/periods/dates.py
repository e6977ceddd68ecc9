"""Calendar dates as written in news copy, resolved against the day a thing was said.

A date without a year ("August 6") is the latest such date on or before said_on; without
said_on it cannot be resolved and is None. Weekdays ("on Monday") resolve the same way.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
# The days a figure can hold (app.core.fields.FIRST_DAY, LAST_DAY): periods beyond are dropped.
FIRST_DAY = date(1000, 1, 1)
LAST_DAY = date(2999, 12, 31)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|"
    r"Nov\.?|Dec\.?)"
)
DAY = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?(?![\d,.]\d)"
YEAR = r"(?:1[89]|20)\d{2}"
MONTH_DAY = rf"(?P<m1>{MONTH})\s+(?P<d1>{DAY})(?:,?\s+(?P<y1>{YEAR}))?"
DAY_MONTH = rf"(?P<d2>{DAY})\s+(?:of\s+)?(?P<m2>{MONTH})(?:,?\s+(?P<y2>{YEAR}))?"
ISO = rf"(?P<y3>{YEAR})-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)"
DATE_RE = re.compile(rf"\b(?:{MONTH_DAY}|{DAY_MONTH}|{ISO})\b")
MONTH_YEAR_RE = re.compile(rf"\b(?P<m>{MONTH})(?:\s+(?P<y>{YEAR}))?\b")
YEAR_RE = re.compile(rf"\b{YEAR}\b(?![-–/]\d)")  # not the label "2025-26"
WEEKDAY_RE = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def month_number(name: str) -> int:
    """Month number of a month name or abbreviation."""
    return MONTHS[name.rstrip(".").lower()]


def make_date(year: int, month: int, day: int) -> date | None:
    """A date, or None if the day does not exist."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def latest(month: int, day: int, year: int | None, not_after: date | None) -> date | None:
    """The given date, or the latest such date on or before not_after when no year is given."""
    if year is not None:
        return make_date(year, month, day)
    if not_after is None:
        return None
    for y in (not_after.year, not_after.year - 1):
        found = make_date(y, month, day)
        if found is not None and found <= not_after:
            return found
    return None


def from_match(m: re.Match[str], not_after: date | None) -> date | None:
    """Resolve a DATE_RE match."""
    month = m.group("m1") or m.group("m2")
    if month is not None:
        day = int(re.sub(r"\D", "", m.group("d1") or m.group("d2")))
        year = m.group("y1") or m.group("y2")
        return latest(month_number(month), day, int(year) if year else None, not_after)
    return make_date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))


def month_start(month: int, year: int | None, not_after: date | None) -> date | None:
    """First day of the month, in the latest year not after not_after when none is given."""
    if year is None and not_after is not None:
        year = not_after.year if month <= not_after.month else not_after.year - 1
    return None if year is None else date(year, month, 1)


def month_end(start: date) -> date:
    """Last day of the month that start falls in."""
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def add_months(day: date, months: int) -> date:
    """day moved by a number of calendar months, clamped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def last_weekday(name: str, not_after: date | None) -> date | None:
    """The latest given weekday on or before not_after."""
    if not_after is None:
        return None
    back = (not_after.weekday() - WEEKDAYS.index(name.lower())) % 7
    return not_after - timedelta(days=back)
