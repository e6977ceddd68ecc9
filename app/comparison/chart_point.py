"""One figure as the comparison chart sees it, and how its wording is drawn and written."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

UPWARD = frozenset({"at_least", "more_than"})
DOWNWARD = frozenset({"at_most", "less_than"})
SPREAD = frozenset({"approximately", "range"})
OPEN = frozenset({"more_than", "less_than"})
WORDS = {
    "exact": "exactly",
    "approximately": "about",
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "up to",
    "less_than": "less than",
    "range": "between",
}


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """A figure in the chart's unit, with the interval its words allow."""

    figure_id: int
    claim_id: int
    speaker: str
    as_of: date
    value: float
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    qualifier: str
    label: str
    period_start: date | None = None
    period_end: date | None = None
    superseded_by: int | None = None  # the figure its speaker later restated it as


def bound(x: float | None) -> float | None:
    """A bound as drawn: None and infinities both mean unbounded."""
    return None if x is None or math.isinf(x) else x


def bar_extent(p: ChartPoint) -> tuple[float, float]:
    """The finite part of a figure's interval, always containing its value."""
    low, high = bound(p.low), bound(p.high)
    return (
        p.value if low is None else min(low, p.value),
        p.value if high is None else max(high, p.value),
    )


def glyph(p: ChartPoint) -> str:
    """How a figure is drawn: 'dot', 'bar', 'up' (arrow) or 'down' (arrow)."""
    if p.qualifier in UPWARD:
        return "up"
    if p.qualifier in DOWNWARD:
        return "down"
    low, high = bar_extent(p)
    if p.qualifier == "exact" or (p.qualifier in SPREAD and low == high):
        return "dot"
    if p.qualifier not in SPREAD and bound(p.high) is None and bound(p.low) is not None:
        return "up"
    if p.qualifier not in SPREAD and bound(p.low) is None and bound(p.high) is not None:
        return "down"
    return "bar" if low < high else "dot"


def is_hollow(p: ChartPoint) -> bool:
    """True when the figure's own value is excluded ("more than", "less than")."""
    return p.qualifier in OPEN


def number(x: float) -> str:
    """A figure written for readers: thousands separators, no needless decimals."""
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    digits = max(0, min(6, 3 - math.floor(math.log10(abs(x)))))
    text = f"{x:,.{digits}f}"
    # only decimals lose their trailing zeros: 60500.00000000001 (a 10% bound) is "60,500"
    return text.rstrip("0").rstrip(".") if "." in text else text


def interval_text(p: ChartPoint, unit: str) -> str:
    """The interval a figure's words allow, e.g. '≥ 1,000 km²' or '900 to 1,100 km²'."""
    low, high = bound(p.low), bound(p.high)
    lower = "" if low is None else f"{'≥' if p.low_inclusive else '>'} {number(low)}"
    upper = "" if high is None else f"{'≤' if p.high_inclusive else '<'} {number(high)}"
    if low is not None and high is not None:
        if low == high:
            text = number(low)
        elif p.low_inclusive and p.high_inclusive:
            text = f"{number(low)} to {number(high)}"
        else:
            text = f"{lower}, {upper}"
    elif lower or upper:
        text = lower or upper
    else:
        return "any value"
    return f"{text} {unit}".strip()


def short_wording(p: ChartPoint, unit: str) -> str:
    """The figure's words without speaker and date, e.g. 'more than 1,000'."""
    text = p.label.strip()
    if text.endswith(")") and " (" in text and p.speaker in text[text.rfind(" (") :]:
        text = text[: text.rfind(" (")].strip()
    if unit and text.endswith(" " + unit):
        text = text[: -len(unit) - 1].strip()
    if text:
        return text if len(text) <= 32 else text[:31].rstrip() + "…"
    if p.qualifier == "range" and glyph(p) == "bar":
        low, high = bar_extent(p)
        return f"{number(low)}–{number(high)}"
    words = "" if p.qualifier == "exact" else WORDS.get(p.qualifier, "")
    return f"{words} {number(p.value)}".strip()


def day_text(d: date) -> str:
    """A date for readers, e.g. '14 Aug 2024'."""
    return f"{d.day} {d:%b %Y}"
