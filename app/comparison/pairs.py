"""Two figures side by side: difference, ratio, overlap, days apart, rates per day. Pure."""

from dataclasses import dataclass

from app.comparison.analysis import Observation
from app.comparison.intervals import Relation, overlaps, relation


@dataclass(frozen=True, slots=True)
class Pair:
    """How figure b stands against figure a (both in one unit)."""

    a: Observation
    b: Observation
    difference: float
    ratio: float | None
    percent_difference: float | None
    overlap: bool
    relation: Relation
    days_apart: int
    rate_a: float | None
    rate_b: float | None

    @property
    def rate_ratio(self) -> float | None:
        """How many times faster b's rate is than a's."""
        if self.rate_a is None or self.rate_b is None or self.rate_a == 0:
            return None
        return self.rate_b / self.rate_a


def days_covered(figure: Observation) -> int | None:
    """Days from the period's start to its end (or to as_of); None without a period."""
    if figure.period_start is None:
        return None
    days = ((figure.period_end or figure.as_of) - figure.period_start).days
    return days if days > 0 else None


def rate_per_day(figure: Observation) -> float | None:
    """The value spread over the days its period covers."""
    days = days_covered(figure)
    return None if days is None else figure.value / days


def compare(a: Observation, b: Observation) -> Pair:
    """Figure b against figure a."""
    return Pair(
        a=a,
        b=b,
        difference=b.value - a.value,
        ratio=b.value / a.value if a.value else None,
        percent_difference=(b.value - a.value) / abs(a.value) * 100 if a.value else None,
        overlap=overlaps(a.interval, b.interval),
        relation=relation(a.interval, b.interval),
        days_apart=abs((b.as_of - a.as_of).days),
        rate_a=rate_per_day(a),
        rate_b=rate_per_day(b),
    )
