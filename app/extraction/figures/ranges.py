"""Join two adjacent figures into one range figure ("between 10 and 20 km", "$2-3 billion").

The two sides must name the same unit, or one side must name none ("10 to 20 km"). A scale
word written only on the upper side applies to the lower one too ("2 to 3 million" is
2e6..3e6) unless that would put the lower bound above the upper. A range whose lower bound
is not below its upper bound is not a range.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from app.extraction.figures.qualifiers import joins_range, range_opener_start

if TYPE_CHECKING:
    from app.extraction.figures.quantities import Found


def _unit(a: Found, b: Found) -> tuple[str, str] | None:
    """The shared unit and kind of two figures, or None if they differ."""
    if a.kind == "bare":
        return b.unit, b.kind
    if b.kind == "bare" or (a.unit == b.unit and a.kind == b.kind):
        return a.unit, a.kind
    return None


def _join(text: str, a: Found, b: Found) -> Found | None:
    """A range made of a and b, or None."""
    if a.qualifier == "range" or b.qualifier == "range":
        return None
    if not joins_range(text, a.end, b.start, a.start):
        return None
    shared = _unit(a, b)
    if shared is None:
        return None
    lower = a.value
    if a.scale == 1 and b.scale > 1 and a.value * b.scale <= b.value:
        lower = a.value * b.scale
    if lower >= b.value:
        return None
    start = range_opener_start(text, a.start)
    return replace(
        b,
        value=lower,
        unit=shared[0],
        kind=shared[1],
        qualifier="range",
        lower=lower,
        upper=b.value,
        start=start,
    )


def merge_ranges(text: str, found: list[Found]) -> list[Found]:
    """Replace each pair of figures that form a range by the range."""
    out: list[Found] = []
    i = 0
    while i < len(found):
        joined = _join(text, found[i], found[i + 1]) if i + 1 < len(found) else None
        if joined is not None:
            out.append(joined)
            i += 2
        else:
            out.append(found[i])
            i += 1
    return out
