"""Where the figures on one measure agree, conflict or were revised. Pure: no web, no database.

Observations come oldest first and already in the report's unit. Conventions:
- a revision is a speaker's figure followed, at a later as_of, by one of theirs with another
  value or interval; figures of one speaker on the same as_of do not revise each other;
- a conflict is a pair from different speakers whose as_of dates lie within window_days and
  whose intervals share no number; the gap is the distance between them, also in percent of
  the smaller figure (null when that figure is zero);
- the consensus is what the latest figure of each speaker within window_days of the newest
  as_of all allow, or None when they share nothing.
"""

import heapq
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from app.comparison.intervals import Interval, consensus


@dataclass(frozen=True, slots=True)
class Observation:
    """One figure, as the comparison sees it."""

    figure_id: int
    claim_id: int
    speaker_id: int
    speaker: str
    qualifier: str
    value: float
    interval: Interval
    as_of: date
    period_start: date | None = None
    period_end: date | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Revision:
    """A speaker's figure replaced by a later one of theirs."""

    before: Observation
    after: Observation

    @property
    def days(self) -> int:
        """Days between the two figures."""
        return (self.after.as_of - self.before.as_of).days

    @property
    def change(self) -> float:
        """How much the value moved."""
        return self.after.value - self.before.value


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two figures from different speakers, close in time, that cannot both be right."""

    a: Observation
    b: Observation
    gap: float
    gap_percent: float | None


@dataclass(frozen=True, slots=True)
class SpeakerFigures:
    """One speaker's figures on the measure."""

    speaker_id: int
    speaker: str
    figures: tuple[Observation, ...]
    revisions: tuple[Revision, ...]

    @property
    def latest(self) -> Observation:
        """The speaker's newest figure."""
        return self.figures[-1]


@dataclass(frozen=True, slots=True)
class Summary:
    """Spread of the values."""

    count: int
    speakers: int
    minimum: float
    maximum: float
    median: float

    @property
    def spread(self) -> float:
        """Largest minus smallest value."""
        return self.maximum - self.minimum

    @property
    def ratio(self) -> float | None:
        """Largest over smallest value; None when the smallest is not positive."""
        return self.maximum / self.minimum if self.minimum > 0 else None


@dataclass(frozen=True, slots=True)
class Consensus:
    """The interval shared by the latest figures of the speakers in the final window."""

    window_start: date
    window_end: date
    figure_ids: tuple[int, ...]
    interval: Interval | None


def _revisions(figures: Sequence[Observation]) -> tuple[Revision, ...]:
    found, previous = [], figures[0]
    for current in figures[1:]:
        if current.as_of > previous.as_of and (
            current.value != previous.value or current.interval != previous.interval
        ):
            found.append(Revision(previous, current))
        if current.as_of >= previous.as_of:
            previous = current
    return tuple(found)


def by_speaker(observations: Sequence[Observation]) -> list[SpeakerFigures]:
    """Each speaker's figures, latest and revisions, in the order speakers first appear."""
    grouped: dict[int, list[Observation]] = {}
    for observation in observations:
        grouped.setdefault(observation.speaker_id, []).append(observation)
    return [
        SpeakerFigures(speaker_id, figures[0].speaker, tuple(figures), _revisions(figures))
        for speaker_id, figures in grouped.items()
    ]


def summarize(observations: Sequence[Observation]) -> Summary | None:
    """Count, speakers, min, max and median of the values; None without figures."""
    if not observations:
        return None
    values = [observation.value for observation in observations]
    return Summary(
        count=len(values),
        speakers=len({observation.speaker_id for observation in observations}),
        minimum=min(values),
        maximum=max(values),
        median=statistics.median(values),
    )


Ends = tuple[float, bool, float, bool]


def _ends(interval: Interval) -> Ends:
    low = -math.inf if interval.low is None else interval.low
    high = math.inf if interval.high is None else interval.high
    return low, interval.low_inclusive, high, interval.high_inclusive


def _apart(x: Ends, y: Ends) -> bool:
    """Whether two intervals share no number (the hot loop's version of `not overlaps`)."""
    return (
        x[2] < y[0]
        or y[2] < x[0]
        or (x[2] == y[0] and not (x[3] and y[1]))
        or (y[2] == x[0] and not (y[3] and x[1]))
    )


def _severity(a: Observation, b: Observation, x: Ends, y: Ends) -> tuple[float, float | None]:
    distance = max(0.0, y[0] - x[2], x[0] - y[2])
    smaller = min(abs(a.value), abs(b.value))
    return distance, (distance / smaller * 100 if smaller else None)


@dataclass(frozen=True, slots=True)
class Conflicts:
    """How many conflicts there are, and the most severe of them (largest gap % first)."""

    total: int
    most_severe: tuple[Conflict, ...]


def conflicts(
    observations: Sequence[Observation], *, window_days: int, limit: int | None = None
) -> Conflicts:
    """Pairs from different speakers within the window whose intervals share no number."""
    window = timedelta(days=window_days)
    ordered = sorted(observations, key=lambda item: (item.as_of, item.figure_id))
    ends = [_ends(item.interval) for item in ordered]
    ranked: list[tuple[float, float, int, int, int]] = []
    total, start = 0, 0
    for index, current in enumerate(ordered):
        while ordered[start].as_of < current.as_of - window:
            start += 1
        for other in range(start, index):
            earlier = ordered[other]
            if earlier.speaker_id == current.speaker_id or not _apart(ends[other], ends[index]):
                continue
            distance, percent = _severity(earlier, current, ends[other], ends[index])
            entry = (percent or 0.0, distance, -total, other, index)
            total += 1
            if limit is None or len(ranked) < limit:
                heapq.heappush(ranked, entry)
            elif entry > ranked[0]:
                heapq.heapreplace(ranked, entry)
    return Conflicts(
        total, tuple(_conflict(ordered, entry) for entry in sorted(ranked, reverse=True))
    )


def _conflict(
    ordered: Sequence[Observation], entry: tuple[float, float, int, int, int]
) -> Conflict:
    _, distance, _, first, second = entry
    a, b = ordered[first], ordered[second]
    smaller = min(abs(a.value), abs(b.value))
    return Conflict(a, b, distance, distance / smaller * 100 if smaller else None)


def final_consensus(observations: Sequence[Observation], *, window_days: int) -> Consensus | None:
    """What the speakers' latest figures in the last window all allow."""
    if not observations:
        return None
    end = max(observation.as_of for observation in observations)
    start = end - timedelta(days=window_days)
    latest: dict[int, Observation] = {}
    for observation in observations:
        if observation.as_of >= start:
            latest[observation.speaker_id] = observation
    members = list(latest.values())
    shared = consensus(member.interval for member in members)
    return Consensus(start, end, tuple(sorted(m.figure_id for m in members)), shared)
