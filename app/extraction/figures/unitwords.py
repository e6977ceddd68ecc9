"""Units written next to a number, normalised to strings a pint-based parser reads.

Areas in every spelling become "square kilometers", "square miles", "square meters",
"hectares" or "acres"; "%", "percent", "per cent" and "percentage points" become "%";
money becomes an ISO code ("$" -> "USD", "hryvnias" -> "UAH", "Rs"/"₹"/"rupees" -> "INR";
"54 cents" -> 0.54 USD,
"40 pence"/"40p" -> 0.40 GBP); lengths and masses get their
plural English names. Time words mark durations ("74 days", "a 10-year sentence"), which are
context rather than claims and are not reported. A count noun after the number ("74 border
communities") is the unit of a count: the first plural-looking word within four words;
"count" when there is none. A rate keeps its denominator: "1.2 million barrels per day" is
"barrels / day", "30 km/h" "kilometers / hour", "$5 a day" "USD / day" (rate_after).
Ukrainian and Russian units (CYRILLIC_UNITS) read the same way, in any case ending:
"квадратних кілометрів"/"кв. км" -> "square kilometers", "гривень"/"грн" -> "UAH", "метров в
секунду" -> "meters / second", "років"/"лет" a duration, "у 2 рази" a multiple.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.extraction.speakers.lexicon import words

SEP = r"[\s-]*"
COMPARATIVES = "more|less|fewer|higher|lower|larger|smaller|bigger|greater|as|over|the"
DURATIONS = "seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies)"
SQUARE = rf"(?:square|sq\.?){SEP}"
UNIT_TABLE: tuple[tuple[str, str, str], ...] = (
    (r"%|per\s?cent\b|percent\b|pct\b|percentage\s+points?\b", "%", "percent"),
    (rf"{SQUARE}(?:kilomet(?:er|re)s?\b|kms?\b)|km(?:²|2\b|\^2)", "square kilometers", "area"),
    (rf"{SQUARE}(?:miles?\b|mi\b\.?)|mi²", "square miles", "area"),
    (rf"{SQUARE}(?:met(?:er|re)s?\b|m\b)|m²", "square meters", "area"),
    (r"hectares?\b|ha\b", "hectares", "area"),
    (r"acres?\b", "acres", "area"),
    (r"km/h\b|kph\b|kmh\b", "kilometers / hour", "speed"),
    (r"mph\b", "miles / hour", "speed"),
    (r"terawatt[\s-]hours?\b|TWh\b", "terawatt_hour", "energy"),
    (r"gigawatt[\s-]hours?\b|GWh\b", "gigawatt_hour", "energy"),
    (r"megawatt[\s-]hours?\b|MWh\b", "megawatt_hour", "energy"),
    (r"kilowatt[\s-]hours?\b|kWh\b", "kilowatt_hour", "energy"),
    (r"gigawatts?\b|GW\b", "gigawatt", "power"),
    (r"megawatts?\b|MW\b", "megawatt", "power"),
    (r"kilowatts?\b|kW\b", "kilowatt", "power"),
    (r"cubic\s+met(?:er|re)s?\b|m³|cu\.?\s?m\b", "cubic meters", "volume"),
    (r"cubic\s+(?:feet|foot)\b|cu\.?\s?ft\b", "cubic feet", "volume"),
    (r"kilomet(?:er|re)s?\b|kms?\b", "kilometers", "length"),
    (r"miles?\b", "miles", "length"),
    (r"met(?:er|re)s?\b|(?<=\d)m\b", "meters", "length"),
    (r"(?:metric\s+)?tonnes?\b|(?:metric\s+)?tons?\b", "tonnes", "mass"),
    (r"kilograms?\b|kg\b", "kilograms", "mass"),
    (
        r"°\s?C\b|(?<=\d)C\b|degrees?\s+(?:Celsius|centigrade|C\b)|Celsius\b",
        "celsius",
        "temperature",
    ),
    (r"°\s?F\b|(?<=\d)F\b|degrees?\s+(?:Fahrenheit|F\b)|Fahrenheit\b", "fahrenheit", "temperature"),
    (r"(?:US\s+|American\s+)?dollars?\b", "USD", "currency"),
    (r"euros?\b", "EUR", "currency"),
    (r"pounds?\s+sterling\b", "GBP", "currency"),
    (r"hryvn(?:i)?as?\b|hryvnia\b", "UAH", "currency"),
    (r"r(?:o)?ubles?\b", "RUB", "currency"),
    (r"yuan\b", "CNY", "currency"),
    (r"(?:Indian\s+)?rupees?\b", "INR", "currency"),
    (r"cents?\b", "USD", "cents"),
    (r"pence\b|(?<=\d)p\b", "GBP", "cents"),
    (rf"(?:{DURATIONS})\b", "", "duration"),
    (rf"(?:times|fold)\s+(?:{COMPARATIVES})\b|fold\b", "", "multiple"),
    (r"times\b", "times", "count"),
)
_KM = r"(?:кілометр\w*|километр\w*|км\b)"
_M = r"(?:метр\w*|м\b(?!['’]))"  # not "м'ячі"
CYRILLIC_DURATIONS = (
    r"секунд\w*|хвилин\w*|минут\w*|годин\w*|час(?:а|ов)?\b|діб\b|доб[аиуі]\b|сут(?:ок|ки|кам)\b|"
    r"дн(?:і|ів|я|ей|ям|ями|ях)\b|день\b|тижн\w*|тиждень\b|недел[ьиюяей]\w*|місяц\w*|"
    r"месяц\w*|рок(?:и|ів|у|ам|ами|ах)\b|рік\b|лет\b|год(?:а|у|ам|ами|ах)?\b|десятиліт\w*|"
    r"десятилет\w*"
)
CYRILLIC_UNITS: tuple[tuple[str, str, str], ...] = (
    (r"(?:відсотков\w*|процентн\w*)\s+пункт\w*|п\.\s?п\.", "%", "percent"),
    (r"відсот\w*|процент\w*", "%", "percent"),
    (rf"(?:квадратн\w*|кв\.?)\s*{_KM}|км(?:²|2\b)", "square kilometers", "area"),
    (rf"(?:квадратн\w*|кв\.?)\s*{_M}|м²", "square meters", "area"),
    (r"гектар\w*|га\b", "hectares", "area"),
    (rf"{_KM}(?:\s+(?:на|в)\s+(?:годину|час)|/(?:год|ч)\b)", "kilometers / hour", "speed"),
    (rf"{_KM}(?:\s+(?:на|в)\s+секунду|/с\b)", "kilometers / second", "speed"),
    (rf"{_M}(?:\s+(?:на|в)\s+секунду|/с\b)", "meters / second", "speed"),
    (_KM, "kilometers", "length"),
    (r"кубометр\w*|(?:кубічн|кубическ)\w*\s+метр\w*|куб\.\s?м\b|м³", "cubic meters", "volume"),
    (r"сантиметр\w*|см\b", "centimeters", "length"),
    (r"міліметр\w*|миллиметр\w*|мм\b", "millimeters", "length"),
    (_M, "meters", "length"),
    (r"тонн?\w*|т\b(?!\.\s?\w\.)", "tonnes", "mass"),
    (r"кілограм\w*|килограмм\w*|кг\b", "kilograms", "mass"),
    (r"(?:барел|баррел)\w*\s+(?:в|на)\s+(?:сутки|день|добу)", "barrels / day", "rate"),
    (r"(?:барел|баррел)\w*", "barrels", "count"),
    (r"гігават\w*|гигаватт?\w*|ГВт\b", "gigawatt", "power"),
    (r"мегават\w*|мегаватт?\w*|МВт\b", "megawatt", "power"),
    (r"градус\w*", "celsius", "temperature"),
    (r"гривень|гривн\w*|грн\b\.?", "UAH", "currency"),
    (r"рубл\w*|руб\b\.?", "RUB", "currency"),
    (r"долар\w*|доллар\w*", "USD", "currency"),
    (r"євро\b|евро\b", "EUR", "currency"),
    (r"фунт\w*\s+стерлінг\w*|фунт\w*\s+стерлинг\w*", "GBP", "currency"),
    (r"людей\b|осіб\b|особи\b|людин[аи]?\b|человек\b", "people", "count"),
    (r"населен\w*\s+пункт\w*", "settlements", "count"),
    (r"громад\w*|общин\w*", "communities", "count"),
    (CYRILLIC_DURATIONS, "", "duration"),
    (r"раз(?:и|ів|а)?\b", "", "multiple"),
)
UNIT_RES = tuple(
    (re.compile(rf"[\s-]?(?:{rx})", re.I), u, k) for rx, u, k in UNIT_TABLE + CYRILLIC_UNITS
)
CURRENCY_SIGNS = {
    "US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₴": "UAH", "₽": "RUB", "¥": "JPY",
    "USD": "USD", "EUR": "EUR", "GBP": "GBP", "UAH": "UAH", "RUB": "RUB", "CHF": "CHF",
    "JPY": "JPY", "CNY": "CNY", "₹": "INR", "INR": "INR", "Rs": "INR", "Rs.": "INR",
}  # fmt: skip
CURRENCY_BEFORE = re.compile(
    r"(?:(US\$|\$|€|£|₴|₽|¥|₹)|\b(USD|EUR|GBP|UAH|RUB|CHF|JPY|CNY|INR|Rs\.?)\s?)$"
)
IRREGULAR = words(
    """people children men women police personnel staff cattle livestock aircraft sheep crew
    troops infantry youth clergy"""
)
STOP = words(
    """of in on at to from by with for into across over under since during near around about
    after before between per than as and or but nor is are was were has have had will would
    could can may might been be being did does do its his her their this these those it they
    we more less fewer times thus plus always perhaps towards the a an that which who whom
    whose some all each other others percent alone so too also yes no not unless versus
    whereas includes remains means shows stands rises falls says goes seems makes gets comes
    lies besides sometimes us hers theirs ours yours afterwards nevertheless regardless
    upwards"""
)
WORD_RE = re.compile(r"\s+([A-Za-z][A-Za-z’'-]*)")
PER_TIME = {
    "s": "second", "sec": "second", "second": "second", "min": "minute", "minute": "minute",
    "h": "hour", "hr": "hour", "hour": "hour", "d": "day", "day": "day", "week": "week",
    "wk": "week", "month": "month", "mo": "month", "yr": "year", "year": "year",
    "annum": "year", "y": "year",
}  # fmt: skip
RATE_RE = re.compile(
    r"(?:\s+of\s+[\w₂.-]+)?"  # 4 tonnes of CO2 a year
    r"\s*(?:/|\bper\s+|\ban?\s+|\beach\s+|\bevery\s+)"
    rf"({'|'.join(sorted(PER_TIME, key=len, reverse=True))})\b"
    r"(?!\s+(?:after|before|earlier|later|ago|of|in\s+which|when|that)\b)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class UnitHit:
    """A unit found next to a number: normalised unit, its kind and where it ends."""

    unit: str
    kind: str
    end: int


def currency_before(text: str, start: int) -> tuple[str, int] | None:
    """ISO code and start offset of a currency sign or code written just before start."""
    m = CURRENCY_BEFORE.search(text[max(0, start - 6) : start])
    if m is None:
        return None
    sign = m.group(1) or m.group(2)
    return CURRENCY_SIGNS[sign], start - len(m.group())


def unit_after(text: str, end: int) -> UnitHit | None:
    """The written unit that follows a number ending at end."""
    for rx, unit, kind in UNIT_RES:
        m = rx.match(text, end)
        if m is not None:
            return UnitHit(unit, kind, m.end())
    return None


def rate_after(text: str, end: int) -> tuple[str, int] | None:
    """The time a rate is counted per ("per day", "a year", "/h") right after offset end, and
    where it ends."""
    m = RATE_RE.match(text, end)
    if m is None:
        return None
    word = m.group(1).lower()
    if m.group().lstrip().lower().startswith(("a ", "an ", "each", "every")) and len(word) < 3:
        return None  # "a d", "a y": not a time
    return PER_TIME[word], m.end()


def is_plural_noun(word: str) -> bool:
    """Whether a word looks like a plural noun."""
    low = word.lower()
    if low in IRREGULAR:
        return True
    return (
        low.endswith("s")
        and not low.endswith(("ss", "us", "is", "'s", "’s"))
        and (low not in STOP and len(low) > 2)
    )


def count_noun(text: str, end: int, single: bool = False) -> UnitHit | None:
    """The count noun after a number ('74 border communities' -> 'communities')."""
    pos, last = end, None
    for _ in range(4):
        m = WORD_RE.match(text, pos)
        if m is None or m.group(1).lower() in STOP:
            break
        word = m.group(1)
        if is_plural_noun(word):
            return UnitHit(word, "count", m.end())
        if single and word.lower().endswith("ed"):
            break
        pos, last = m.end(), UnitHit(word, "count", m.end())
    return last if single else None
