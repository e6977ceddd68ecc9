"""Where the figures on one measure agree, conflict or were revised. Pure: no web, no database.

Observations come oldest first and already in the report's unit. Conventions:
- a figure is about its subject: its period when it covers one (an open end runs to its as_of),
  otherwise its as_of; a statement is ordered by said_on, then claim id, then figure id;
- a restatement is a speaker's later statement (another claim) about the same subject with
  another value or interval; a figure is superseded by the first later statement of its
  speaker on its subject that says otherwise (repeating the same number supersedes nothing);
- a later-as_of revision is a speaker's standing (not superseded) figure followed, at a later
  as_of, by a standing one of theirs with another value or interval; it supersedes nothing;
- a conflict is a pair from different speakers whose as_of dates lie within window_days and
  whose intervals share no number; the gap is the distance between them, also in percent of
  the smaller figure (null when that figure is zero);
- the consensus is what the latest figure of each speaker within window_days of the newest
  as_of all allow, or None when they share nothing.
"""

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any, Literal

from app.comparison import sweep
from app.comparison.intervals import Interval, consensus
from app.core.fields import shifted


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
    said_on: date | None = None  # None: said on its as_of
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def stated(self) -> tuple[date, int, int]:
        """When the figure was said, as a sort key: said_on, then claim id, then figure id."""
        return (self.said_on or self.as_of, self.claim_id, self.figure_id)

    @property
    def subject(self) -> tuple[date | None, ...]:
        """What the figure is about: its period if it covers one (open end: its as_of), or as_of."""
        if self.period_start is None and self.period_end is None:
            return (self.as_of,)
        return (self.period_start, self.period_end or self.as_of)


RevisionKind = Literal["restated", "later_as_of"]


@dataclass(frozen=True, slots=True)
class Revision:
    """A speaker's figure replaced by a later one of theirs."""

    before: Observation
    after: Observation
    kind: RevisionKind = "later_as_of"

    @property
    def days(self) -> int:
        """Days between the two figures' as_of dates."""
        return (self.after.as_of - self.before.as_of).days

    @property
    def statement_days(self) -> int:
        """Days between the two statements (said_on)."""
        return (self.after.stated[0] - self.before.stated[0]).days

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
    superseded: dict[int, int] = field(default_factory=dict)  # figure id: superseding figure id

    @property
    def latest(self) -> Observation:
        """The speaker's newest standing figure: by as_of, then by when it was said."""
        kept = (item for item in self.figures if item.figure_id not in self.superseded)
        return max(kept, key=lambda item: (item.as_of, item.stated))


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


def _differs(a: Observation, b: Observation) -> bool:
    return a.value != b.value or a.interval != b.interval


def _superseded_on_subject(statements: Sequence[Observation]) -> dict[int, int]:
    """Each figure replaced by the first later statement that says something else.

    One speaker's figures on one subject, in statement order. Figures of one claim were said
    together and never supersede each other. Linear: two arrays filled walking back once.
    """
    count = len(statements)
    first_other: list[int | None] = [None] * count  # the first later figure saying otherwise
    next_claim: list[int | None] = [None] * count  # the first figure of the next statement
    for index in range(count - 2, -1, -1):
        here, after = statements[index], statements[index + 1]
        first_other[index] = index + 1 if _differs(here, after) else first_other[index + 1]
        next_claim[index] = next_claim[index + 1] if here.claim_id == after.claim_id else index + 1
    found: dict[int, int] = {}
    for index, figure in enumerate(statements):
        later = next_claim[index]
        if later is not None and not _differs(figure, statements[later]):
            later = first_other[later]
        if later is not None:
            found[figure.figure_id] = statements[later].figure_id
    return found


def _restatements(statements: Sequence[Observation]) -> list[Revision]:
    return [
        Revision(before, after, "restated")
        for before, after in pairwise(statements)
        if before.claim_id != after.claim_id and _differs(before, after)
    ]


def _later_as_of(standing: Sequence[Observation]) -> list[Revision]:
    found, previous = [], standing[0]
    for current in standing[1:]:
        if current.as_of > previous.as_of and _differs(previous, current):
            found.append(Revision(previous, current, "later_as_of"))
        previous = current
    return found


def _speaker(figures: Sequence[Observation]) -> SpeakerFigures:
    subjects: dict[tuple[date | None, ...], list[Observation]] = {}
    for figure in figures:
        subjects.setdefault(figure.subject, []).append(figure)
    superseded: dict[int, int] = {}
    revisions: list[Revision] = []
    for group in subjects.values():
        if len(group) > 1:
            group.sort(key=lambda item: item.stated)
            superseded |= _superseded_on_subject(group)
            revisions += _restatements(group)
    kept = sorted(standing(figures, superseded), key=lambda item: (item.as_of, item.stated))
    revisions += _later_as_of(kept)
    revisions.sort(key=lambda item: (item.after.stated, item.before.stated))
    return SpeakerFigures(
        figures[0].speaker_id, figures[0].speaker, tuple(figures), tuple(revisions), superseded
    )


def by_speaker(observations: Sequence[Observation]) -> list[SpeakerFigures]:
    """Each speaker's figures, latest, revisions and superseded figures, in order of appearance."""
    grouped: dict[int, list[Observation]] = {}
    for observation in observations:
        grouped.setdefault(observation.speaker_id, []).append(observation)
    return [_speaker(figures) for figures in grouped.values()]


def standing(
    observations: Sequence[Observation], superseded: Mapping[int, int]
) -> list[Observation]:
    """The observations no later statement superseded."""
    return [item for item in observations if item.figure_id not in superseded]


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


@dataclass(frozen=True, slots=True)
class Conflicts:
    """How many conflicts there are, and the most severe of them (largest gap % first)."""

    total: int
    most_severe: tuple[Conflict, ...]


def conflicts(
    observations: Sequence[Observation], *, window_days: int, limit: int | None = None
) -> Conflicts:
    """Pairs from different speakers within the window whose intervals share no number."""
    ordered = sorted(observations, key=lambda item: (item.as_of, item.figure_id))
    ends = [_ends(item.interval) for item in ordered]
    figures = sweep.Figures(
        days=[item.as_of.toordinal() for item in ordered],
        speakers=[item.speaker_id for item in ordered],
        lows=[end[0] for end in ends],
        highs=[end[2] for end in ends],
        low_in=[end[1] for end in ends],
        high_in=[end[3] for end in ends],
        values=[item.value for item in ordered],
    )
    total = sweep.count(figures, window_days)
    pairs = sweep.most_severe(figures, window_days, limit) if total else []
    return Conflicts(total, tuple(_conflict(ordered[i], ordered[j]) for i, j in pairs))


def _conflict(a: Observation, b: Observation) -> Conflict:
    x, y = _ends(a.interval), _ends(b.interval)
    distance = max(0.0, y[0] - x[2], x[0] - y[2])
    smaller = min(abs(a.value), abs(b.value))
    return Conflict(a, b, distance, sweep.percent(distance, smaller))


def final_consensus(observations: Sequence[Observation], *, window_days: int) -> Consensus | None:
    """What the speakers' latest figures in the last window all allow."""
    if not observations:
        return None
    end = max(observation.as_of for observation in observations)
    start = shifted(end, -window_days)
    latest: dict[int, Observation] = {}
    for observation in observations:
        if observation.as_of >= start:
            latest[observation.speaker_id] = observation
    members = list(latest.values())
    shared = consensus(member.interval for member in members)
    return Consensus(start, end, tuple(sorted(m.figure_id for m in members)), shared)
