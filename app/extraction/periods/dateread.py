"""Read one date expression at a position (a day, a month, a year, a weekday, 'yesterday'),
and the Period type the period finders return."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from app.extraction.periods import dates as d

WEEKDAY_PREFIX = re.compile(
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(?=[A-Z\d]))?"
)
DEICTIC = re.compile(r"(yesterday|today)\b", re.I)
DAY_RE = re.compile(rf"(?P<d>{d.DAY})\b")


@dataclass(frozen=True, slots=True)
class Period:
    """A period or reference date written in a sentence, and where it was written."""

    start: int
    end: int
    period_start: date | None
    period_end: date | None
    as_of: date | None
    attached: bool = False  # "from $31m a year earlier": only for the figure right before it


def read_date(text: str, pos: int, said_on: date | None) -> tuple[date | None, int, str] | None:
    """A date written at pos: (date, end, precision 'day'|'month'|'year')."""
    prefix = WEEKDAY_PREFIX.match(text, pos)
    if prefix and prefix.end() > pos:  # "Friday, August 9"; else the weekday alone
        return _read_date(text, prefix.end(), said_on) or _read_date(text, pos, said_on)
    return _read_date(text, pos, said_on)


def _read_date(text: str, pos: int, said_on: date | None) -> tuple[date | None, int, str] | None:
    """A date written at pos, without a weekday before it."""
    if m := d.DATE_RE.match(text, pos):
        return d.from_match(m, said_on), m.end(), "day"
    if (m := d.MONTH_YEAR_RE.match(text, pos)) and not DAY_RE.match(text, m.end() + 1):
        year = int(m.group("y")) if m.group("y") else None
        return d.month_start(d.month_number(m.group("m")), year, said_on), m.end(), "month"
    if m := d.YEAR_RE.match(text, pos):
        return date(int(m.group()), 1, 1), m.end(), "year"
    if m := d.WEEKDAY_RE.match(text, pos):
        return d.last_weekday(m.group(), said_on), m.end(), "day"
    if m := DEICTIC.match(text, pos):
        back = 1 if m.group(1).lower() == "yesterday" else 0
        return (said_on - timedelta(days=back) if said_on else None), m.end(), "day"
    return None


def period_end(start: date | None, precision: str) -> date | None:
    """Last day of the day, month or year that starts at start."""
    if start is None or precision == "day":
        return start
    if precision == "month":
        return d.month_end(start)
    return start.replace(month=12, day=31)


def unit_start(unit: str, said_on: date) -> date:
    """First day of the year, month or (Monday-based) week that said_on falls in."""
    if unit == "year":
        return said_on.replace(month=1, day=1)
    if unit == "month":
        return said_on.replace(day=1)
    return said_on - timedelta(days=said_on.weekday())


def running(start: date | None, last: date | None, said_on: date | None) -> date | None:
    """The end of a span, or None while the span runs on said_on (a span wholly before or
    after said_on keeps its end)."""
    if said_on is not None and start is not None and last is not None and start <= said_on < last:
        return None
    return last


def month_or_year(
    at: int, got: tuple[date | None, int, str] | None, said_on: date | None, ahead: bool = False
) -> Period | None:
    """The month or year read (got) after a word at offset at ('in July', 'у серпні'); its end
    is dropped while it runs on said_on. A month read without its year is the latest one, or
    when ahead (a clause about the future, and no year written) the first one not over by
    said_on. None for a day or nothing read."""
    if got is None or got[2] == "day":
        return None
    start, last = got[0], period_end(got[0], got[2])
    future = ahead and got[2] == "month" and said_on is not None
    if future and start is not None and last is not None and said_on is not None and last < said_on:
        start, last = d.add_months(start, 12), period_end(d.add_months(start, 12), got[2])
    end = running(start, last, said_on)
    return Period(at, got[1], start, end, end)
