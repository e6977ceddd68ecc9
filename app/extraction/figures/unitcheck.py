"""Whether the project's unit parser (app.units, when installed) reads a unit string.

A count noun it does not know ("outbuildings") is reported as the unit "count", so that
every figure's unit can be stored; the words themselves stay in the figure's text. Without
app.units every unit is taken as readable.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def readable(unit: str) -> bool:
    """Whether app.units.parse_unit reads unit (True when app.units is absent)."""
    try:
        from app.units import UnitError, parse_unit
    except ImportError:
        return True
    try:
        parse_unit(unit)
    except UnitError:
        return False
    return True


def count_unit(noun: str) -> str:
    """The unit string for a count of noun: the noun if readable, else 'count'."""
    return noun if readable(noun) else "count"
