"""Conflicting pairs counted and ranked without visiting every pair in the window. Pure.

Figures come in time order (`days`, one ordinal a figure); a pair is two figures of different
speakers at most `window` days apart whose intervals share no number. A sweep keeps the figures
of the current window in sorted lists of their ends, so that for each new figure the ones
entirely below it are a prefix of one list and the ones entirely above it a suffix of another:
counting is a bisection per figure (O(n log n) comparisons; the lists shift pointers in C as
figures enter and leave). Pairs of one speaker are counted by the same sweep over each speaker's
figures and taken off.

The most severe pairs (largest gap in percent of the smaller value, then largest gap, then the
earlier later figure, then the earlier earlier one) come from a threshold: the `limit`-th
severity among a few extreme pairs per figure (the partner with the lowest top, the one with the
highest bottom) is at most the true one, and every pair at least that severe satisfies
gap >= t*|value of the lower| or gap >= t*|value of the upper|, each again a prefix or suffix of
a sorted list. Only those pairs are looked at.
"""

import math
from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence
from dataclasses import dataclass, field
from heapq import nlargest

Key = tuple[float, float, int, int]  # severity (percent or 0), gap, -later, -earlier
SLACK = 1e-6  # the threshold is lowered by this much so rounding cannot drop a pair at it


def percent(gap: float, smaller: float) -> float | None:
    """The gap in percent of the smaller value; None when that has no finite number (a value
    of 0, or one so small that the percent overflows: 1,000 against 5e-324), which ranks as 0."""
    if not smaller:
        return None
    share = gap / smaller * 100
    return share if math.isfinite(share) else None


@dataclass(slots=True)
class Figures:
    """The sweep's view of figures in time order: day, speaker, ends and value.

    `high_rank` and `low_rank` are integer ranks of the ends such that figure i lies entirely
    below figure j exactly when high_rank[i] < low_rank[j] (an excluded end sorts as just past
    its number).
    """

    days: Sequence[int]
    speakers: Sequence[int]
    lows: Sequence[float]  # -inf: unbounded
    highs: Sequence[float]  # inf: unbounded
    low_in: Sequence[bool]
    high_in: Sequence[bool]
    values: Sequence[float]
    high_rank: list[int] = field(init=False)
    low_rank: list[int] = field(init=False)

    def __post_init__(self) -> None:
        highs = [(h, 0 if inc else -1) for h, inc in zip(self.highs, self.high_in, strict=True)]
        lows = [(lo, 0 if inc else 1) for lo, inc in zip(self.lows, self.low_in, strict=True)]
        rank = {end: at for at, end in enumerate(sorted({*highs, *lows}))}
        self.high_rank = [rank[end] for end in highs]
        self.low_rank = [rank[end] for end in lows]

    def key(self, i: int, j: int) -> Key:
        """How severe the conflict of figure i (earlier) and j (later) is, as a sort key."""
        gap = max(0.0, self.lows[j] - self.highs[i], self.lows[i] - self.highs[j])
        smaller = min(abs(self.values[i]), abs(self.values[j]))
        return (percent(gap, smaller) or 0.0, gap, -j, -i)


def _apart_count(figures: Figures, order: Sequence[int], window: int) -> int:
    """Pairs within the window among `order` (speakers not looked at) that share no number."""
    high, low, days = figures.high_rank, figures.low_rank, figures.days
    width = len(high)
    tops: list[int] = []  # rank * width + figure, so that each entry is unique
    bottoms: list[int] = []
    total, gone = 0, 0
    for figure in order:
        while days[order[gone]] < days[figure] - window:
            old = order[gone]
            del tops[bisect_left(tops, high[old] * width + old)]
            del bottoms[bisect_left(bottoms, low[old] * width + old)]
            gone += 1
        total += bisect_left(tops, low[figure] * width)
        total += len(bottoms) - bisect_right(bottoms, high[figure] * width + width - 1)
        insort(tops, high[figure] * width + figure)
        insort(bottoms, low[figure] * width + figure)
    return total


def count(figures: Figures, window: int) -> int:
    """How many pairs of different speakers within the window share no number."""
    own: dict[int, list[int]] = {}
    for figure, speaker in enumerate(figures.speakers):
        own.setdefault(speaker, []).append(figure)
    same = sum(_apart_count(figures, group, window) for group in own.values())
    return _apart_count(figures, range(len(figures.days)), window) - same


def _extremes(figures: Figures, window: int) -> list[float]:
    """Severities (percent, 0 without one) of some conflicts: for each figure, with the earlier
    figure of another speaker in its window that has the lowest top below it, and the one that
    has the highest bottom above it (when the extreme one is of its own speaker, none)."""
    high, low, days, speakers = figures.high_rank, figures.low_rank, figures.days, figures.speakers
    lows, highs, values = figures.lows, figures.highs, figures.values
    width, found = len(high), list[float]()
    tops: list[int] = []
    bottoms: list[int] = []
    start = 0
    for at in range(width):
        while days[start] < days[at] - window:
            del tops[bisect_left(tops, high[start] * width + start)]
            del bottoms[bisect_left(bottoms, low[start] * width + start)]
            start += 1
        ends = []
        if tops and tops[0] < low[at] * width:
            ends.append(tops[0] % width)
        if bottoms and bottoms[-1] // width > high[at]:
            ends.append(bottoms[-1] % width)
        for other in ends:
            if speakers[other] != speakers[at]:
                gap = max(lows[at] - highs[other], lows[other] - highs[at])
                smaller = min(abs(values[at]), abs(values[other]))
                found.append(percent(gap, smaller) or 0.0)
        insort(tops, high[at] * width + at)
        insort(bottoms, low[at] * width + at)
    return found


def _severe(figures: Figures, window: int, share: float) -> set[tuple[int, int]]:
    """Every pair (earlier, later) of different speakers with gap >= share * |value| of its
    lower or of its upper figure (a superset of the pairs at least `share` * 100 percent apart)."""
    lows, highs, values = figures.lows, figures.highs, figures.values
    raised = [h + share * abs(v) for h, v in zip(highs, values, strict=True)]  # gap by lower
    lowered = [lo - share * abs(v) for lo, v in zip(lows, values, strict=True)]  # gap by upper
    lists: tuple[list[tuple[float, int]], ...] = ([], [], [], [])
    keys = (raised, lows, highs, lowered)
    found, days, start = set[tuple[int, int]](), figures.days, 0
    for at in range(len(days)):
        while days[start] < days[at] - window:
            for entries, key in zip(lists, keys, strict=True):
                del entries[bisect_left(entries, (key[start], start))]
            start += 1
        raised_, lows_, highs_, lowered_ = lists  # the window's earlier figures, by each key
        # earlier below: raised[i] <= low[j] or high[i] <= lowered[j]; earlier above: mirrored
        near = (
            raised_[: bisect_right(raised_, (lows[at], len(lows)))],
            lows_[bisect_left(lows_, (raised[at], -1)) :],
            highs_[: bisect_right(highs_, (lowered[at], len(lows)))],
            lowered_[bisect_left(lowered_, (highs[at], -1)) :],
        )
        for part in near:
            for _, other in part:
                if figures.speakers[other] != figures.speakers[at]:
                    found.add((other, at))
        for entries, key in zip(lists, keys, strict=True):
            insort(entries, (key[at], at))
    return found


def _all(figures: Figures, window: int) -> set[tuple[int, int]]:
    """Every conflicting pair (earlier, later): the ones below and above each figure."""
    return _severe(figures, window, 0.0)


def most_severe(figures: Figures, window: int, limit: int | None) -> list[tuple[int, int]]:
    """The `limit` most severe conflicting pairs (earlier, later), most severe first."""
    threshold = 0.0
    if limit is not None:
        severities = nlargest(limit, _extremes(figures, window))
        if len(severities) == limit and severities[-1] > 0:
            threshold = severities[-1] / 100 * (1 - SLACK)
    candidates = _severe(figures, window, threshold) if threshold else _all(figures, window)
    high, low = figures.high_rank, figures.low_rank
    keyed = [figures.key(i, j) for i, j in candidates if high[i] < low[j] or high[j] < low[i]]
    keyed.sort(reverse=True)
    return [(-earlier, -later) for *_, later, earlier in keyed[:limit]]
