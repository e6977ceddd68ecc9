"""Vague amounts, read as ranges (value is the lower bound).

"hundreds" -> 100..999, "thousands" -> 1,000..9,999, "millions" -> 1e6..9,999,999 and
"billions" -> 1e9..9,999,999,999 (each from one of the unit up to the next power of ten);
"tens of thousands" -> 10,000..99,999, "hundreds of thousands" -> 100,000..999,999, and the
same for millions and billions; "lakhs" -> 1e5..9,999,999 and "crores" -> 1e7..999,999,999
(up to the next Indian scale); "dozens" -> 24..144 (two to twelve dozen), "scores" ->
40..240; "several N" -> 3N..9N and "a few N" -> 2N..5N ("several hundred" -> 300..900, "a
few thousand" -> 2,000..5,000). "a dozen" (12), "half a dozen" (6) and "two dozen" (24) are
exact numbers and are read by the number parser, not here.

Ukrainian and Russian, the same way: "десятки" (dozens) -> 24..144, "сотні"/"сотни" ->
100..999, "тисячі"/"тысячи" -> 1,000..9,999, "мільйони"/"миллионы" -> 1e6..9,999,999,
"десятки тисяч"/"десятки тысяч" -> 10,000..99,999, "сотні тисяч" -> 100,000..999,999,
"кілька"/"декілька"/"несколько" N -> 3N..9N ("кілька сотень" -> 300..900).
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


# Ukrainian and Russian words for each scale, in the cases used after a number word or alone.
CYRILLIC_SCALE = {
    form: scale
    for scale, forms in (
        ("dozen", "десятки десятків десятков десятка десяток"),
        ("hundred", "сотні сотень сотни сотен сотня"),
        ("thousand", "тисячі тисяч тисяча тысячи тысяч тысяча"),
        ("million", "мільйони мільйонів мільйон миллионы миллионов миллион"),
        ("billion", "мільярди мільярдів мільярд миллиарды миллиардов миллиард"),
    )
    for form in forms.split()
}
_CS = "|".join(sorted(CYRILLIC_SCALE, key=len, reverse=True))
CYRILLIC_VAGUE_RE = re.compile(
    rf"(?<!\w)(?:(?P<mod>кілька|декілька|несколько)\s+(?P<n>{_CS})"
    rf"|(?P<mult>десятки|десятків|десятков|сотні|сотень|сотни|сотен)\s+"
    rf"(?P<big>тисяч|тысяч|мільйонів|миллионов|мільярдів|миллиардов)"
    rf"|(?P<plain>десятки|десятків|десятков|сотні|сотень|сотни|сотен|тисячі|тысячи|мільйони|"
    rf"миллионы|мільярди|миллиарды))(?!\w)",
    re.I,
)


def _cyrillic_bounds(m: re.Match[str]) -> tuple[float, float]:
    """Lower and upper bounds of a CYRILLIC_VAGUE_RE match."""
    if m.group("mult"):
        tens = CYRILLIC_SCALE[m.group("mult").lower()] == "dozen"
        unit = SCALE[CYRILLIC_SCALE[m.group("big").lower()]] * (10 if tens else 100)
        return unit, unit * 10 - 1
    if m.group("mod"):
        unit = SCALE[CYRILLIC_SCALE[m.group("n").lower()]]
        return unit * 3, unit * 9
    word = CYRILLIC_SCALE[m.group("plain").lower()]
    if word in DOZENS:
        return DOZENS[word] * 2, DOZENS[word] * 12
    return SCALE[word], SCALE[word] * 10 - 1


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
    for rx, bounds in ((VAGUE_RE, _bounds), (CYRILLIC_VAGUE_RE, _cyrillic_bounds)):
        for m in rx.finditer(text):
            lower, upper = bounds(m)
            found.append(Vague(lower, upper, m.start(), m.end()))
    return sorted(found, key=lambda v: v.start)
