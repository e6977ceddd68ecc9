"""Claim texts made comparable: figures as quantities, one script, endings and negations."""

import subprocess
import sys

import pytest

from app.matching.cyrillic import figures_in_english, to_latin
from app.matching.text import read_words, search_words


def _quantity_words(text: str) -> list[str]:
    return [word for word in read_words(text).words if word.startswith("#")]


@pytest.mark.parametrize(
    "text",
    [
        "more than 1,000 km²",
        "over a thousand square kilometres",
        "понад 1000 км²",
        "более 1000 кв. км",
        "386 square miles",
        "100,000 hectares",
        "тисячу квадратних кілометрів",
    ],
)
def test_a_thousand_square_kilometres_reads_the_same_however_written(text: str) -> None:
    assert _quantity_words(text) == ["#area:1e+09"]


def test_another_figure_is_another_word() -> None:
    assert _quantity_words("800 km²") == ["#area:8e+08"]
    assert _quantity_words("74 communities") != _quantity_words("47 communities")


def test_cyrillic_figure_words_are_read_in_english() -> None:
    english = figures_in_english("В Белгородской области эвакуированы более 11 тысяч человек")
    assert english.endswith("more than 11 thousand people")
    quantity = read_words("эвакуированы более 11 тысяч человек").quantities[0]
    assert (quantity.value, quantity.unit, quantity.qualifier) == (11000, "people", "more_than")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("эвакуировано более одиннадцати тысяч человек", 11000),
        ("евакуйовано понад одинадцять тисяч людей", 11000),
        ("эвакуировано более двадцати тысяч человек", 20000),
        ("около пятнадцати тысяч человек", 15000),
        ("двадцять п'ять тисяч людей", 25000),
        ("евакуйовано тисячу людей", 1000),
    ],
)
def test_cyrillic_number_words_before_a_scale_make_one_figure(text: str, value: float) -> None:
    assert [amount[1] for amount in read_words(text).amounts] == [value]


def test_english_text_is_left_as_it_is() -> None:
    text = "Kyiv's troops have advanced 800 square kilometers"
    assert figures_in_english(text) == text


def test_names_meet_across_scripts_and_endings() -> None:
    english = set(read_words("Ukraine seized territory in the Kursk region").words)
    russian = set(read_words("Украина захватила территорию в Курской области").words)
    ukrainian = set(read_words("Україна захопила територію в Курській області").words)
    assert {"ukrai", "terit", "kursk"} <= english & russian & ukrainian
    assert to_latin("Курськ") == "kursk"


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("Our state's exchange fund is growing", False),
        ("Our state's exchange fund is not growing", True),
        ("Ukraine hasn't seized 1,000 km²", True),
        ("Україна не захопила", True),
        ("Neither side has not moved", False),
    ],
)
def test_a_negation_is_noticed(text: str, negated: bool) -> None:
    assert read_words(text).negated is negated


def test_stop_words_and_negations_are_not_searched() -> None:
    assert search_words("The fund is not growing in Kursk") == ["growing", "kursk", "fund"]


@pytest.mark.parametrize("digits", ["9" * 400, "1" + "0" * 120])
def test_a_number_no_claim_may_hold_is_no_figure(digits: str) -> None:
    assert read_words(f"{digits} km²").quantities == ()


def test_the_matching_text_module_imports_first_in_a_fresh_interpreter() -> None:
    """app.matching.cyrillic reads the extraction's number words, and the extraction package
    imports it: neither may need the other imported first."""
    done = subprocess.run(
        [sys.executable, "-c", "import app.matching.cyrillic, app.matching.text"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_a_negation_by_n_t_and_a_single_letter_are_no_comparable_words() -> None:
    """A negation counts once, as `negated`, never as a word two texts share ("didn't" in
    two unrelated claims makes them no closer); a letter alone ("x", "b") says nothing."""
    read = read_words("Officials didn't confirm plan B for the x region")
    assert read.negated is True
    assert read.words == read_words("Officials confirm plan for the region").words
    assert len(read.words) == 4
