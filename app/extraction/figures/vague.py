"""Vague amounts, read as ranges (value is the lower bound).

"hundreds" -> 100..999, "thousands" -> 1,000..9,999, "millions" -> 1e6..9,999,999 and
"billions" -> 1e9..9,999,999,999 (each from one of the unit up to the next power of ten);
"tens of thousands" -> 10,000..99,999, "hundreds of thousands" -> 100,000..999,999, and the
same for millions and billions; "lakhs" -> 1e5..9,999,999 and "crores" -> 1e7..999,999,999
(up to the next Indian scale); "dozens" -> 24..144 (two to twelve dozen), "scores" ->
40..240; "several N" -> 3N..9N and "a few N" -> 2N..5N ("several hundred" -> 300..900, "a
few thousand" -> 2,000..5,000). "a dozen" (12), "half a dozen" (6) and "two dozen" (24) are
exact numbers and are read by the number parser, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCALE = {
    "dozen": 12.0, "hundred": 1e2, "thousand": 1e3, "lakh": 1e5, "million": 1e6, "crore": 1e7,
    "billion": 1e9,
}  # fmt: skip
DOZENS = {"dozen": 12.0, "score": 20.0}
UPPER = {"lakh": 100, "crore": 100}
_S = r"(?:dozen|hundred|thousand|million|billion)"
VAGUE_RE = re.compile(
    rf"\b(?:(?P<mult>tens|hundreds)\s+of\s+(?P<big>thousands|millions|billions)"
    rf"|(?P<mod>several|a\s+few)\s+(?P<n>{_S})(?:\s+(?P<n2>thousand|million|billion))?"
    rf"|(?P<plain>dozens|scores|hundreds|thousands|lakhs|crores|millions|billions))\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Vague:
    """A vague amount: its bounds and offsets."""

    lower: float
    upper: float
    start: int
    end: int


def _bounds(m: re.Match[str]) -> tuple[float, float]:
    """Lower and upper bounds of a VAGUE_RE match."""
    if m.group("mult"):
        unit = SCALE[m.group("big").lower()[:-1]] * (
            10 if m.group("mult").lower() == "tens" else 100
        )
        return unit, unit * 10 - 1
    if m.group("mod"):
        unit = SCALE[m.group("n").lower()] * SCALE.get((m.group("n2") or "x").lower(), 1.0)
        few = m.group("mod").lower() != "several"
        return unit * (2 if few else 3), unit * (5 if few else 9)
    word = m.group("plain").lower()[:-1]
    if word in DOZENS:
        return DOZENS[word] * 2, DOZENS[word] * 12
    return SCALE[word], SCALE[word] * UPPER.get(word, 10) - 1


def find_vague(text: str) -> list[Vague]:
    """Every vague amount in text."""
    found = []
    for m in VAGUE_RE.finditer(text):
        lower, upper = _bounds(m)
        found.append(Vague(lower, upper, m.start(), m.end()))
    return found
