"""Which period expression of a sentence a figure falls under.

A period applies to the figures of its own clause: clauses end at ";", ", and", ", but",
", while", "and that", ", adding", and before an earlier value (", up from", ", down from").
A period written at the very start of the sentence ("Since August 6, ...", "In the past 24
hours, ...") applies to every clause. Within a clause the nearest period wins. as_of comes
from the nearest reference date in the sentence, else the period's end, else said_on.
"""

from __future__ import annotations

import re
from datetime import date

from app.extraction.dateread import Period

CLAUSE_END = re.compile(
    r";|,\s+(?:and|but|while|whereas|although|adding|saying|warning)\b"
    r"|,\s+(?:up|down)\s+from\b|\s+and\s+that\b"
    r"|\s+while\s+|\s+whereas\s+"
)
FRONT_WORDS = 3


def _clause(boundaries: list[int], pos: int) -> int:
    """Index of the clause that contains pos."""
    return sum(1 for b in boundaries if b <= pos)


def _fronted(text: str, p: Period) -> bool:
    """Whether a period opens the sentence."""
    return len(re.findall(r"[\w’']+", text[: p.start])) < FRONT_WORDS


def _gap(p: Period, start: int, end: int) -> int:
    """Characters between a period expression and a figure at start..end."""
    return max(p.start - end, start - p.end, 0)


def period_for(
    text: str, periods: list[Period], span: tuple[int, int], said_on: date | None
) -> Period:
    """The period that covers a figure at span, with as_of filled in."""
    start, end = span
    bounds = [m.start() for m in CLAUSE_END.finditer(text)]
    clause = _clause(bounds, start)
    dated = [p for p in periods if p.period_start or p.period_end]
    mine = [p for p in dated if _clause(bounds, p.start) == clause]
    mine = mine or [p for p in dated if _fronted(text, p)]
    near = min(mine, key=lambda p: _gap(p, start, end), default=None)
    stamps = [p for p in periods if p.as_of and not (p.period_start or p.period_end)]
    stamp = min(stamps, key=lambda p: _gap(p, start, end), default=None)
    as_of = stamp.as_of if stamp else (near.as_of if near and near.as_of else said_on)
    if near is None:
        return Period(start, start, None, None, as_of)
    return Period(near.start, near.end, near.period_start, near.period_end, as_of)
