"""Numbers, units, qualifiers, ranges and vague amounts."""

import pytest

from tests.extraction.helpers import figures, one


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Troops took 1,250 square kilometres.", 1250, "square kilometers"),
        ("Troops took 1,250 square kilometers.", 1250, "square kilometers"),
        ("Troops took 1,250 sq km.", 1250, "square kilometers"),
        ("Troops took 1,250 sq. km.", 1250, "square kilometers"),
        ("Troops took 1,250 km².", 1250, "square kilometers"),
        ("Troops took 1,250 km2.", 1250, "square kilometers"),
        ("The fire burned 48 square miles.", 48, "square miles"),
        ("The fire burned 300 hectares.", 300, "hectares"),
        ("The fire burned 30,700 acres.", 30700, "acres"),
        ("Prices rose 40%.", 40, "%"),
        ("Prices rose 40 percent.", 40, "%"),
        ("Prices rose 40 per cent.", 40, "%"),
        ("Aid reached $3 billion.", 3e9, "USD"),
        ("Aid reached $3bn.", 3e9, "USD"),
        ("Aid reached €2.5 million.", 2.5e6, "EUR"),
        ("Aid reached £18.5m.", 18.5e6, "GBP"),
        ("Aid reached UAH 1.2 billion.", 1.2e9, "UAH"),
        ("Aid reached 3 billion dollars.", 3e9, "USD"),
        ("Pensions rose to 3,000 hryvnias.", 3000, "UAH"),
        ("Oil gained 54 cents.", 0.54, "USD"),
        ("Officials counted 74 communities.", 74, "communities"),
        ("Officials counted 3,000 soldiers.", 3000, "soldiers"),
        ("Officials counted 1.2 million people.", 1.2e6, "people"),
        ("Officials counted seventy-four border communities.", 74, "communities"),
        ("Officials counted a thousand people.", 1000, "people"),
        ("Officials counted half a million people.", 5e5, "people"),
        ("Officials counted one hundred and twenty soldiers.", 120, "soldiers"),
        ("Officials counted 2,400 megawatts.", 2400, "megawatt"),
        ("The door blew out at 16,000 feet.", 16000, "foot"),
        ("The stretch is 2.4 kilometres long.", 2.4, "kilometers"),
        ("Crews cleared 1,150 tonnes of debris.", 1150, "tonnes"),
    ],
)
def test_values_and_units(text: str, value: float, unit: str) -> None:
    figure = one(text)
    assert figure.value == pytest.approx(value)
    assert figure.unit == unit


@pytest.mark.parametrize(
    ("phrase", "qualifier"),
    [
        ("more than", "more_than"), ("over", "more_than"), ("upwards of", "more_than"),
        ("in excess of", "more_than"), ("at least", "at_least"), ("no fewer than", "at_least"),
        ("a minimum of", "at_least"), ("about", "approximately"), ("around", "approximately"),
        ("some", "approximately"), ("roughly", "approximately"), ("nearly", "approximately"),
        ("almost", "approximately"), ("approximately", "approximately"),
        ("an estimated", "approximately"), ("close to", "approximately"), ("up to", "at_most"),
        ("at most", "at_most"), ("no more than", "at_most"), ("less than", "less_than"),
        ("fewer than", "less_than"), ("under", "less_than"), ("below", "less_than"),
    ],
)  # fmt: skip
def test_qualifiers(phrase: str, qualifier: str) -> None:
    figure = one(f"Officials said {phrase} 3,000 people left.")
    assert (figure.value, figure.qualifier) == (3000, qualifier)
    assert figure.text.lower().startswith(phrase)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("Some 1,000 or more people left.", "approximately"),
        ("1,000 or more people left.", "at_least"),
        ("1,000 or so people left.", "approximately"),
        ("A 1,000-plus crowd gathered.", "more_than"),
    ],
)
def test_trailing_qualifiers(text: str, qualifier: str) -> None:
    assert one(text).qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "lower", "upper", "unit"),
    [
        ("It moved between 10 and 20 km.", 10, 20, "kilometers"),
        ("It moved 10 to 20 km.", 10, 20, "kilometers"),
        ("It moved from 10 to 20 km.", 10, 20, "kilometers"),
        ("It moved 10-20 km.", 10, 20, "kilometers"),
        ("It cost $2-3 billion.", 2e9, 3e9, "USD"),
        ("It cost between $2 billion and $3 billion.", 2e9, 3e9, "USD"),
        ("Between 2 and 3 million people left.", 2e6, 3e6, "people"),
        ("Occupancy was 20-25%.", 20, 25, "%"),
        ("Growth of 12 percent to 15 percent.", 12, 15, "%"),
    ],
)
def test_ranges(text: str, lower: float, upper: float, unit: str) -> None:
    figure = one(text)
    assert (figure.qualifier, figure.unit) == ("range", unit)
    assert (figure.lower, figure.upper, figure.value) == (lower, upper, lower)


def test_change_is_two_figures_not_a_range() -> None:
    found = figures("The toll rose from 41,000 to 56,500.")
    assert [(f.value, f.qualifier) for f in found] == [(41000, "exact"), (56500, "exact")]


@pytest.mark.parametrize(
    ("text", "lower", "upper"),
    [
        ("Tens of thousands of people fled.", 10_000, 99_999),
        ("Thousands of people fled.", 1_000, 9_999),
        ("Hundreds of people fled.", 100, 999),
        ("Dozens of people fled.", 24, 144),
        ("Hundreds of thousands of people fled.", 100_000, 999_999),
        ("Millions of people fled.", 1_000_000, 9_999_999),
        ("Several hundred people fled.", 300, 900),
        ("A few thousand people fled.", 2_000, 5_000),
    ],
)
def test_vague_amounts(text: str, lower: float, upper: float) -> None:
    figure = one(text)
    assert (figure.qualifier, figure.lower, figure.upper, figure.unit) == (
        "range", lower, upper, "people"
    )  # fmt: skip


@pytest.mark.parametrize(("text", "value"), [("A dozen villages burned.", 12),
                                             ("Half a dozen villages burned.", 6),
                                             ("Two dozen villages burned.", 24)])  # fmt: skip
def test_dozens_that_are_exact(text: str, value: float) -> None:
    figure = one(text)
    assert (figure.value, figure.qualifier) == (value, "exact")


def test_offsets_point_at_the_words() -> None:
    text = "Officials said more than 1,000 square kilometers were lost."
    figure = one(text)
    assert text[figure.start : figure.end] == figure.text == "more than 1,000 square kilometers"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Almost three-quarters of residents left.", 75),
        ("Two thirds of residents left.", 66.67),
        ("A quarter of residents left.", 25),
        ("Half of residents left.", 50),
    ],
)
def test_fractions_are_percentages(text: str, value: float) -> None:
    figure = one(text)
    assert (figure.value, figure.unit) == (value, "%")


def test_half_a_million_is_a_number_not_a_share() -> None:
    assert one("Half a million people left.").value == 500_000
    assert figures("A third attack came.") == []


def test_unknown_count_nouns_fall_back_to_count() -> None:
    assert one("Crews lost 300 outbuildings.").unit == "count"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Nearly 5k people fled the valley overnight.", 5000, "people"),
        ("The ferry carried 1.5K passengers a day.", 1500, "passengers / day"),
        ("The mayor said 2m people live in the basin.", 2e6, "people"),
        ("The census put it at 3 crore people.", 3e7, "people"),
        ("The drive reached 2.5 lakh children.", 2.5e5, "children"),
        ("The flood displaced two lakh residents.", 2e5, "residents"),
        ("The court set bail at Rs 2.5 lakh.", 2.5e5, "INR"),
        ("The plant will cost ₹40 crore.", 4e8, "INR"),
        ("The bridge cost 3 crore rupees.", 3e7, "INR"),
        ("The app now serves 1.2bn people.", 1.2e9, "people"),
        ("Exports reached 4 bln euros.", 4e9, "EUR"),
        ("The quay is 5m long.", 5, "meters"),
    ],
)
def test_scale_words_multiply_the_number(text: str, value: float, unit: str) -> None:
    figure = one(text)
    assert (figure.value, figure.unit) == (pytest.approx(value), unit)


def test_a_qualified_scaled_number_keeps_its_scale() -> None:
    figure = one("Organisers said over 1.2bn people watched the final.")
    assert (figure.value, figure.qualifier, figure.unit) == (1.2e9, "more_than", "people")


@pytest.mark.parametrize(
    ("text", "lower", "upper"),
    [
        ("Tens of thousands of people marched past the ministry.", 1e4, 99_999),
        ("Hundreds of thousands of people lost power.", 1e5, 999_999),
        ("Lakhs of pilgrims crossed the river.", 1e5, 9_999_999),
        ("Scores of homes were flooded.", 40, 240),
    ],
)
def test_vague_scales_are_ranges_of_the_scale(text: str, lower: float, upper: float) -> None:
    figure = one(text)
    assert (figure.qualifier, figure.lower, figure.upper) == ("range", lower, upper)
    assert figure.value == lower


def test_scaled_values_carry_no_float_noise() -> None:
    assert [f.value for f in figures("Revenue was $4.1 billion and costs $0.3 million.")] == [
        4_100_000_000.0,
        300_000.0,
    ]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Temperatures hit 41C in the shade.", "celsius"),
        ("It reached 41°C on Monday.", "celsius"),
        ("It reached 38 degrees Celsius.", "celsius"),
        ("Phoenix saw 106F.", "fahrenheit"),
        ("The river flowed at 1,200 cubic metres per second.", "cubic meters / second"),
        ("The field holds 3 billion cubic feet of gas.", "cubic feet"),
    ],
)
def test_temperatures_and_volumes(text: str, unit: str) -> None:
    assert one(text).unit == unit


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Imports rose to 1.9 terawatt hours.", "terawatt_hour"),
        ("Imports rose to 1.9 TWh.", "terawatt_hour"),
        ("The plant makes 1,200 megawatts.", "megawatt"),
        ("Prices were 95 euros per megawatt hour.", "EUR"),
        ("They have lost only 7 league games.", "count"),
    ],
)
def test_energy_power_and_unit_words_that_modify_a_noun(text: str, unit: str) -> None:
    assert one(text).unit == unit


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Temperatures fell to minus 15C overnight.", -15.0),
        ("Temperatures fell to -15C overnight.", -15.0),
        ("The index stood at −3.2% in May.", -3.2),
        ("Ночью температура опустится до минус 15 градусов.", -15.0),
        ("Вночі очікують мінус 20 градусів.", -20.0),
        ("Ночью ожидается -27 градусов.", -27.0),
        ("Temperatures of 10-15C are expected.", 10.0),  # a range's hyphen is no sign
        ("The F-16 flew 300 km.", 300.0),
        ("COVID-19 killed 400 people.", 400.0),
    ],
)
def test_a_minus_sign_or_word_keeps_the_figure_negative(text: str, value: float) -> None:
    assert figures(text)[0].value == value


@pytest.mark.parametrize(
    "prefix",
    ["", "After a long night of talks that ran past every deadline the negotiators set, " * 3],
)
def test_a_unit_is_read_in_the_words_around_its_number_however_long_the_sentence(
    prefix: str,
) -> None:
    """quantulum3 reads a window around each number: a long sentence gives the same units, a
    climb "from 36,000 feet to 10,000 feet" is two figures in feet, and "241 in 2019" is no
    length in inches."""
    text = prefix + (
        "The crew descended from 36,000 feet to 10,000 feet, and pupil numbers fell to 176"
        " from 241 in 2019 while the plant made 2,400 megawatts."
    )
    found = [(f.value, f.unit) for f in figures(text)]
    assert found == [
        (36000, "foot"),
        (10000, "foot"),
        (176, "count"),
        (241, "count"),
        (2400, "megawatt"),
    ]
