"""Periods a figure covers, resolved against the day it was said (said_on).

"since August 6" -> start = the latest August 6 on or before said_on; "since January 1,
2024", "since March" (March 1), "since 2022" (January 1), "since Monday", "since the start
of the year/month/week" and "since the beginning of August" likewise; these periods run up
to as_of, so their end is None. "since the offensive began on August 6" reads the date a few
words on; after a superlative ("the worst result since 1832", "the first cut since March")
"since" compares and gives no period. "between August 6 and 14", "from August 6 to August
14", "August 6-14" -> start and end. "in July", "in 2023", "for 2023" -> that month or year,
with the end dropped while it runs on said_on (a month without its year in a clause about
the future is the next such month); a year used as an adjective ("the 2023 harvest", "its
2022 revenue") is that year. "the fiscal year that ended on March 31", "the quarter to
December", "the nine months ended September 30" -> the months up to that end. as_of is
said_on unless "as of/on <date or weekday>", "at the end of <month or year>", "yesterday" or
a closed period says otherwise (then the period's end); "by <date>" is a deadline, not a
reference date. "in the same period", "in the quarter", "over the same months of 2023", "in
the same period last year" take the span named last in the paragraph (shifted to the year
said). Relative periods ("in the past 24 hours", "last month", "next year", "over the
weekend") are in relative.py. "overnight" and "since the start of the war" name no date:
no period.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from app.extraction.periods import cyrillic as cy
from app.extraction.periods import dates as d
from app.extraction.periods.dateread import (
    DAY_RE,
    Period,
    month_or_year,
    period_end,
    read_date,
    running,
    unit_start,
)
from app.extraction.periods.relative import (
    CAL_RE,
    NEXT_RE,
    PAST_RE,
    QUARTER_RE,
    WEEKEND_RE,
    calendar,
    following,
    future,
    past,
    quarter,
    weekend,
)

SINCE_RE = re.compile(
    r"\bsince\s+(?P<s>the\s+(?:start|beginning)\s+of\s+(?:the\s+|this\s+)?)?", re.I
)
SPAN_RE = re.compile(r"\b(?:between|from)\s+", re.I)
JOIN_RE = re.compile(r"\s*(?:and|to|through|until|till|-|–)\s*", re.I)
IN_RE = re.compile(r"\b(?:in|during|throughout|for)\s+(?:the\s+month\s+of\s+)?", re.I)
LATER_DATE_RE = re.compile(r"(?:[\w’'-]+\s+){1,6}?(?:on|in)\s+")
ASOF_RE = re.compile(r"\b(?:as\s+of|as\s+at|on)\s+|\b(?=yesterday\b)", re.I)
SUPERLATIVE_RE = re.compile(
    r"\b(?:\w+est|worst|best|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
    r"tenth|\d+(?:st|nd|rd|th)|most|least|record)\s+(?:\w+\s+){0,3}$",
    re.I,
)
UNIT_WORD_RE = re.compile(r"(year|month|week)\b", re.I)
MADE_IN_RE = re.compile(
    r"\b(?:set|built|founded|established|began|begun|opened|born|registered|launched|made|"
    r"formed|created|introduced|started|elected|recorded|dating|dated)\s+$",
    re.I,
)
# Years before these nouns name an event, not the span of a figure ("its 2023 edition").
EVENT_NOUNS = (
    r"edition|election|elections|festival|tournament|championship|championships|games|olympics|"
    r"cup|summit|season|series|campaign|census|vote|referendum|final|finals|show|fair|expo"
)
FIGURE_NOUNS = (
    r"revenue|revenues|sales|profit|profits|earnings|income|turnover|output|production|harvest|"
    r"budget|deficit|surplus|exports|imports|growth|spending|investment|emissions|figures|"
    r"results|total|losses|costs|dividend|crop|season|payroll|enrolment|enrollment|intake"
)
ADJECTIVE_YEAR_RE = re.compile(
    rf"(?:\b(?i:the|its|their|his|her|our|this|last)\s+|['’]s\s+|^)(?P<y>{d.YEAR})\s+"
    rf"(?=[a-z])(?!(?:{EVENT_NOUNS})\b)"
    rf"|(?<![\w$£€.,-])(?<![Bb]y\s)(?<![Uu]ntil\s)(?<![Bb]efore\s)(?<![Tt]o\s)(?P<y2>{d.YEAR})\s+(?=(?i:{FIGURE_NOUNS})\b)"
)
ENDED_RE = re.compile(
    r"\b(?:(?:fiscal|financial)\s+(?P<f>year|quarter|half)|(?P<n>twelve|12|three|3|six|6|nine|9)"
    r"\s+months|(?P<u>year|quarter|half))\s+(?:that\s+|which\s+)?"
    r"(?:ended|ending|ends|to|through|closing|closed)\s+(?:on\s+|in\s+)?",
    re.I,
)
SPAN_MONTHS = {"year": 12, "quarter": 3, "half": 6, "twelve": 12, "three": 3, "six": 6, "nine": 9}
YEAR_EARLIER_RE = re.compile(r"\b(?:a|one)\s+year\s+(?:earlier|before|ago)\b", re.I)
END_OF_RE = re.compile(r"\b(?:as\s+of|at)\s+the\s+end\s+of\s+", re.I)
SAME_RE = re.compile(
    r"\b(?:in|over|during|for|within)\s+the\s+(?:same\s+(?:period|months?|quarter|half|weeks?|"
    r"days?|time)|(?P<bare>quarter|period|half))(?:\s+(?:of\s+|in\s+)?(?P<prev>last\s+year|"
    r"a\s+year\s+(?:earlier|ago|before)|the\s+(?:previous|prior|preceding)\s+year)|"
    r"\s+(?:of|in)\s+(?P<y>(?:19|20)\d{2}))?\b",
    re.I,
)


def _since(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'since August 6', 'since the start of the year' and the like."""
    if SUPERLATIVE_RE.search(text, max(0, m.start() - 40), m.start()):
        got = read_date(text, m.end(), said_on)
        return Period(m.start(), got[1], None, None, None) if got else None
    if m.group("s") and (u := UNIT_WORD_RE.match(text, m.end())):
        start = unit_start(u.group(1).lower(), said_on) if said_on else None
        return Period(m.start(), u.end(), start, None, None)
    got = read_date(text, m.end(), said_on)
    if got is None and (later := LATER_DATE_RE.match(text, m.end())):
        got = read_date(text, later.end(), said_on)
    return None if got is None else Period(m.start(), got[1], got[0], None, None)


def _span(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'between August 6 and 14', 'from 2022 to 2024' and the like."""
    first = read_date(text, m.end(), said_on)
    join = JOIN_RE.match(text, first[1]) if first else None
    if first is None or join is None:
        return None
    second = read_date(text, join.end(), said_on)
    if second is not None:
        last, end = period_end(second[0], second[2]), second[1]
    elif first[0] is not None and first[2] == "day" and (day := DAY_RE.match(text, join.end())):
        last, end = d.make_date(first[0].year, first[0].month, int(day.group("d"))), day.end()
    else:
        return None
    start = first[0]
    if start is not None and last is not None and not d.YEAR_RE.search(text, m.end(), first[1]):
        start = d.make_date(last.year, start.month, start.day) or start  # "April and December 2023"
    if start is not None and last is not None and start > last:
        start = d.make_date(start.year - 1, start.month, start.day)
    return Period(m.start(), end, start, last, last)


def _within(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'in July', 'during 2023'; 'in July' in a clause about the future is the next July. A
    date that says when something was made ('a record set in 1947', 'built in 2017') is no
    period of a figure."""
    if MADE_IN_RE.search(text, max(0, m.start() - 20), m.start()):
        return None
    got = read_date(text, m.end(), said_on)
    yearless = got is not None and not d.YEAR_RE.search(text, m.end(), got[1])
    return month_or_year(m.start(), got, said_on, yearless and future(text, m.start()))


def _adjective_year(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'the 2023 harvest', "the company's 2022 revenue": that year."""
    group = "y" if m.group("y") else "y2"
    year = int(m.group(group))
    start, last = date(year, 1, 1), date(year, 12, 31)
    end = running(start, last, said_on)
    return Period(m.start(group), m.end(group), start, end, end)


def _ended(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'the fiscal year that ended on March 31', 'the quarter to December', 'the nine months
    ended September 30': the months up to that day or the end of that month."""
    got = read_date(text, m.end(), said_on)
    if got is None or got[0] is None or got[2] == "year":
        return None
    word = (m.group("f") or m.group("n") or m.group("u")).lower()
    last = period_end(got[0], got[2])
    if last is None:
        return None
    start = d.add_months(
        last + timedelta(days=1), -SPAN_MONTHS.get(word, int(word) if word.isdigit() else 12)
    )
    end = running(start, last, said_on)
    return Period(m.start(), got[1], start, end, end)


def _end_of(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'at the end of June 2024', 'as of the end of 2023': that month's or year's last day."""
    got = read_date(text, m.end(), said_on)
    if got is None or got[2] == "day":
        return None
    return Period(m.start(), got[1], None, None, period_end(got[0], got[2]))


def same_period(text: str, found: list[Period], last: Period | None) -> list[Period]:
    """'in the same period', 'in the quarter', 'over the same months of 2023', 'in the same
    period last year': each takes the span named before it (earlier in the sentence, else the
    last one of the paragraph), shifted to the year said."""
    taken = [(p.start, p.end) for p in found]
    out: list[Period] = []
    for m in SAME_RE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        before = [p for p in [*found, *out] if p.end <= m.start() and p.period_start is not None]
        earlier = max(before, key=lambda p: p.end) if before else last
        if earlier is None or earlier.period_start is None:
            continue
        shift = -12 if m.group("prev") else 0
        if m.group("y"):
            shift = (int(m.group("y")) - earlier.period_start.year) * 12
        start, end = (
            d.add_months(x, shift) if x else None
            for x in (earlier.period_start, earlier.period_end)
        )
        if shift and end is None:
            end = earlier_end(earlier, shift)
        out.append(Period(m.start(), m.end(), start, end, end))
    return out


FROM_FIGURE_RE = re.compile(r"\bfrom\s+[$£€]?\d[\d.,]*(?:\s?(?:bn|m|k|million|billion))?\s+$")


def _from_earlier(text: str, p: Period) -> Period:
    """'fell to 176 from 241 in 2019': a span right after 'from <figure>' is that figure's."""
    if p.period_start is None or not FROM_FIGURE_RE.search(text, max(0, p.start - 30), p.start):
        return p
    return Period(p.start, p.end, p.period_start, p.period_end, p.as_of, attached=True)


def year_earlier(text: str, found: list[Period], last: Period | None) -> list[Period]:
    """'from $31 million a year earlier': the span named before, a year back, for the figure
    right before the words only."""
    out = []
    for m in YEAR_EARLIER_RE.finditer(text):
        if any(p.start < m.end() and m.start() < p.end for p in found):
            continue
        before = [p for p in found if p.end <= m.start() and p.period_start is not None]
        earlier = before[-1] if before else last
        if earlier is None or earlier.period_start is None:
            continue
        start = d.add_months(earlier.period_start, -12)
        end = d.add_months(earlier.period_end, -12) if earlier.period_end else None
        end = end or earlier_end(earlier, -12)
        out.append(Period(m.start(), m.end(), start, end, end, attached=True))
    return out


def earlier_end(earlier: Period, shift: int) -> date | None:
    """The end of a running span moved back by shift months: the same day of that year
    (as_of moved back), so 'this year' against 'the same period last year' compares like
    with like."""
    return d.add_months(earlier.as_of, shift) if earlier.as_of else None


def _as_of(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'as of August 10', 'on Monday', 'yesterday'."""
    got = read_date(text, m.end(), said_on)
    if got is None or got[2] != "day":
        return None
    return Period(m.start(), got[1], None, None, got[0])


def _month_days(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'August 6-14'."""
    year = int(m.group("y")) if m.group("y") else None
    month = d.month_number(m.group("m"))
    last = d.latest(month, int(m.group("b")), year, said_on)
    if last is None:
        return Period(m.start(), m.end(), None, None, None)
    return Period(m.start(), m.end(), d.make_date(last.year, month, int(m.group("a"))), last, last)


MONTH_DAYS_RE = re.compile(
    rf"\b(?P<m>{d.MONTH})\s+(?P<a>\d{{1,2}})\s*[-–]\s*(?P<b>\d{{1,2}})\b(?:,?\s+(?P<y>{d.YEAR}))?"
)
Finder = Callable[[re.Match[str], str, date | None], Period | None]
FINDERS: tuple[tuple[re.Pattern[str], Finder], ...] = (
    (ENDED_RE, _ended), (SPAN_RE, _span), (SINCE_RE, _since), (PAST_RE, past),
    (MONTH_DAYS_RE, _month_days), (QUARTER_RE, quarter), (CAL_RE, calendar),
    (NEXT_RE, following), (END_OF_RE, _end_of), (IN_RE, _within), (ASOF_RE, _as_of),
    (WEEKEND_RE, weekend), (ADJECTIVE_YEAR_RE, _adjective_year),
    # Ukrainian and Russian; a month with its year ("у вересні минулого року") before the year
    (cy.DATE_SPAN_RE, cy.date_span), (cy.DAYS_RE, cy.days),
    (cy.MONTH_END_RE, cy.month_end_as_of),
    (cy.PART_END_RE, cy.part_end_as_of), (cy.LAST_YEAR_RE, cy.last_year),
    (cy.WEEKDAY_ASOF_RE, cy.weekday_as_of), (cy.QUARTER_RE, cy.quarter),
    (cy.NEXT_RE, cy.following),  # after the quarter: "в первом квартале следующего года"
    (cy.YEARS_RE, cy.years), (cy.MONTHS_FROM_RE, cy.months), (cy.PLANNED_YEAR_RE, cy.planned_year),
    (cy.SINCE_RE, cy.since),
    (cy.FIRST_MONTHS_RE, cy.first_months),
    (cy.PAST_RE, cy.past),
    (cy.RESULTS_RE, cy.results), (cy.MONTHS_RE, cy.months), (cy.IN_RE, cy.within),
    (cy.CAL_RE, cy.calendar), (cy.ASOF_RE, cy.as_of), (cy.WEEKEND_RE, cy.weekend),
    (cy.SEASON_RE, cy.season),
)  # fmt: skip


def _writable(day: date | None) -> date | None:
    return day if day is not None and d.FIRST_DAY <= day <= d.LAST_DAY else None


def _resolved(finder: Finder, m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """The finder's period, with days that cannot be written (or computed) dropped.

    "over the past 3000 years" still names a period, so its number is no figure; the start
    it would have lies before any day a figure can hold.
    """
    try:
        p = finder(m, text, said_on)
    except (ValueError, OverflowError):  # date arithmetic beyond year 1 or 9999
        return Period(m.start(), m.end(), None, None, None)
    if p is None:
        return None
    return replace(
        p,
        period_start=_writable(p.period_start),
        period_end=_writable(p.period_end),
        as_of=_writable(p.as_of),
    )


def find_periods(text: str, said_on: date | None) -> list[Period]:
    """Every period expression in a sentence, earliest first, without overlaps (the earlier
    finder wins). Kept in order as found, so each overlap test is two neighbours, not all."""
    found: list[Period] = []
    starts: list[int] = []
    for rx, finder in FINDERS:
        for m in rx.finditer(text):
            p = _resolved(finder, m, text, said_on)
            if p is None:
                continue
            at = bisect_right(starts, p.start)
            before = at and found[at - 1].end > p.start
            if before or (at < len(found) and found[at].start < p.end):
                continue
            found.insert(at, p)
            starts.insert(at, p.start)
    return found


class Periods:
    """Period expressions sentence by sentence, remembering the last span named in a paragraph
    for a later back-reference to it ("за этот период")."""

    def __init__(self, said_on: date | None) -> None:
        """Read against said_on."""
        self.said_on = said_on
        self._paragraph = -1
        self._last: Period | None = None

    def of(self, sentence: str, paragraph: int) -> list[Period]:
        """The period expressions of a sentence of the given paragraph, earliest first."""
        if paragraph != self._paragraph:
            self._paragraph, self._last = paragraph, None
        found = find_periods(sentence, self.said_on)
        backs = cy.same_period(sentence, self._last, found) or same_period(
            sentence, found, self._last
        )
        for back in backs:  # it holds the year words it shifts by ("минулого року")
            found = [q for q in found if not (q.start < back.end and back.start < q.end)]
        found = sorted([*found, *backs], key=lambda p: p.start)
        found = [_from_earlier(sentence, p) for p in found]
        dated = [p for p in found if (p.period_start or p.period_end) and not p.attached]
        self._last = dated[-1] if dated else self._last
        back_year = year_earlier(sentence, found, self._last if not dated else None)
        return sorted([*found, *back_year], key=lambda p: p.start)
