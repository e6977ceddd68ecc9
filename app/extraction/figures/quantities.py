"""Figures in one sentence: numbers with their units, ranges, vague amounts and qualifiers.

Numbers are read by the package's own grammar (see numbers.py); units come from the words
around them (unitwords.py), then from quantulum3 for rarer physical units, then from a count
noun; "count" when nothing names what is counted. A spelled-out "one" (or "half") that
counts something is not reported: it is far more often a pronoun or determiner ("one of
the villages", "as one engineer said") than a claim; "1 soldier" and "one billion" are.
Ranges take the value of their lower bound. Fractions ("three-quarters of") are percentages
(shares.py). In Ukrainian and Russian, a scaled amount with no unit takes the currency of the
amount before it ("12,8 млрд доларів, із них 5,2 млрд").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from app.extraction.budget import checked
from app.extraction.figures import distractors as dis
from app.extraction.figures.numbers import Number, scan
from app.extraction.figures.qparse import physical_unit_at
from app.extraction.figures.qualifiers import qualifier_after, qualifier_before
from app.extraction.figures.ranges import merge_ranges
from app.extraction.figures.shares import find_shares
from app.extraction.figures.unitcheck import count_unit, readable
from app.extraction.figures.unitwords import (
    IRREGULAR,
    UnitHit,
    count_noun,
    currency_before,
    is_plural_noun,
    rate_after,
    unit_after,
)
from app.extraction.figures.vague import Vague, find_vague

_PLURAL = rf"(?:[A-Za-z]+s|{'|'.join(sorted(IRREGULAR))})"
# A number's first digit and the rest of its run of digits, commas and points, once per run: a
# search from each digit of a failing run would read the rest of the run again ("1.1.1...":
# quadratic, a minute for 80,000 characters). The suffix cannot be a digit, comma or point, so
# the run is read whole (possessive) and its first digit after a boundary stands for the run.
_RUN = r"(?<![\d,.])(?>[\d,.]*?\b(\d))[\d,.]*+"
LOOSE_RES = (
    re.compile(r"(?:US\$|\$|€|£|₴|₽|¥|₹|\b(?:USD|EUR|GBP|UAH|RUB|INR|Rs\.?)\s?)(\d)"),
    re.compile(rf"{_RUN}(?:[mkbMKB]|cr)\b(?=\s+(?:[A-Za-z]+\s+)?{_PLURAL}\b)"),
    # thousands and billions need no noun after them: no unit is written "k" or "bn"
    re.compile(rf"{_RUN}(?:k|K|bn|tn|trn)\b(?![-/]\w)"),
)
SKIP_KINDS = ("duration", "multiple")
OF_RE = re.compile(r"\s+of(?=\s)")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True, slots=True)
class Found:
    """A figure in sentence coordinates."""

    value: float
    unit: str
    kind: str
    qualifier: str
    lower: float | None
    upper: float | None
    start: int
    end: int
    scale: float = 1.0


class Spans:
    """Character spans, asked whether any overlaps a range: merged and sorted once, each
    question a binary search (a sentence of many numbers and many masked spans stays linear)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        """Merge the spans (touching ones stay apart: only an overlap counts)."""
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [start for start, _end in merged]
        self.ends = [end for _start, end in merged]

    def hits(self, start: int, end: int) -> bool:
        """Whether start..end overlaps any span."""
        at = bisect_left(self.ends, start + 1)  # the first span ending after start
        return at < len(self.starts) and self.starts[at] < end


def _unit_name(hit: UnitHit) -> str:
    """The unit string reported for a unit hit (unreadable count nouns become 'count')."""
    return count_unit(hit.unit) if hit.kind == "count" else hit.unit


def _unit(text: str, start: int, end: int, single: bool) -> UnitHit | None:
    """The unit written after a number (or vague amount) at start..end."""
    hit = unit_after(text, end)
    if hit is not None:
        return hit
    phys = physical_unit_at(text, start, end)
    if phys is not None:
        return UnitHit(phys[0], "physical", phys[1])
    return count_noun(text, end, single)


def _counted_year(text: str, start: int, unit: str) -> bool:
    """Whether a year-like number is a count after all ('some 2000 troops')."""
    return qualifier_before(text, start) is not None and is_plural_noun(unit)


def _measure(text: str, num: Number, masks: Spans) -> Found | None:
    """Turn a number into a figure, or None when it is not one."""
    if masks.hits(num.start, num.end):
        return None
    if num.spelled and dis.spelled_name(text, num.start):
        return None
    cur = None if num.spelled else currency_before(text, num.start)
    if not num.spelled and (
        dis.glued_to_letters(text, num.start, num.end)
        or (cur is None and dis.after_capitalised(text, num.start))
    ):
        return None
    hit = _unit(text, num.start, num.end, num.value == 1 and not num.spelled)
    if hit is not None and hit.kind in SKIP_KINDS:
        return None
    value = num.value
    if cur is not None:
        unit, kind, end, start = cur[0], "currency", num.end, cur[1]
    elif hit is not None and hit.kind == "cents":
        unit, kind, end, start, value = hit.unit, "cents", hit.end, num.start, value / 100
    elif hit is not None:
        unit, kind, end, start = _unit_name(hit), hit.kind, hit.end, num.start
    else:
        unit, kind, end, start = "count", "bare", num.end, num.start
    if num.spelled and kind in ("bare", "count") and num.value <= 1:
        return None
    year = dis.looks_like_year(text[num.start : num.end], num.value)
    if year and kind in ("bare", "count") and not _counted_year(text, start, unit):
        return None
    if kind != "speed" and (rate := rate_after(text, end)) is not None:
        per = f"{unit} / {rate[0]}"
        unit, end = (per if readable(per) else f"count / {rate[0]}"), rate[1]
    return Found(value, unit, kind, "exact", None, None, start, end, num.scale)


def _vague(text: str, v: Vague) -> Found | None:
    """Turn a vague amount into a range figure."""
    of = OF_RE.match(text, v.end)
    hit = _unit(text, v.start, of.end() if of else v.end, False)
    if hit is not None and hit.kind in SKIP_KINDS:
        return None
    unit, kind, end = (_unit_name(hit), hit.kind, hit.end) if hit else ("count", "bare", v.end)
    return Found(v.lower, unit, kind, "range", v.lower, v.upper, v.start, end)


def _qualify(text: str, f: Found) -> Found:
    """Attach the qualifier written around a single figure."""
    if f.qualifier != "exact":
        return f
    before = qualifier_before(text, f.start)
    if before is not None:
        return replace(f, qualifier=before[0], start=before[1])
    after = qualifier_after(text, f.end)
    if after is not None:
        return replace(f, qualifier=after[0], end=after[1])
    return f


def _go_on() -> None:
    """A check that never stops the work."""


def find_figures(
    text: str, masks: list[tuple[int, int]], check: Callable[[], None] = _go_on
) -> list[Found]:
    """Every figure in a sentence, skipping numbers inside the masked spans.

    check runs before each number, so a caller can stop a long sentence part-way.
    """
    loose = frozenset(m.start(1) for rx in LOOSE_RES for m in rx.finditer(text))
    numbers = scan(text, loose)
    shares = find_shares(text)
    vagues = find_vague(text)
    if not numbers and not shares and not vagues:
        return []  # no number, share or vague amount: nothing to mask (most sentences)
    masks = masks + dis.masked_spans(text)
    masked = Spans(masks)
    shares = [s for s in shares if not masked.hits(s.start, s.end)]
    masks += [(s.start, s.end) for s in shares]
    masked = Spans(masks)
    found = []
    for n in numbers:
        check()
        if (f := _measure(text, n, masked)) is not None:
            found.append(f)
    found += [Found(s.percent, "%", "percent", "exact", None, None, s.start, s.end) for s in shares]
    taken = Spans([(f.start, f.end) for f in found] + masks)
    for v in vagues:
        if not taken.hits(v.start, v.end) and (f := _vague(text, v)) is not None:
            found.append(f)
    found.sort(key=lambda f: f.start)
    found = [_signed(text, f) for f in checked(found, check)]
    if CYRILLIC.search(text):
        found = _carry_currency(found)
    found = _carry_temperature(found)
    return [_qualify(text, f) for f in checked(merge_ranges(text, found), check)]


# A sign or word before the number: "-15C", "−3.2%", "minus 20 degrees", "мінус 15", "минус
# 27" (not the hyphen of a range, a code or a compound: "10-15", "COVID-19", "F-16").
MINUS_RE = re.compile(r"(?:(?<![\w.,%)\]’'-])[-−]|(?i:(?<!\w)(?:minus|мінус|минус))\s+)$")


def _signed(text: str, f: Found) -> Found:
    """The figure negative when a minus sign or word stands right before its number; its words
    start at the sign or word ("до минус 15": "до" bounds it, "від мінус 5 до 0" is a range)."""
    sign = MINUS_RE.search(text, max(0, f.start - 8), f.start) if f.value > 0 else None
    if sign is None:
        return f
    return replace(f, value=-f.value, start=sign.start())


def _carry_temperature(found: list[Found]) -> list[Found]:
    """A bare negative number after a temperature in the sentence is one in the same unit
    ("вночі мінус 12 градусів, а на Сумщині до -15": -15 degrees Celsius)."""
    out: list[Found] = []
    degrees: Found | None = None  # the last temperature so far
    for f in found:
        if f.kind == "bare" and f.value < 0 and degrees is not None:
            f = replace(f, unit=degrees.unit, kind=degrees.kind)
        degrees = f if f.kind == "temperature" else degrees
        out.append(f)
    return out


def _carry_currency(found: list[Found]) -> list[Found]:
    """A scaled amount with no unit takes the currency of the amount before it in the sentence
    ("12,8 млрд доларів, із них 5,2 млрд — гранти": 5.2e9 USD)."""
    out: list[Found] = []
    for f in found:
        last = out[-1] if out else None
        if f.kind == "bare" and f.scale > 1 and last is not None and last.kind == "currency":
            f = replace(f, unit=last.unit, kind=last.kind)
        out.append(f)
    return out
