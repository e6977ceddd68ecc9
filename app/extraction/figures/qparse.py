"""A narrow, typed wrapper around quantulum3.

quantulum3 reads the units the package's own table does not know (megawatts, feet,
barrels); it is run on a sentence only when the word after a number is one of the unit
names or symbols in quantulum3's own unit table, and its classifier warning (the optional
extras are not installed) is silenced. Its misreadings ("half a million" -> 1.5e6,
"$2-3 billion", "2024 at" as ampere-turns) are why the package re-reads every value with
its own number grammar. The first call loads quantulum3's unit table (about two seconds).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from app.extraction.figures.unitwords import is_plural_noun

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from quantulum3 import load as _load
    from quantulum3 import parser as _parser

NEXT_WORD = re.compile(r"[\s-]*([^\W\d_][\w/]*)")

PHYSICAL = {
    "length", "mass", "volume", "speed", "power", "energy", "area", "temperature", "force",
    "pressure", "frequency", "electric potential", "data storage", "currency",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class QHit:
    """One quantity as quantulum3 read it."""

    value: float
    unit: str
    entity: str
    start: int
    end: int
    ranged: bool
    lower: float


def _hit(q: Any) -> QHit:
    """Convert a quantulum3 Quantity."""
    start, end = q.span
    return QHit(
        float(q.value),
        str(q.unit.name),
        str(q.unit.entity.name),
        int(start),
        int(end),
        q.uncertainty is not None,
        float(q.value) - float(q.uncertainty or 0.0),
    )


@lru_cache(maxsize=4096)
def parse(text: str) -> tuple[QHit, ...]:
    """Quantities quantulum3 finds in text."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = _parser.parse(text)
    return tuple(_hit(q) for q in found)


@lru_cache(maxsize=1)
def unit_words() -> frozenset[str]:
    """First words of every unit name and symbol quantulum3 knows."""
    units = _load.units("en_US")
    names = {s.split()[0].lower() for s in units.surfaces_lower if s.strip()}
    return frozenset(names | {s.split()[0] for s in units.symbols if s.strip()})


def physical_unit_at(text: str, start: int, end: int) -> tuple[str, int] | None:
    """quantulum3's unit for the number at start..end when it names a physical unit."""
    word = NEXT_WORD.match(text, end)
    if word is None or not {word.group(1), word.group(1).lower()} & unit_words():
        return None
    for hit in parse(text):
        if not (hit.start <= start < hit.end and hit.end > end and hit.entity in PHYSICAL):
            continue
        if not any(c.isdigit() for c in text[end : hit.end]):
            after = NEXT_WORD.match(text, hit.end)
            if after is not None and is_plural_noun(after.group(1)):
                return None  # "30 league games": the games are counted
            return hit.unit, hit.end
    return None
