"""Numbers as journalists write them: digits, scale words and spelled-out words.

"1,200" -> 1200, "1.2 million" -> 1.2e6, "seventy-four" -> 74, "a thousand" -> 1000,
"half a million" -> 5e5, "two and a half thousand" -> 2500, "one hundred and twenty" -> 120,
"a dozen" -> 12, "two dozen" -> 24, "3bn" -> 3e9, "2.5 lakh" -> 2.5e5, "3 crore" -> 3e7. The
bare "m"/"k"/"b"/"cr" suffixes ("$3m", "1.5m people", "5K people") are read as scales only
when the caller says the context allows it, because "10m" is as often ten metres. Fractions
("a third", "three-quarters") are not numbers here.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.extraction.figures.numwords import (
    DOTTED_SCALES,
    MULTIPLIERS,
    SCALES,
    Tok,
    digits_value,
    low,
    spelled,
    tokenize,
)

SHORT_SCALES = {"bn": 1e9, "bln": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12, "trn": 1e12}
CONTEXT_SCALES = {"m": 1e6, "k": 1e3, "b": 1e9, "cr": 1e7}
DIGITS = "0123456789"


@dataclass(frozen=True, slots=True)
class Number:
    """A number phrase: its value, offsets, and whether a scale word multiplied it."""

    value: float
    start: int
    end: int
    scale: float
    spelled: bool


def _digits(toks: list[Tok], i: int, loose: bool) -> tuple[float, int, float] | None:
    """Parse digits plus any scale words at toks[i]."""
    value = digits_value(toks[i].text)
    j, scale = i + 1, 1.0
    nxt = low(toks, j)
    attached = j < len(toks) and toks[j].start == toks[i].end
    if nxt in MULTIPLIERS and not attached:
        scale, j = MULTIPLIERS[nxt], j + 1
        nxt = low(toks, j)
    if nxt in SCALES:
        scale, j = scale * SCALES[nxt], j + 1
        if nxt in DOTTED_SCALES and low(toks, j) == "." and toks[j].start == toks[j - 1].end:
            j += 1
    elif nxt in SHORT_SCALES or (loose and attached and nxt in CONTEXT_SCALES):
        scale, j = scale * {**SHORT_SCALES, **CONTEXT_SCALES}[nxt], j + 1
    return (round(value * scale, 6) if scale != 1.0 else value), j, scale  # 4.1 bn: 4.1e9 exactly


def parse_at(toks: list[Tok], i: int, loose: bool = False) -> Number | None:
    """Parse the number phrase that starts at token i, if any."""
    tok = toks[i]
    got = _digits(toks, i, loose) if tok.text[-1] in DIGITS else spelled(toks, i)
    if got is None:
        return None
    value, j, scale = got
    return Number(value, tok.start, toks[j - 1].end, scale, tok.text[-1] not in DIGITS)


def scan(text: str, loose_at: frozenset[int] = frozenset()) -> list[Number]:
    """Find every number phrase; loose_at lists start offsets where '3m' means 3 million."""
    toks = tokenize(text)
    found: list[Number] = []
    i = 0
    while i < len(toks):
        num = parse_at(toks, i, toks[i].start in loose_at)
        if num is None:
            i += 1
            continue
        found.append(num)
        while i < len(toks) and toks[i].start < num.end:
            i += 1
    return found


def parse_number(text: str) -> float | None:
    """Value of text if the whole of it is one number phrase."""
    toks = tokenize(text.strip())
    num = parse_at(toks, 0, loose=True) if toks else None
    if num is None or num.end != len(text.strip()):
        return None
    return num.value
