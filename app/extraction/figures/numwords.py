"""Tokens for the number grammar, and spelled-out numbers.

"seventy-four" and "seventy four" -> 74, "one hundred and twenty" -> 120, "a thousand" ->
1000, "two million three hundred thousand" -> 2.3e6, "half a million" -> 5e5, "two and a
half thousand" -> 2500, "a dozen" -> 12, "half a dozen" -> 6, "two lakh" -> 2e5, "three
crore" -> 3e7 (the Indian lakh and crore). "half a" before any other word
is 0.5 of it ("half a percentage point").

Ukrainian and Russian: number words from two to ninety in the cases news copy uses ("три",
"двох", "одинадцяти", "двадцять п'ять"), scale words in every case and short form ("тисяч", "тис.",
"миллиона", "млн", "млрд"), "півтора"/"полтора" (1.5), a bare "тисячу"/"мільйон" (one of
it), and, in a text with Cyrillic letters, digits grouped by spaces
("10 000") and decimal commas ("1,5"; "1,250" keeps its comma as a thousands separator).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "thousand": 1e3, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5, "million": 1e6,
    "crore": 1e7, "crores": 1e7, "billion": 1e9, "trillion": 1e12,
}  # fmt: skip


def _forms(table: dict[int, str]) -> dict[str, int]:
    """Each whitespace-separated word form of a table {value: "form form ..."}."""
    return {word: value for value, forms in table.items() for word in forms.split()}


# Ukrainian and Russian number words in the cases news copy uses them (apostrophe spelled
# both ways); "один"/"одна" are left out, as "one" is in English, and so is "семью" (also
# "family").
CYRILLIC_ONES = _forms({
    2: "два дві две двох двух двома двумя двоє двое",
    3: "три трьох трёх трех трьома тремя троє трое",
    4: "чотири четыре чотирьох четырёх четырех четверо чотирма четырьмя",
    5: "п'ять п’ять пять п'яти п’яти пяти п'ятеро п’ятеро пятеро п'ятьма п’ятьма пятью",
    6: "шість шесть шести шістьма шестью", 7: "сім семь семи сімома",
    8: "вісім восемь восьми вісьмома восемью восьмью",
    9: "дев'ять дев’ять девять дев'яти дев’яти девяти дев'ятьма дев’ятьма девятью",
    10: "десять десяти десятьма десятью",
    11: "одинадцять одиннадцать одинадцяти одиннадцати",
    12: "дванадцять двенадцать дванадцяти двенадцати",
    13: "тринадцять тринадцать тринадцяти тринадцати",
    14: "чотирнадцять четырнадцать чотирнадцяти четырнадцати",
    15: "п'ятнадцять п’ятнадцять пятнадцать п'ятнадцяти п’ятнадцяти пятнадцати",
    16: "шістнадцять шестнадцать шістнадцяти шестнадцати",
    17: "сімнадцять семнадцать сімнадцяти семнадцати",
    18: "вісімнадцять восемнадцать вісімнадцяти восемнадцати",
    19: "дев'ятнадцять дев’ятнадцять девятнадцать дев'ятнадцяти дев’ятнадцяти девятнадцати",
})  # fmt: skip
CYRILLIC_TENS = _forms({
    20: "двадцять двадцать двадцяти двадцати", 30: "тридцять тридцать тридцяти тридцати",
    40: "сорок сорока", 50: "п'ятдесят п’ятдесят пятьдесят", 60: "шістдесят шестьдесят",
    70: "сімдесят семьдесят", 80: "вісімдесят восемьдесят", 90: "дев'яносто дев’яносто девяносто",
})  # fmt: skip
CYRILLIC_SCALES = {
    word: float(value)
    for word, value in _forms({
        1000: "тисяча тисячі тисяч тисячу тисячами тис тысяча тысячи тысяч тысячу тысячами тыс",
        10**6: "мільйон мільйона мільйони мільйонів мільйонами млн миллион миллиона миллионы "
        "миллионов миллионами",
        10**9: "мільярд мільярда мільярди мільярдів мільярдами млрд миллиард миллиарда "
        "миллиарды миллиардов миллиардами",
        10**12: "трильйон трильйона трильйони трильйонів трлн триллион триллиона триллионов",
    }).items()
}  # fmt: skip
# "півтора мільйона" is 1.5 million; "тисячу", "мільйон" alone are one of the scale.
CYRILLIC_HALVES = {"півтора": 1.5, "півтори": 1.5, "полтора": 1.5, "полторы": 1.5}
CYRILLIC_BARE_SCALES = frozenset(
    ["тисяча", "тисячу", "тысяча", "тысячу", "мільйон", "миллион", "мільярд", "миллиард"]
)
# Short scale forms that may take a full stop ("1,2 тис. гривень"): the stop is theirs.
DOTTED_SCALES = frozenset(("тис", "тыс", "млн", "млрд", "трлн"))
ONES |= CYRILLIC_ONES
TENS |= CYRILLIC_TENS
SCALES |= CYRILLIC_SCALES
MULTIPLIERS = {"hundred": 100.0, "dozen": 12.0}
GROWERS = set(SCALES) | set(MULTIPLIERS)
TOKEN_RE = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+|[A-Za-z]+|\S")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# In Ukrainian and Russian text: "10 000" (a space, no-break or narrow no-break space groups
# thousands), "1,250" (a comma before three digits), "1,5" (a decimal comma); words keep
# their apostrophes ("п'ять", "здоров'я").
CYRILLIC_TOKEN_RE = re.compile(
    r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?!\d)|\d+(?:,\d{3})+(?![,\d])|\d+[.,]\d+|\d+"
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*|\S"
)


@dataclass(frozen=True, slots=True)
class Tok:
    """A token with its offsets."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Tok]:
    """Split text into digit runs, letter runs and single symbols (digit grouping read the
    Ukrainian and Russian way when text has Cyrillic letters)."""
    rx = CYRILLIC_TOKEN_RE if CYRILLIC.search(text) else TOKEN_RE
    return [Tok(m.group(), m.start(), m.end()) for m in rx.finditer(text)]


def digits_value(written: str) -> float:
    """The value of a digit token: '1,200' -> 1200, '10 000' -> 10000, '1,5' -> 1.5."""
    plain = re.sub(r"[ \u00a0\u202f]", "", written)
    if re.fullmatch(r"\d+(?:,\d{3})+(?:\.\d+)?", plain):
        return float(plain.replace(",", ""))
    return float(plain.replace(",", "."))


def low(toks: list[Tok], i: int) -> str:
    """Lower-cased token i, or '' past the end."""
    return toks[i].text.lower() if i < len(toks) else ""


def leading(toks: list[Tok], i: int) -> tuple[float, int] | None:
    """Read 'a', 'half a' or a number word below 100 at toks[i]: (value, next index); a bare
    Ukrainian or Russian scale word ('тисячу') counts one of itself."""
    w = low(toks, i)
    if w in ("a", "an") and low(toks, i + 1) in GROWERS:
        return 1.0, i + 1
    if w == "half" and low(toks, i + 1) in ("a", "an"):
        return 0.5, i + 2
    if w in CYRILLIC_HALVES:
        return CYRILLIC_HALVES[w], i + 1
    if w in CYRILLIC_BARE_SCALES:
        return 1.0, i
    if w in TENS:
        j = i + 2 if low(toks, i + 1) == "-" else i + 1
        unit = ONES.get(low(toks, j), 0)
        return (TENS[w] + unit, j + 1) if 0 < unit < 10 else (TENS[w], i + 1)
    if w in ONES:
        return ONES[w], i + 1
    return None


def _step(toks: list[Tok], j: int, current: float, total: float) -> tuple[float, float, int] | None:
    """Read one more piece of a spelled-out number at toks[j]: (current, total, next)."""
    w = low(toks, j)
    if w in MULTIPLIERS:
        return (current or 1) * MULTIPLIERS[w], total, j + 1
    if w in SCALES:
        return 0.0, total + (current or 1) * SCALES[w], j + 1
    if w == "and" and [low(toks, j + 1), low(toks, j + 2)] == ["a", "half"]:
        return current + 0.5, total, j + 3
    k = j + 1 if w == "and" else j
    gap = bool(current and current % 100 == 0) or (current == 0 and total > 0)
    more = None if low(toks, k) in ("a", "an", "half") or not gap else leading(toks, k)
    return None if more is None else (current + more[0], total, more[1])


def spelled(toks: list[Tok], i: int) -> tuple[float, int, float] | None:
    """A spelled-out number at toks[i]: (value, next index, largest scale used)."""
    lead = leading(toks, i)
    if lead is None:
        return None
    (current, j), total, scale = lead, 0.0, 1.0
    while (step := _step(toks, j, current, total)) is not None:
        grow = {**SCALES, **MULTIPLIERS}.get(low(toks, j), 1.0)
        current, total, j, scale = *step, max(scale, grow)
    return total + current, j, scale
