"""Parse a unit as written in the news into a pint expression, a symbol and a dimension."""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from app.units.errors import UnknownUnitError
from app.units.grammar import Reading, read, unknown_word
from app.units.registry import dimension_name, ureg

_MAX_LENGTH = 64


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit as written, how it was read, and the count noun it ends in, lower-cased."""

    written: str
    expression: str
    symbol: str
    dimension: str
    noun: str | None = None


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> Unit:
    """Read a unit; case, surrounding spaces and trailing dots do not matter."""
    written = text.strip()
    reading = _read(written)
    unit = ureg.parse_units(reading.expression)
    return Unit(
        written=written,
        expression=str(unit),
        symbol=reading.symbol,
        dimension=dimension_name(unit),
        noun=reading.noun,
    )


def dimension_of(text: str) -> str:
    """The human name of the dimension of a unit as written."""
    return parse_unit(text).dimension


def _read(written: str) -> Reading:
    """Read stripped text as a unit, or raise UnknownUnitError."""
    if not _is_plausible(written):
        raise UnknownUnitError(written)
    normalised = _normalise(written)
    reading = read(normalised)
    if reading is None:
        raise UnknownUnitError(written, word=unknown_word(normalised))
    return reading


def _is_plausible(written: str) -> bool:
    """Whether the text is short enough for a unit and free of control characters."""
    return len(written) <= _MAX_LENGTH and not any(
        unicodedata.category(character).startswith("C") for character in written
    )


def _normalise(written: str) -> str:
    """Compatibility forms unfolded (² to 2), single spaces, trailing dots dropped."""
    return " ".join(unicodedata.normalize("NFKC", written).split()).rstrip(". ")
