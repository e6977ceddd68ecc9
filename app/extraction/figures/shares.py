"""Fractions written as words, read as percentages of a whole.

"three-quarters of", "two thirds of", "a third of", "a quarter of", "half of" -> 75, 66.7,
33.3, 25 and 50 "%"; so is a fraction that measures a change: "fell by a third", "cut by
half", "a fifth lower", "two-thirds higher". Any other fraction is not a share: "half a
million" is a number and "a third attack" is an ordinal. Ukrainian and Russian: "на треть",
"на третину", "наполовину", "третина українців", "две трети опрошенных" (CYRILLIC_SHARE_RES).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMERATORS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10}  # fmt: skip
_FRACTION = rf"(?:(?P<n>{'|'.join(NUMERATORS)})[-\s]+)?(?P<d>{'|'.join(DENOMINATORS)})"
_COMPARED = r"(?:lower|higher|less|more|smaller|larger|bigger|fewer|cheaper|dearer|down|up)"
# Words after "by half", "by a quarter" that make it something else than a share of a change.
_NOT_A_SHARE = r"(?:a|an|of|the|percentage|points?|part(?:y|ies)|person|world|time|round|final)"
SHARE_RES = (
    re.compile(rf"\b{_FRACTION}\s+of\b", re.I),  # a third of the homes
    # by a third; not "by half a point", "by a quarter-point", "by a third party"
    re.compile(rf"(?<=\bby\s){_FRACTION}\b(?![-\s]+{_NOT_A_SHARE}\b)", re.I),
    re.compile(rf"\b{_FRACTION}\s+(?={_COMPARED}\b)", re.I),  # a fifth lower
)


# Ukrainian and Russian: "на третину"/"на треть" (a change), "наполовину", and a fraction
# before the noun it divides ("третина українців", "две трети опрошенных"), not after an
# ordinal ("у першій половині року").
CYRILLIC_NUMERATORS = {"дві": 2, "две": 2, "три": 3}
CYRILLIC_DENOMINATORS = {"половин": 2, "трет": 3, "чверт": 4, "четверт": 4}
_CYRILLIC_FRACTION = (
    r"(?:(?P<n>дві|две|три)\s+)?(?P<d>половин[аиуі]|третин[аиуі]|трет[ьи]|чверт[ьі]|четверт[ьи])"
)
CYRILLIC_SHARE_RES = (
    re.compile(rf"(?<=\bна\s){_CYRILLIC_FRACTION}(?!\w)", re.I),
    re.compile(r"(?<!\w)(?P<d>наполовину)(?!\w)", re.I),
    re.compile(rf"(?<!\w){_CYRILLIC_FRACTION}(?=\s+[а-яіїєґё])", re.I),
)
ORDINAL_BEFORE = re.compile(r"(?<!\w)(?:перш|друг|перв|втор)\w*\s+$", re.I)


@dataclass(frozen=True, slots=True)
class Share:
    """A fraction as a percentage, and its offsets (without the 'of')."""

    percent: float
    start: int
    end: int


def find_shares(text: str) -> list[Share]:
    """Every 'three-quarters of'-style fraction in text."""
    found = []
    for m in (m for rx in SHARE_RES for m in rx.finditer(text)):
        denominator = DENOMINATORS[m.group("d").lower()]
        if m.group("n") is None and denominator != 2:
            continue
        numerator = NUMERATORS[(m.group("n") or "one").lower()]
        end = m.start("d") + len(m.group("d"))
        found.append(Share(round(100 * numerator / denominator, 2), m.start(), end))
    for m in (m for rx in CYRILLIC_SHARE_RES for m in rx.finditer(text)):
        if ORDINAL_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue
        word = m.group("d").lower().removeprefix("на")
        denominator = next(v for k, v in CYRILLIC_DENOMINATORS.items() if word.startswith(k))
        numerator = CYRILLIC_NUMERATORS.get((m.groupdict().get("n") or "").lower(), 1)
        found.append(Share(round(100 * numerator / denominator, 2), m.start(), m.end()))
    found.sort(key=lambda share: share.start)
    return found
