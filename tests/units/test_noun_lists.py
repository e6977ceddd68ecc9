"""Count nouns: which words qualify one, what a measure may list, how a message shows a class.

Found by mutation testing of app/units (tests/MUTATION.md).
"""

import pytest

from app.units import UnitError, parse_unit
from app.units.nouns import accepted, is_noun_entry


@pytest.mark.parametrize("unit", ["new tanks", "ISW tanks", "Kyiv soldiers", "US soldiers"])
def test_a_word_of_three_letters_or_more_qualifies_a_count_noun(unit: str) -> None:
    read = parse_unit(unit)
    assert (read.dimension, read.noun) == ("count", unit.split()[1])


def test_a_two_letter_word_does_not_unless_it_is_a_known_abbreviation() -> None:
    with pytest.raises(UnitError, match="unknown word 'ab'"):
        parse_unit("ab soldiers")


@pytest.mark.parametrize("entry", ["places", "Places", "HEALTH", "Households", "tanks"])
def test_a_measure_may_list_a_class_name_or_a_count_noun_in_any_case(entry: str) -> None:
    assert is_noun_entry(entry)


def test_a_measure_may_not_list_another_word() -> None:
    assert not is_noun_entry("widgets")


def test_a_small_class_is_shown_whole_and_a_large_one_cut() -> None:
    generic = "or a generic count ('count', 'items')"
    assert accepted(measure_noun="families", listed=None) == (
        f"households (families, households) {generic}"
    )
    assert accepted(measure_noun="people", listed=None) == (
        "persons (people, individuals, residents, inhabitants, citizens, civilians, adults, "
        f"children, …) {generic}"
    )
