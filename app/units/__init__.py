"""Units as journalists write them, read with pint and converted between."""

from app.units.convert import convert, converter
from app.units.errors import IncompatibleUnitsError, UnitError, UnknownUnitError
from app.units.parse import Unit, dimension_of, parse_unit

__all__ = [
    "IncompatibleUnitsError",
    "Unit",
    "UnitError",
    "UnknownUnitError",
    "convert",
    "converter",
    "dimension_of",
    "parse_unit",
]
