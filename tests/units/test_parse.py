"""Reading units as journalists write them, and converting between them."""

import dataclasses
import math
from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.units import (
    IncompatibleUnitsError,
    Unit,
    UnitError,
    UnknownUnitError,
    convert,
    converter,
    dimension_of,
    parse_unit,
)
from app.units.vocabulary import COUNT_NOUNS

KM2 = ("kilometer ** 2", "km²", "area")
M2 = ("meter ** 2", "m²", "area")
MI2 = ("mile ** 2", "mi²", "area")
HA = ("hectare", "ha", "area")
ACRE = ("acre", "acre", "area")
FT2 = ("foot ** 2", "ft²", "area")
KM = ("kilometer", "km", "length")
MI = ("mile", "mi", "length")
M = ("meter", "m", "length")
HOUR = ("hour", "h", "time")
DAY = ("day", "d", "time")
TONNE = ("metric_ton", "t", "mass")
TON = ("ton", "ton", "mass")
KG = ("kilogram", "kg", "mass")
LITRE = ("liter", "l", "volume")
M3 = ("meter ** 3", "m³", "volume")
PERCENT = ("percent", "%", "percentage")
POINTS = ("percentage_point", "pp", "percentage point")
PERMILLE = ("permille", "‰", "percentage")
COUNT = ("count", "count", "count")
CELSIUS = ("degree_Celsius", "°C", "temperature")
FAHRENHEIT = ("degree_Fahrenheit", "°F", "temperature")
KMH = ("kilometer / hour", "km/h", "speed")


def currency(code: str) -> tuple[str, str, str]:
    """How a currency reads: its code, twice, and a dimension of its own."""
    return (code, code, f"currency:{code}")


ACCEPTED: dict[str, tuple[str, str, str]] = {
    # area
    "km²": KM2,
    "km2": KM2,
    "km^2": KM2,
    "km**2": KM2,
    "km 2": KM2,
    "sq km": KM2,
    "sq. km": KM2,
    "sqkm": KM2,
    "square km": KM2,
    "square kilometres": KM2,
    "square kilometers": KM2,
    "square kilometre": KM2,
    "km squared": KM2,
    "㎢": KM2,
    "m²": M2,
    "square metres": M2,
    "sq m": M2,
    "sq mi": MI2,
    "sq. mi.": MI2,
    "sqmi": MI2,
    "mi²": MI2,
    "square miles": MI2,
    "square mile": MI2,
    "hectares": HA,
    "hectare": HA,
    "ha": HA,
    "acres": ACRE,
    "acre": ACRE,
    "sq ft": FT2,
    "sq. ft.": FT2,
    "square feet": FT2,
    "square nautical miles": ("nautical_mile ** 2", "nmi²", "area"),
    # length
    "km": KM,
    "kilometres": KM,
    "kilometers": KM,
    "miles": MI,
    "mi": MI,
    "metres": M,
    "m": M,
    "feet": ("foot", "ft", "length"),
    "nautical miles": ("nautical_mile", "nmi", "length"),
    # time
    "hours": HOUR,
    "h": HOUR,
    "days": DAY,
    "minutes": ("minute", "min", "time"),
    "years": ("year", "a", "time"),
    # mass
    "tonnes": TONNE,
    "t": TONNE,
    "metric tons": TONNE,
    "tons": TON,
    "kg": KG,
    "kilograms": KG,
    "pounds": ("pound", "lb", "mass"),
    # volume
    "litres": LITRE,
    "liters": LITRE,
    "cubic metres": M3,
    "cu m": M3,
    "m³": M3,
    "m3": M3,
    "barrels": ("barrel", "bbl", "volume"),
    # speed, energy, power
    "km/h": KMH,
    "km per hour": KMH,
    "miles per hour": ("mile / hour", "mi/h", "speed"),
    "mph": ("mile_per_hour", "mph", "speed"),
    "knots": ("knot", "kn", "speed"),
    "MW": ("megawatt", "MW", "power"),
    "mW": ("milliwatt", "mW", "power"),
    "GWh": ("gigawatt_hour", "GWh", "energy"),
    "kilowatt hours": ("kilowatt_hour", "kWh", "energy"),
    "Mt": ("megametric_ton", "Mt", "mass"),
    # temperature
    "°C": CELSIUS,
    "℃": CELSIUS,
    "C": CELSIUS,
    "celsius": CELSIUS,
    "degrees Celsius": CELSIUS,
    "°F": FAHRENHEIT,
    "F": FAHRENHEIT,
    "degrees Fahrenheit": FAHRENHEIT,
    # percentages
    "%": PERCENT,
    "％": PERCENT,
    "percent": PERCENT,
    "per cent": PERCENT,
    "pct": PERCENT,
    "‰": PERMILLE,
    "per mille": PERMILLE,
    "percentage points": POINTS,
    "percentage point": POINTS,
    "pp": POINTS,
    "p.p.": POINTS,
    # currencies
    "$": currency("USD"),
    "USD": currency("USD"),
    "US$": currency("USD"),
    "US dollars": currency("USD"),
    "dollars": currency("USD"),
    "dollar": currency("USD"),
    "€": currency("EUR"),
    "EUR": currency("EUR"),
    "euros": currency("EUR"),
    "£": currency("GBP"),
    "GBP": currency("GBP"),
    "pounds sterling": currency("GBP"),
    "sterling": currency("GBP"),
    "roubles": currency("RUB"),
    "rubles": currency("RUB"),
    "RUB": currency("RUB"),
    "₽": currency("RUB"),
    "hryvnias": currency("UAH"),
    "hryvnia": currency("UAH"),
    "UAH": currency("UAH"),
    "₴": currency("UAH"),
    # counts
    "count": COUNT,
    "people": COUNT,
    "communities": COUNT,
    "Russian soldiers": COUNT,
    "civilian casualties": COUNT,
    "Ukrainian troops": COUNT,
    "pro-Russian fighters": COUNT,
    "internally displaced people": COUNT,
    "buses": COUNT,
    "bus": COUNT,
    # scales
    "thousand people": ("count * thousand", "thousand count", "count"),
    "million people": ("count * million", "million count", "count"),
    "hundred thousand people": ("count * hundred * thousand", "hundred thousand count", "count"),
    "billion dollars": ("USD * billion", "billion USD", "currency:USD"),
    "million USD": ("USD * million", "million USD", "currency:USD"),
    "billion cubic metres": ("billion * meter ** 3", "billion m³", "volume"),
    "thousand square kilometres": ("kilometer ** 2 * thousand", "thousand km²", "area"),
    # quotients without a name of their own
    "people per sq km": ("count / kilometer ** 2", "count/km²", "[count] / [length] ** 2"),
    "deaths per day": ("count / day", "count/d", "[count] / [time]"),
    "$ per barrel": ("USD / barrel", "USD/bbl", "[currency_USD] / [length] ** 3"),
    "radians": ("radian", "rad", "dimensionless"),
}

# The count nouns the brief names; each must read as a count, singular and plural.
NAMED_COUNT_NOUNS = """
    people person persons individuals residents inhabitants civilians soldiers troops servicemen
    fighters militants prisoners POWs hostages casualties deaths dead killed wounded injured
    victims refugees evacuees migrants children women men communities settlements villages
    towns cities localities districts homes houses buildings apartments households families
    tanks vehicles drones missiles shells rockets aircraft helicopters ships boats units cases
    votes voters jobs protesters demonstrators marchers participants attendees arrests incidents
    attacks strikes airstrikes explosions employees workers students patients doctors beds
    doses schools hospitals bridges trucks
    person soldier troop fighter militant prisoner POW hostage casualty death victim refugee
    evacuee migrant child woman man community settlement village town city locality district
    home house building apartment household family tank vehicle drone missile shell rocket
    helicopter ship boat unit case vote voter job protester demonstrator marcher participant
    attendee arrest incident attack strike airstrike explosion employee worker student patient
    doctor bed dose school hospital bridge truck
""".split()  # noqa: SIM905 - a word list reads better as text

REJECTED = {
    "blorps": "unknown unit 'blorps'",
    "km^^2": "unknown unit 'km^^2'",
    "": "unknown unit ''",
    "   ": "unknown unit ''",
    ".": "unknown unit '.'",
    "5": "unknown unit '5'",
    "40C": "unknown unit '40C'",
    "km\x00": "unknown unit 'km\\x00'",
    "k\x1bm": "unknown unit 'k\\x1bm'",
    "km\u200b": "unknown unit 'km\\u200b'",
    "x" * 65: f"unknown unit '{'x' * 64}…'",
    "thousand": "unknown unit 'thousand'",
    "thousands": "unknown unit 'thousands'",
    "Russian thousand people": "unknown unit 'Russian thousand people'",
    "square": "unknown unit 'square'",
    "km/": "unknown unit 'km/'",
    "km/h/s": "unknown unit 'km/h/s'",
    "9**9**9**9": "unknown unit '9**9**9**9'",
    "m ** 2 ** 2 ** 2 ** 2": "unknown unit 'm ** 2 ** 2 ** 2 ** 2'",
    "a b c": "unknown unit 'a b c'",
    "m(1)": "unknown unit 'm(1)'",
    "degreeC": "unknown unit 'degreeC'",
    "thousand °C": "unknown unit 'thousand °C'",
    "celsius per hour": "unknown unit 'celsius per hour'",
    "square celsius": "unknown unit 'square celsius'",
    "it's": 'unknown unit "it\'s"',
}

INCOMPATIBLE = {
    ("hours", "km²"): ("time", "area", "cannot convert 'hours' (time) to 'km²' (area)"),
    ("%", "percentage points"): (
        "percentage",
        "percentage point",
        "cannot convert '%' (percentage) to 'percentage points' (percentage point)",
    ),
    ("$", "€"): (
        "currency:USD",
        "currency:EUR",
        "cannot convert '$' (currency:USD) to '€' (currency:EUR)",
    ),
    ("pounds", "£"): (
        "mass",
        "currency:GBP",
        "cannot convert 'pounds' (mass) to '£' (currency:GBP)",
    ),
    ("people", "%"): ("count", "percentage", "cannot convert 'people' (count) to '%' (percentage)"),
    ("km", "sq km"): ("length", "area", "cannot convert 'km' (length) to 'sq km' (area)"),
    ("radians", "%"): (
        "dimensionless",
        "percentage",
        "cannot convert 'radians' (dimensionless) to '%' (percentage)",
    ),
}

EXACT_CONVERSIONS = [
    (1, "sq mi", "km²", 2.589988110336),
    (1, "square miles", "sq km", 2.589988110336),
    (1, "ha", "km²", 0.01),
    (1, "hectares", "square kilometres", 0.01),
    (1, "acres", "km²", 0.0040468564224),
    (1, "km²", "hectares", 100.0),
    (1, "sq ft", "m²", 0.09290304),
    (1, "miles", "km", 1.609344),
    (1, "km", "metres", 1000.0),
    (2, "days", "hours", 48.0),
    (1, "tonnes", "kg", 1000.0),
    (1, "tons", "kg", 907.18474),
    (1, "litres", "m³", 0.001),
    (1, "percent", "%", 1.0),
    (5, "per mille", "%", 0.5),
    (3, "percentage points", "pp", 3.0),
    (7, "soldiers", "count", 7.0),
    (7, "villages", "communities", 7.0),
    (3, "thousand people", "people", 3000.0),
    (2.5, "million people", "thousand people", 2500.0),
    (2, "billion dollars", "USD", 2e9),
    (1500, "million USD", "billion dollars", 1.5),
    (1, "hundred thousand people", "count", 1e5),
    (100, "°C", "°F", 212.0),
    (212, "fahrenheit", "celsius", 100.0),
    (298.15, "kelvin", "°C", 25.0),  # kelvin has no offset, °C has: no factor serves
    (25, "°C", "K", 298.15),
    (36, "km/h", "m/s", 10.0),
]

# Spellings of one dimension, for conversions that must round-trip.
COMPATIBLE_GROUPS = [
    ["km²", "sq mi", "hectares", "acres", "sq ft", "square metres", "thousand square kilometres"],
    ["km", "miles", "metres", "feet", "nautical miles"],
    ["hours", "days", "minutes", "years"],
    ["tonnes", "tons", "kg", "pounds", "Mt"],
    ["litres", "cubic metres", "barrels", "billion cubic metres"],
    ["%", "percent", "per mille"],
    ["count", "people", "Russian soldiers", "thousand people", "million people"],
    ["$", "US dollars", "billion dollars", "million USD"],
    ["°C", "°F", "kelvin"],
    ["km/h", "mph", "knots", "miles per hour"],
]


@pytest.mark.parametrize(("spelling", "reading"), ACCEPTED.items())
def test_accepted_spelling_reads_as_its_expression_symbol_and_dimension(
    spelling: str, reading: tuple[str, str, str]
) -> None:
    unit = parse_unit(spelling)
    assert (unit.expression, unit.symbol, unit.dimension) == reading
    assert unit.written == spelling


# Pint symbols whose case picks the unit: megawatt and milliwatt, megatonne and millitonne.
CASE_SENSITIVE = {"MW", "mW", "GWh", "Mt"}


@pytest.mark.parametrize("change_case", [str.upper, str.title, str.lower])
def test_case_does_not_change_a_reading(change_case: Callable[[str], str]) -> None:
    differing = {
        spelling
        for spelling in ACCEPTED.keys() - CASE_SENSITIVE
        if _reading(parse_unit(change_case(spelling))) != _reading(parse_unit(spelling))
    }
    assert differing == set()


@pytest.mark.parametrize("dress", ["  {}\t", "{}.", "{} . ", "\n{}.."])
def test_surrounding_spaces_and_trailing_dots_do_not_change_a_reading(dress: str) -> None:
    differing = {
        spelling
        for spelling in ACCEPTED
        if _reading(parse_unit(dress.format(spelling))) != _reading(parse_unit(spelling))
    }
    assert differing == set()


def _reading(unit: Unit) -> tuple[str, str, str]:
    """The parts of a unit that must not depend on how it was cased or spaced."""
    return unit.expression, unit.symbol, unit.dimension


def test_written_is_the_text_as_given_without_surrounding_spaces() -> None:
    assert parse_unit("  Sq. Km.  ").written == "Sq. Km."


def test_pint_symbols_keep_their_case_when_case_changes_the_unit() -> None:
    assert parse_unit("MW").expression == "megawatt"
    assert parse_unit("mW").expression == "milliwatt"


@pytest.mark.parametrize("noun", NAMED_COUNT_NOUNS)
def test_named_count_noun_is_a_count(noun: str) -> None:
    assert _reading(parse_unit(noun)) == COUNT


def test_every_count_noun_in_the_vocabulary_is_a_count() -> None:
    assert {noun for noun in COUNT_NOUNS if dimension_of(noun) != "count"} == set()


def test_count_nouns_convert_one_to_one() -> None:
    assert convert(74, "communities", "settlements") == 74
    assert convert(74, "Ukrainian troops", "count") == 74


def test_a_scale_word_makes_the_converter_multiply() -> None:
    assert converter("thousand people", "people")(4) == 4000
    assert converter("people", "million people")(3_000_000) == 3


@pytest.mark.parametrize(("text", "message"), REJECTED.items())
def test_unreadable_text_is_an_unknown_unit_named_as_written(text: str, message: str) -> None:
    with pytest.raises(UnknownUnitError) as caught:
        parse_unit(text)
    assert str(caught.value) == message
    assert caught.value.unit == text.strip()


def test_unit_errors_are_value_errors() -> None:
    assert issubclass(UnknownUnitError, UnitError)
    assert issubclass(IncompatibleUnitsError, UnitError)
    assert issubclass(UnitError, ValueError)


def test_a_unit_of_sixty_four_characters_is_read_and_one_more_is_not() -> None:
    longest = "x" * 55 + " soldiers"
    assert len(longest) == 64
    assert dimension_of(longest) == "count"
    with pytest.raises(UnknownUnitError):
        parse_unit("x" + longest)


@pytest.mark.parametrize(("units", "expected"), INCOMPATIBLE.items())
def test_converting_across_dimensions_names_both_units_and_dimensions(
    units: tuple[str, str], expected: tuple[str, str, str]
) -> None:
    source, target = units
    with pytest.raises(IncompatibleUnitsError) as caught:
        converter(source, target)
    error = caught.value
    assert (error.unit_dimension, error.target_dimension, str(error)) == expected
    assert (error.unit, error.target) == (source, target)


@pytest.mark.parametrize(("source", "target"), [("blorps", "km"), ("km", "blorps")])
def test_converting_an_unknown_unit_names_it(source: str, target: str) -> None:
    with pytest.raises(UnknownUnitError, match="unknown unit 'blorps'"):
        convert(1.0, source, target)


@pytest.mark.parametrize(("value", "source", "target", "expected"), EXACT_CONVERSIONS)
def test_conversion_is_correct_to_float_precision(
    value: float, source: str, target: str, expected: float
) -> None:
    assert convert(value, source, target) == pytest.approx(expected, rel=1e-15, abs=1e-15)


def test_conversion_returns_a_float() -> None:
    assert type(convert(3, "km", "km")) is float


def test_parse_unit_and_converter_are_cached() -> None:
    assert parse_unit("sq km") is parse_unit("sq km")
    assert converter("sq mi", "km²") is converter("sq mi", "km²")


def test_dimension_of_names_the_dimension() -> None:
    assert dimension_of("square miles") == "area"
    assert dimension_of("₴") == "currency:UAH"


def test_unit_is_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        parse_unit("km").symbol = "mi"  # type: ignore[misc]


@given(
    st.sampled_from(COMPATIBLE_GROUPS).flatmap(
        lambda group: st.tuples(st.sampled_from(group), st.sampled_from(group))
    ),
    st.floats(min_value=-1e9, max_value=1e9),
)
def test_conversion_round_trips_between_compatible_units(
    units: tuple[str, str], value: float
) -> None:
    source, target = units
    there = convert(value, source, target)
    assert math.isclose(convert(there, target, source), value, rel_tol=1e-12, abs_tol=1e-9)


@given(st.sampled_from(sorted(ACCEPTED)), st.sampled_from(sorted(ACCEPTED)))
def test_units_convert_exactly_when_their_dimensions_are_the_same(source: str, target: str) -> None:
    same_dimension = dimension_of(source) == dimension_of(target)
    try:
        converter(source, target)
    except IncompatibleUnitsError:
        assert not same_dimension
    else:
        assert same_dimension


UNIT_WORDS = ["km", "sq", "square", "per", "/", "^", "2", "thousand", "people", "$", "°C", "."]


@given(
    st.one_of(
        st.text(max_size=70),
        st.lists(st.sampled_from(UNIT_WORDS), max_size=5).map(" ".join),
        st.lists(st.sampled_from(UNIT_WORDS), max_size=5).map("".join),
    )
)
@example(" sq km ")
@example("km per hour")
@example("thousand people")
@example("square per")
def test_any_text_reads_as_a_unit_or_raises_unknown_unit(text: str) -> None:
    try:
        unit = parse_unit(text)
    except UnknownUnitError:
        return
    # Only parsing is allowed to refuse; what it accepts must hold up.
    assert unit.written == text.strip()
    assert converter(text, text)(1.5) == pytest.approx(1.5)


@pytest.mark.parametrize("text", [" sq km ", "km per hour", "thousand people", "$"])
def test_unit_words_from_the_property_parse(text: str) -> None:
    """The property above reaches its assertions: these inputs from its strategy parse."""
    assert parse_unit(text).written == text.strip()
