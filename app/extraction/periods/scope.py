"""Which period expression of a sentence a figure falls under.

A period applies to the figures of its own clause: clauses end at ";", ", and", ", but",
", while", "and that", ", adding", and before an earlier value (", up from", ", down from"); a
relative clause between commas (", who has run it since 2019,") is a clause of its own;
in Ukrainian and Russian at ", а", ", але", ", но", ", однако", ", тоді як", ", тогда как", and
at an elliptical clause with a period of its own whose verb a dash stands for (", в 2027 году
— 10,3 млрд").
A period written at the very start of the sentence ("Since August 6, ...", "In the past 24
hours, ...") applies to every clause. Within a clause the nearest period wins. as_of comes
from the nearest reference date in the sentence, else the period's end, else said_on.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date
from itertools import islice

from app.extraction.periods.dateread import Period

CLAUSE_END = re.compile(
    r";|,\s+(?:and|but|while|whereas|although|adding|saying|warning)\b"
    r"|,\s+(?:up|down)\s+from\b|\s+and\s+that\b"
    r"|\s+while\s+|\s+whereas\s+"
    r"|,\s+(?:а|але|проте|однак|тоді\s+як|но|однако|тогда\s+как|в\s+то\s+время\s+как)(?!\w)"
)
# An elliptical clause, its verb left out for a dash, with a period of its own (", в 2027 году
# — 10,3 млрд рублей"): a clause of its own. Without one (", расходы — 447,3 млрд") it shares
# the period of the clause it continues.
ELLIPTICAL = re.compile(
    r",\s+[а-яіїєґёА-ЯІЇЄҐЁ][^,;—–\n]{0,60}?\s(?=[—–]\s+(?:[^\W\d_]+\s+){0,2}\d)"
)
# A relative clause between commas (", who has run the group since 2019,") is a clause of its
# own: its period stays in it.
RELATIVE = re.compile(r",\s+(?:who|which|whose|where)\b[^,;]*(?=,)")
WORD = re.compile(r"[\w’']+")
FRONT_WORDS = 3
ATTACHED_GAP = 2  # "$31m a year earlier": the words follow the figure after a space
# or after the figure's noun: "против 3 950 кредитов в ноябре прошлого года"
NOUNS_BETWEEN = re.compile(r"(?:\s+[а-яіїєґёА-ЯІЇЄҐЁ]+\.?){1,2}\s+")


def _fronted(text: str, p: Period) -> bool:
    """Whether a period opens the sentence (counts at most FRONT_WORDS words before it)."""
    words = islice(WORD.finditer(text, 0, p.start), FRONT_WORDS)
    return sum(1 for _ in words) < FRONT_WORDS


def _gap(p: Period, start: int, end: int) -> int:
    """Characters between a period expression and a figure at start..end."""
    return max(p.start - end, start - p.end, 0)


class _Sorted:
    """Periods in order, not overlapping, with their offsets ready for bisection."""

    def __init__(self, periods: list[Period]):
        """Keep the periods and their start and end offsets."""
        self.periods = periods
        self.starts = [p.start for p in periods]
        self.ends = [p.end for p in periods]

    def nearest(self, start: int, end: int) -> Period | None:
        """The first period nearest to start..end (only the neighbours can be nearest)."""
        lo = max(0, bisect_right(self.ends, start) - 1)
        hi = bisect_left(self.starts, end) + 1
        return min(self.periods[lo:hi], key=lambda p: _gap(p, start, end), default=None)


class Scope:
    """The clauses and period expressions of one sentence, read once for all its figures."""

    def __init__(self, text: str, periods: list[Period], said_on: date | None):
        """Find the clause boundaries and sort the periods by clause and kind."""
        self.said_on = said_on
        self.text = text
        relative = [b for m in RELATIVE.finditer(text) for b in m.span()]
        self.attached = [p for p in periods if p.attached]
        dated = [p for p in periods if (p.period_start or p.period_end) and not p.attached]
        elliptical = [
            m.start()
            for m in ELLIPTICAL.finditer(text)
            if any(m.start() < p.start < m.end() for p in dated)
        ]
        ends = {m.start() for m in CLAUSE_END.finditer(text)}
        self.bounds = sorted(ends | {*relative, *elliptical})
        by_clause: defaultdict[int, list[Period]] = defaultdict(list)
        for p in dated:
            by_clause[self._clause(p.start)].append(p)
        self.by_clause = {k: _Sorted(v) for k, v in by_clause.items()}
        self.fronted = _Sorted([p for p in dated if _fronted(text, p)])
        stamps = [p for p in periods if p.as_of and not (p.period_start or p.period_end)]
        self.stamps = _Sorted(stamps)

    def _clause(self, pos: int) -> int:
        """Index of the clause that contains pos."""
        return bisect_right(self.bounds, pos)

    def _follows(self, p: Period, end: int) -> bool:
        """Whether an attached period follows a figure ending at end: right after it, or
        after its noun."""
        gap = p.start - end
        return 0 <= gap <= ATTACHED_GAP or bool(NOUNS_BETWEEN.fullmatch(self.text, end, p.start))

    def period_for(self, start: int, end: int) -> Period:
        """The period that covers a figure at start..end, with as_of filled in."""
        mine = self.by_clause.get(self._clause(start)) or self.fronted
        near = next((p for p in self.attached if self._follows(p, end)), None)
        near = near or mine.nearest(start, end)
        stamp = self.stamps.nearest(start, end)
        said_on = self.said_on
        as_of = stamp.as_of if stamp else (near.as_of if near and near.as_of else said_on)
        if near is None:
            return Period(start, start, None, None, as_of)
        return Period(near.start, near.end, near.period_start, near.period_end, as_of)
