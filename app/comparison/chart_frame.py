"""The comparison chart's frame: its x and y domains, ticks, and data-to-pixel mapping."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from app.comparison.chart_point import ChartPoint, bar_extent, glyph

DAY_MS = 86_400_000.0
ZERO_RATIO = 0.5  # start at zero unless the data would fill less than half the height
# The least y span drawn, absolute and relative to the values: narrower spans (1e-300 beside
# 5e-324, or 1e100 beside 1e100 + 1) underflow to a zero tick step.
MIN_SPAN, MIN_RELATIVE_SPAN = 1e-200, 1e-12
TICK_CHOICES = (
    ("day", 1),
    ("day", 2),
    ("week", 1),
    ("week", 2),
    ("month", 1),
    ("month", 2),
    ("month", 3),
    ("month", 6),
    ("year", 1),
    ("year", 2),
    ("year", 5),
    ("year", 10),
    ("year", 25),
    ("year", 100),
)
UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}
LABEL_PX = {"%-d %b": 58, "%-d %b %Y": 88, "%b": 40, "%b*": 50, "%Y": 46}
DODGE_DAYS = 0.8  # figures sharing a date spread over at most this much of a day...
DODGE_MIN_PX = 12.0  # ...or this many pixels, when a day is narrower than that
# Value ticks are written out in full ("1,250", "0.025") while they stay below FIXED_BELOW and
# need at most FIXED_DECIMALS decimals; beyond that in scientific notation ("7.5e+98",
# "2e-90"), so that a label stays short whatever the magnitude (values run from 5e-324 to 1e100).
FIXED_BELOW, FIXED_DECIMALS = 1e15, 6


@dataclass(frozen=True, slots=True)
class Frame:
    """The plot area in pixels and the data domains it shows."""

    width: float
    height: float
    x_lo: float
    x_hi: float
    y_lo: float
    y_hi: float
    y_step: float
    arrow: float

    def x_px(self, ms: float) -> float:
        """Pixels from the left edge of the plot for a time in ms."""
        return (ms - self.x_lo) / (self.x_hi - self.x_lo) * self.width

    def y_px(self, v: float) -> float:
        """Pixels from the top edge of the plot for a value."""
        return self.height - (v - self.y_lo) / (self.y_hi - self.y_lo) * self.height

    def x_ms(self, px: float) -> float:
        """The time in ms at a pixel column."""
        return self.x_lo + px / self.width * (self.x_hi - self.x_lo)

    def y_value(self, px: float) -> float:
        """The value at a pixel row."""
        return self.y_lo + (self.height - px) / self.height * (self.y_hi - self.y_lo)


def ms(d: date) -> float:
    """Milliseconds since the epoch at UTC midnight of a date."""
    return datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp() * 1000.0


def nice_step(raw: float) -> float:
    """The 1, 2, 2.5 or 5 times a power of ten at or above raw (the double nearest that decimal:
    2.5e-05, not 2.5000000000000004e-05)."""
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw * 0.999)
    return float(f"{step:.2g}")


def on_grid(k: int, step: float) -> float:
    """k steps from zero: the double nearest the exact decimal, so 3 steps of 2.5e+98 are
    7.5e+98, not 7.499999999999999e+98."""
    return float(Decimal(repr(step)) * k)


def step_decimals(step: float) -> int:
    """The decimals a multiple of the step needs: 0 for 20, 1 for 2.5, 3 for 0.025."""
    return max(0, -int(Decimal(repr(step)).normalize().as_tuple().exponent))


@dataclass(frozen=True, slots=True)
class YTicks:
    """The value axis's ticks, and how the chart writes them: with `digits` decimals and
    thousands separators, or (`scientific`) as d3's '.{digits}~e' does ("7.5e+98", zero "0")."""

    values: list[float]
    texts: list[str]
    scientific: bool
    digits: int  # decimals when fixed; digits after the mantissa's point when scientific


def _scientific(value: float, digits: int) -> str:
    """A value as d3's '.{digits}~e' writes it, zero as "0" (the axis's labelExpr)."""
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.{digits}e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    return f"{mantissa}e{int(exponent):+d}".replace("-", "\u2212", 1)


def y_ticks(y_lo: float, y_hi: float, step: float) -> YTicks:
    """Every step from y_lo to y_hi, each the decimal it stands for, and its label."""
    first, count = round(y_lo / step), round((y_hi - y_lo) / step)
    values = [on_grid(first + i, step) for i in range(count + 1)]
    decimals = step_decimals(step)
    if max(abs(v) for v in values) < FIXED_BELOW and decimals <= FIXED_DECIMALS:
        texts = [f"{v:,.{decimals}f}".replace("-", "\u2212") for v in values]
        return YTicks(values, texts, scientific=False, digits=decimals)
    # the mantissa digits the largest tick needs down to the step's last digit: 7.5e+98 for a
    # step of 2.5e+98, 1.0000000000002e+99 for one of 2e+86
    last = int(Decimal(repr(step)).normalize().as_tuple().exponent)
    digits = max(0, max(Decimal(repr(v)).adjusted() for v in values if v) - last)
    return YTicks(values, [_scientific(v, digits) for v in values], scientific=True, digits=digits)


def _base_extent(points: Sequence[ChartPoint]) -> tuple[float, float]:
    """The smallest and largest value or finite bound drawn, arrows aside."""
    extents = [bar_extent(p) if glyph(p) == "bar" else (p.value, p.value) for p in points]
    return min(e[0] for e in extents), max(e[1] for e in extents)


def y_domain(
    points: Sequence[ChartPoint], height: float, arrow_share: float
) -> tuple[float, float, float, float]:
    """The y domain (low, high), its tick step and the arrow length, all in the chart's unit.

    Open-ended arrows come out at about arrow_share of the domain.
    """
    base_lo, base_hi = _base_extent(points)
    non_negative = base_lo >= 0
    lo = 0.0 if non_negative and base_lo <= ZERO_RATIO * base_hi else base_lo
    span = base_hi - lo
    if span <= 0:  # all values equal: pad around them instead of collapsing
        half = abs(base_hi) * 0.1 or 1.0
        lo, span = base_hi - half, 2 * half
    span = max(span, MIN_SPAN, MIN_RELATIVE_SPAN * max(abs(lo), abs(base_hi)))
    arrow = arrow_share * span / (1 - arrow_share)
    top, bottom = lo + span, lo
    for p in points:
        kind = glyph(p)
        top = max(top, p.value + arrow) if kind == "up" else top
        bottom = min(bottom, p.value - arrow) if kind == "down" else bottom
    bottom = max(bottom, 0.0) if non_negative else bottom
    margin = 0.05 * (top - bottom)
    top, bottom = top + margin, bottom - (0.0 if bottom == 0 else margin)
    step = nice_step((top - bottom) / max(3, round(height / 60)))
    y_lo, y_hi = on_grid(math.floor(bottom / step), step), on_grid(math.ceil(top / step), step)
    return (max(y_lo, 0.0) if non_negative else y_lo), y_hi, step, arrow


def x_domain(points: Sequence[ChartPoint]) -> tuple[float, float]:
    """The x domain in ms: every date and period bound, padded on both sides."""
    days = [p.as_of for p in points]
    days += [d for p in points for d in (p.period_start, p.period_end) if d is not None]
    first, last = ms(min(days)), ms(max(days))
    span_days = (last - first) / DAY_MS
    pad_days = max(1.0, 0.05 * span_days)
    return first - pad_days * DAY_MS, last + pad_days * DAY_MS


FIRST_MS, LAST_MS = ms(date.min), ms(date.max)


def year_of(ms_value: float) -> int:
    """The UTC calendar year of a time in ms; a time padded past the calendar's ends (a
    figure dated in year 1 or 9999) counts as the end's year."""
    clamped = min(max(ms_value, FIRST_MS), LAST_MS)
    return datetime.fromtimestamp(clamped / 1000.0, tz=UTC).year


def x_ticks(frame: Frame) -> tuple[str, int, str, int | None]:
    """Tick interval, step, label format ('%b*': year on January only), and the one year shown.

    When the whole x domain lies in one calendar year, labels leave the year out and the
    year is returned for the axis title; otherwise it is None.
    """
    span_days = (frame.x_hi - frame.x_lo) / DAY_MS
    one_year = year_of(frame.x_lo) == year_of(frame.x_hi)
    for unit, step in TICK_CHOICES:
        day_fmt, month_fmt = ("%-d %b", "%b") if one_year else ("%-d %b %Y", "%b*")
        fmt = {"day": day_fmt, "week": day_fmt, "month": month_fmt, "year": "%Y"}[unit]
        if span_days / (UNIT_DAYS[unit] * step) <= max(2.0, frame.width / LABEL_PX[fmt]):
            return unit, step, fmt, (year_of(frame.x_lo) if one_year and unit != "year" else None)
    return "year", 100, "%Y", None


def dodge(points: Sequence[ChartPoint], frame: Frame, step_px: float) -> list[float]:
    """The x position in ms of each figure, spread sideways where several share a date."""
    by_day: dict[date, list[int]] = {}
    for i, p in enumerate(points):
        by_day.setdefault(p.as_of, []).append(i)
    ms_per_px = (frame.x_hi - frame.x_lo) / frame.width
    widest = max(DODGE_DAYS * DAY_MS / ms_per_px, DODGE_MIN_PX)
    placed = [0.0] * len(points)
    for day, group in by_day.items():
        group.sort(key=lambda i: (points[i].speaker.casefold(), points[i].value, i))
        step = min(step_px, widest / max(1, len(group) - 1))
        for rank, i in enumerate(group):
            placed[i] = ms(day) + (rank - (len(group) - 1) / 2) * step * ms_per_px
    return placed
