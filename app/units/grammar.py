"""How the words of a unit become a pint expression: scales, counts, powers and quotients."""

import re
from collections.abc import Callable
from typing import NamedTuple

import pint

from app.units.registry import ureg
from app.units.vocabulary import (
    CONTEXT_SCALES,
    COUNT_NOUNS,
    CURRENCIES,
    FIXED,
    NUMBER_WORDS,
    SCALE_PLURALS,
    SCALE_SPELLINGS,
    SCALES,
    SHORT_MODIFIERS,
    SYMBOLS,
    TEMPERATURES,
)

_NOT_MODIFIERS = (
    frozenset((*SCALES, *SCALE_SPELLINGS, *CONTEXT_SCALES, *SCALE_PLURALS)) | NUMBER_WORDS
)
_MODIFIER_LETTERS = 3


class Reading(NamedTuple):
    """A pint expression of pint's own unit names, its symbol, and the count noun if any."""

    expression: str
    symbol: str
    noun: str | None = None


class Scales(NamedTuple):
    """The scales leading a unit, whether one is an abbreviation that needs context, the rest."""

    names: list[str]
    contextual: bool
    rest: str


_WORD = re.compile(r"[^\W\d_]+(?:_[^\W\d_]+)*")
_MODIFIER = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_QUOTIENT = re.compile(r"\s*/\s*|\s+per\s+", re.IGNORECASE)
_POWER_WORD = re.compile(r"(?P<power>square|sq|cubic|cu)(?:\.\s*|\s+)(?P<base>.+)", re.IGNORECASE)
_POWER_GLUED = re.compile(r"(?P<power>sq|cu)(?P<base>[a-z]{1,2})", re.IGNORECASE)
_POWER_SUFFIX = re.compile(
    r"(?P<base>.+?)\s*(?:\^|\*\*)?\s*(?P<power>[23]|squared|cubed)", re.IGNORECASE
)
_POWERS = {"square": 2, "sq": 2, "squared": 2, "2": 2, "cubic": 3, "cu": 3, "cubed": 3, "3": 3}
_SUPERSCRIPTS = {2: "²", 3: "³"}


def read(text: str) -> Reading | None:
    """Read normalised text as a unit, or None when it is not one."""
    if text.lower() in TEMPERATURES:
        return Reading(*TEMPERATURES[text.lower()])
    scales = _split_scales(text)
    reading = _read_unscaled(scales.rest)
    if scales.contextual and (reading is None or not _counts_or_money(reading)):
        return _read_unscaled(text)
    if reading is None or not scales.names:
        return reading
    return Reading(
        " * ".join((*scales.names, reading.expression)),
        " ".join((*scales.names, reading.symbol)),
        reading.noun,
    )


def _split_scales(text: str) -> Scales:
    """The scales leading the text ("k", "million", "tens of"), and the words after them."""
    words = text.split(" ")
    names: list[str] = []
    contextual, at = False, 0
    while at < len(words) - 1:
        word, after = words[at].lower(), words[at + 1].lower()
        if after == "of" and word in SCALE_PLURALS and at + 2 < len(words):
            names.append(SCALE_PLURALS[word])
            at += 2
        elif word in SCALE_SPELLINGS or word in CONTEXT_SCALES:
            names.append(SCALE_SPELLINGS.get(word) or CONTEXT_SCALES[word])
            contextual = contextual or word in CONTEXT_SCALES
            at += 1
        else:
            break
    return Scales(names, contextual, " ".join(words[at:]))


def _counts_or_money(reading: Reading) -> bool:
    """Whether a reading is a count noun or a currency, which "m" or "k" before it may scale."""
    return reading.noun is not None or reading.expression in CURRENCIES


def unknown_word(text: str) -> str | None:
    """The word unknown to claimtrack that keeps text ending in a count noun from being a count.

    Scale and number words are known, only misplaced ("Russian thousand people"): None.
    """
    *modifiers, noun = _split_scales(text).rest.lower().split(" ")
    if noun not in COUNT_NOUNS:
        return None
    unread = (word for word in modifiers if not _is_modifier(word))
    return next((word for word in unread if word not in _NOT_MODIFIERS), None)


def _read_unscaled(text: str) -> Reading | None:
    """Read a unit or a quotient of two units, without scale words."""
    parts = [text] if text.lower() in FIXED else _QUOTIENT.split(text, maxsplit=1)
    if len(parts) == 1:
        return _read_term(text)
    numerator, denominator = _read_term(parts[0]), _read_term(parts[1])
    if numerator is None or denominator is None:
        return None
    return Reading(
        f"({numerator.expression}) / ({denominator.expression})",
        f"{numerator.symbol}/{denominator.symbol}",
    )


def _read_term(text: str) -> Reading | None:
    """Read one unit: a fixed spelling, a count, a pint name, or a power of one."""
    for reader in _TERM_READERS:
        reading = reader(text)
        if reading is not None:
            return reading
    return None


def _read_fixed(text: str) -> Reading | None:
    """Read a currency or percentage spelling."""
    fixed = FIXED.get(text.lower())
    return None if fixed is None else Reading(*fixed)


def _read_count(text: str) -> Reading | None:
    """Read a count noun, or a phrase ending in one ("civilian casualties")."""
    *modifiers, noun = text.lower().split(" ")
    if noun not in COUNT_NOUNS or not all(map(_is_modifier, modifiers)):
        return None
    return Reading("count", "count", noun)


def _is_modifier(word: str) -> bool:
    """Whether a word may qualify a count noun ("Russian", "pro-Russian", "US").

    A modifier is a word of letters (inner hyphens and apostrophes allowed) of three letters
    or more, or one of a few two-letter country and body names, and never a scale or number
    word, whose meaning would be lost: "k people", "xk people" and "five people" are not counts.
    """
    if _MODIFIER.fullmatch(word) is None or word in _NOT_MODIFIERS:
        return False
    return word in SHORT_MODIFIERS or sum(map(str.isalpha, word)) >= _MODIFIER_LETTERS


def _read_word(text: str) -> Reading | None:
    """Read a single pint unit name, such as "kilometres" or "MW"."""
    name = _pint_name(text) if _WORD.fullmatch(text) else None
    if name is None or name in SCALES or not _is_multiplicative(name):
        return None
    return Reading(name, format(ureg.Unit(name), "~P"))


def _pint_name(text: str) -> str | None:
    """Pint's name for a unit name: a known symbol, else as written ("MW"), else lower case."""
    if text.lower() in SYMBOLS:
        return SYMBOLS[text.lower()]
    for candidate in dict.fromkeys((text, text.lower())):
        try:
            return ureg.get_name(candidate)
        except pint.UndefinedUnitError:
            continue
    return None


def _is_multiplicative(name: str) -> bool:
    """Whether zero of the unit is zero of its base units (not so for °C or decibels)."""
    return bool(ureg.Quantity(0.0, name).to_base_units().magnitude == 0)


def _read_power(text: str) -> Reading | None:
    """Read a squared or cubed unit: "sq km", "sqkm", "square miles", "km²", "km^2", "m3"."""
    match = (
        _POWER_WORD.fullmatch(text) or _POWER_GLUED.fullmatch(text) or _POWER_SUFFIX.fullmatch(text)
    )
    if match is None:
        return None
    base = _read_word(match["base"]) or _read_compound_name(match["base"])
    if base is None:
        return None
    power = _POWERS[match["power"].lower()]
    return Reading(f"{base.expression} ** {power}", f"{base.symbol}{_SUPERSCRIPTS[power]}")


def _read_compound_name(text: str) -> Reading | None:
    """Read a pint unit name written as words ("metric tons", "nautical miles")."""
    return _read_word("_".join(text.split(" "))) if " " in text else None


_TERM_READERS: tuple[Callable[[str], Reading | None], ...] = (
    _read_fixed,
    _read_count,
    _read_word,
    _read_power,
    _read_compound_name,
)
