"""The one pint registry, with the dimensions news figures need and human names for them."""

from pathlib import Path

import pint

from app.units.vocabulary import CURRENCIES, SCALES

_PINT_DEFAULTS = Path(pint.__file__).parent / "default_en.txt"

# Pint makes count and percent dimensionless, which would let "5 people" convert to "5 %";
# each gets a dimension of its own here, and the other fractions follow percent.
# Pint's acre is the US survey acre; news means the international one, 43,560 square feet.
_DEFINITIONS = (
    "count = [count]",
    "percent = [percentage] = %",
    "permille = 0.1 * percent = ‰",
    "ppm = 1e-4 * percent",
    "percentage_point = [percentage_point]",
    "acre = 43560 * foot ** 2",
    *(f"{code} = [currency_{code}]" for code in CURRENCIES),
    *(f"{word} = {factor:g}" for word, factor in SCALES.items()),
)

_NAMED_DIMENSIONS = (
    "length",
    "area",
    "volume",
    "time",
    "mass",
    "speed",
    "temperature",
    "energy",
    "power",
    "count",
    "percentage",
    "percentage_point",
)


def _build_registry() -> pint.UnitRegistry[float]:
    """Pint's default units, then ours on top of them."""
    registry: pint.UnitRegistry[float] = pint.UnitRegistry(None, on_redefinition="ignore")
    registry.load_definitions(_PINT_DEFAULTS)
    for definition in _DEFINITIONS:
        registry.define(definition)
    return registry


ureg = _build_registry()

_DIMENSION_NAMES = {
    pint.util.UnitsContainer(): "dimensionless",
    **{ureg.get_dimensionality(f"[{name}]"): name.replace("_", " ") for name in _NAMED_DIMENSIONS},
    **{ureg.get_dimensionality(f"[currency_{code}]"): f"currency:{code}" for code in CURRENCIES},
}


def dimension_name(unit: pint.Unit) -> str:
    """The human name of a unit's dimension, or pint's formula when it has none."""
    dimensionality = unit.dimensionality
    return _DIMENSION_NAMES.get(dimensionality, str(dimensionality))
