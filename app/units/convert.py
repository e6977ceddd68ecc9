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
        return float(ureg.Quantity(value, source_units).m_as(target_units))

    return convert_value


def convert(value: float, source: str, target: str) -> float:
    """A value in the source unit, expressed in the target unit."""
    return converter(source, target)(value)
