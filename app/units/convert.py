"""Convert values between units of the same dimension."""

from collections.abc import Callable
from functools import lru_cache

from app.units.errors import IncompatibleUnitsError
from app.units.parse import parse_unit
from app.units.registry import ureg


@lru_cache(maxsize=1024)
def converter(source: str, target: str) -> Callable[[float], float]:
    """A function taking values in the source unit to the target unit."""
    source_unit, target_unit = parse_unit(source), parse_unit(target)
    if source_unit.dimension != target_unit.dimension:
        raise IncompatibleUnitsError(
            unit=source_unit.written,
            target=target_unit.written,
            unit_dimension=source_unit.dimension,
            target_dimension=target_unit.dimension,
        )
    source_units = ureg.parse_units(source_unit.expression)
    target_units = ureg.parse_units(target_unit.expression)

    def convert_value(value: float) -> float:
        """The value in the target unit."""
        return float(ureg.Quantity(value, source_units).m_as(target_units))

    if source_unit.expression == target_unit.expression:
        return _identity
    # A factor serves only when neither end has an offset: kelvin -> °C is not a multiple.
    if all(ureg.Quantity(1, units)._ok_for_muldiv() for units in (source_units, target_units)):
        return _scaled(convert_value(1.0))
    return convert_value


def _identity(value: float) -> float:
    """The value unchanged (same unit)."""
    return float(value)


def _scaled(factor: float) -> Callable[[float], float]:
    """Multiplication by a constant: every conversion except offset scales (temperatures)."""

    def scale(value: float) -> float:
        """The value times the factor."""
        return float(value * factor)

    return scale


def convert(value: float, source: str, target: str) -> float:
    """A value in the source unit, expressed in the target unit."""
    return converter(source, target)(value)
