"""A narrow, typed wrapper around quantulum3.

quantulum3 reads the units the package's own table does not know (megawatts, feet,
barrels); it is run on a sentence only when the word after a number is one of the unit
names or symbols in quantulum3's own unit table, and its classifier warning (the optional
extras are not installed) is silenced. Its misreadings ("half a million" -> 1.5e6,
"$2-3 billion", "2024 at" as ampere-turns) are why the package re-reads every value with
its own number grammar. The first call loads quantulum3's unit table (about two seconds).

quantulum3 reads a text in time that grows with its length (2.5 ms for a sentence of 130
characters, 0.3 ms for 20), and what it says of one number depends only on the words around
it: it is given the word before the number and the words after it up to the next number.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from app.extraction.figures.unitwords import is_plural_noun

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from quantulum3 import load as _load
    from quantulum3 import parser as _parser

NEXT_WORD = re.compile(r"[\s-]*([^\W\d_][\w/]*)")
AFTER = 48
NEXT_NUMBER = re.compile(r"\s\d")

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


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """From the word before the number at start..end to the first space AFTER characters
    after it."""
    first = text.rfind(" ", 0, max(0, text.rfind(" ", 0, start))) + 1
    last = text.find(" ", end + AFTER)
    return first, len(text) if last < 0 else last


def _hits(text: str, first: int, last: int) -> Iterator[QHit]:
    """quantulum3's quantities in text[first:last], placed in text."""
    for hit in parse(text[first:last]):
        yield replace(hit, start=hit.start + first, end=hit.end + first)


def physical_unit_at(text: str, start: int, end: int) -> tuple[str, int] | None:
    """quantulum3's unit for the number at start..end when it names a physical unit (a
    quantity quantulum3 reads that holds the number's last digit and goes on after it).

    Read in the number's window; when it finds a range there ("36,000 feet to 10,000 feet"),
    the window is read again up to the next number: the unit after this one is its own."""
    word = NEXT_WORD.match(text, end)
    if word is None or not {word.group(1), word.group(1).lower()} & unit_words():
        return None
    first, last = _window(text, start, end)
    found, ranged = _unit_in(text, end, _hits(text, first, last))
    following = NEXT_NUMBER.search(text, end, last)
    if ranged and following is not None:
        found, _ranged = _unit_in(text, end, _hits(text, first, following.start()))
    return found


def _unit_in(text: str, end: int, hits: Iterator[QHit]) -> tuple[tuple[str, int] | None, bool]:
    """The unit of the first physical quantity among the hits that holds the number ending at
    end and no other number, and whether only ranges held it (then None)."""
    ranged = False
    for hit in hits:
        if not (hit.start < end < hit.end and hit.entity in PHYSICAL):
            continue
        if any(c.isdigit() for c in text[end : hit.end]):
            ranged = True
            continue
        after = NEXT_WORD.match(text, hit.end)
        if after is not None and is_plural_noun(after.group(1)):
            return None, False  # "30 league games": the games are counted
        return (hit.unit, hit.end), False
    return None, ranged
