"""Scale words keep their meaning; unknown words and nouns foreign to a measure are refused."""

import pytest

from app.units import UnknownUnitError, convert, parse_unit
from app.units.nouns import accepted, fits, is_noun_entry, lemma, misfit

# Every spelling newsrooms use, on a count of people: the factor 1 "<spelling> people" is worth.
SCALED_PEOPLE = {
    "k people": 1e3,
    "K people": 1e3,
    "thousand people": 1e3,
    "m people": 1e6,
    "M people": 1e6,
    "mn people": 1e6,
    "mln people": 1e6,
    "million people": 1e6,
    "bn people": 1e9,
    "bln people": 1e9,
    "b people": 1e9,
    "billion people": 1e9,
    "tn people": 1e12,
    "trillion people": 1e12,
    "lakh people": 1e5,
    "lakhs people": 1e5,
    "lac people": 1e5,
    "crore people": 1e7,
    "cr people": 1e7,
    "dozen people": 12,
    "score people": 20,
    "hundred people": 1e2,
    "tens of people": 10,
    "dozens of people": 12,
    "scores of people": 20,
    "hundreds of people": 1e2,
    "thousands of people": 1e3,
    "lakhs of people": 1e5,
    "tens of thousands of people": 1e4,
    "hundreds of thousands of people": 1e5,
    "millions of people": 1e6,
    "tens of millions of people": 1e7,
    "crores of people": 1e7,
    "billions of people": 1e9,
}


@pytest.mark.parametrize(("unit", "factor"), SCALED_PEOPLE.items())
def test_a_scale_spelling_multiplies_a_count_by_its_meaning(unit: str, factor: float) -> None:
    assert convert(3, unit, "people") == pytest.approx(3 * factor, rel=1e-15)
    assert parse_unit(unit).noun == "people"


@pytest.mark.parametrize(
    ("unit", "value", "currency"),
    [
        ("m USD", 3e6, "USD"),
        ("k $", 3e3, "USD"),
        ("bn dollars", 3e9, "USD"),
        ("crore rupees", 3e7, "INR"),
        ("cr INR", 3e7, "₹"),
        ("lakh Rs", 3e5, "INR"),
    ],
)
def test_an_abbreviated_scale_before_money_multiplies_it(
    unit: str, value: float, currency: str
) -> None:
    assert convert(3, unit, currency) == value


@pytest.mark.parametrize(
    ("unit", "expression"),
    [
        ("m", "meter"),
        ("mm", "millimeter"),
        ("km", "kilometer"),
        ("m per s", "meter / second"),
        ("b", "barn"),
        ("K", "kelvin"),
        ("per cent", "percent"),
        ("percent", "percent"),
        ("pct", "percent"),
        ("thousand square kilometres", "kilometer ** 2 * thousand"),
    ],
)
def test_an_abbreviation_is_a_scale_only_before_a_count_noun_or_money(
    unit: str, expression: str
) -> None:
    assert parse_unit(unit).expression == expression


@pytest.mark.parametrize("unit", ["m tonnes", "k km", "b hours", "dozen", "lakh", "tens of"])
def test_an_abbreviated_scale_before_another_unit_or_alone_is_refused(unit: str) -> None:
    with pytest.raises(UnknownUnitError):
        parse_unit(unit)


@pytest.mark.parametrize("word", ["xk", "zz", "q", "mb", "5k", "k5"])
def test_an_unknown_short_word_before_a_count_noun_is_named(word: str) -> None:
    with pytest.raises(UnknownUnitError) as caught:
        parse_unit(f"{word} people")
    assert str(caught.value) == f"unknown unit '{word} people': unknown word '{word}'"
    assert caught.value.word == word


@pytest.mark.parametrize(
    "unit", ["five people", "thousands people", "hundreds people", "people thousand"]
)
def test_a_number_or_misplaced_scale_word_is_not_a_modifier(unit: str) -> None:
    with pytest.raises(UnknownUnitError, match=r"^unknown unit '[^']*'$"):
        parse_unit(unit)


@pytest.mark.parametrize(
    "unit",
    [
        "Russian soldiers",
        "pro-Russian fighters",
        "US troops",
        "UN staff",
        "internally displaced people",
    ],
)
def test_words_of_three_letters_or_more_and_country_abbreviations_qualify_a_count_noun(
    unit: str,
) -> None:
    assert parse_unit(unit).dimension == "count"


@pytest.mark.parametrize(
    ("noun", "singular"),
    [("people", "person"), ("casualties", "casualty"), ("houses", "house"), ("buses", "bus")],
)
def test_a_count_noun_has_one_singular(noun: str, singular: str) -> None:
    assert lemma(noun) == singular


@pytest.mark.parametrize(
    ("noun", "measure_noun", "listed", "expected"),
    [
        ("civilians", "people", [], True),
        ("soldiers", "people", [], True),
        ("tanks", "people", [], False),
        ("households", "people", [], False),
        ("count", "people", [], True),
        ("items", "villages", [], True),
        ("tanks", "count", [], True),
        ("settlements", "communities", [], True),
        ("households", "people", ["households"], True),
        ("family", "people", ["households"], True),
        ("people", "people", ["households"], True),
        ("civilians", "people", ["households"], False),
        ("civilians", "people", ["persons", "households"], True),
        ("tanks", "count", ["vehicles"], True),
        ("people", "count", ["vehicles"], False),
        (None, "people", [], True),
    ],
)
def test_a_measure_takes_its_unit_class_or_the_nouns_it_lists(
    noun: str | None, measure_noun: str, listed: list[str], expected: bool
) -> None:
    assert fits(noun, measure_noun=measure_noun, listed=listed) is expected


def test_a_misfit_names_the_noun_its_class_and_what_the_measure_takes() -> None:
    assert misfit("tanks", measure_unit="people", listed=[]) == (
        "'tanks' counts vehicles; the measure takes persons (people, individuals, residents, "
        "inhabitants, citizens, civilians, adults, children, …) or a generic count "
        "('count', 'items')"
    )
    assert misfit("Russian tanks", measure_unit="k people", listed=["households"]) == (
        "'tanks' counts vehicles; the measure takes 'people', 'households' or a generic count "
        "('count', 'items')"
    )
    assert misfit("km²", measure_unit="sq mi", listed=[]) is None


def test_listed_nouns_are_count_nouns_or_classes() -> None:
    assert is_noun_entry("Households") and is_noun_entry("persons")
    assert not is_noun_entry("widgets")
    assert accepted(measure_noun="count", listed=["vehicles"]).startswith("'count', 'vehicles'")
