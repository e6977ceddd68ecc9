"""Numbers that are not figures."""

import pytest

from tests.extraction.helpers import figures


@pytest.mark.parametrize(
    "text",
    [
        "The attack came on August 6, 2024.",
        "The attack came on 6 August.",
        "The plan was dated 2024-08-30 and revised on 02/09/2024.",
        "The offensive began in 2022.",
        "The 2019 fraud was uncovered later.",
        "Shelling started at 3 p.m. and stopped at 10:30.",
        "The meeting started at 7pm.",
        "Strikes were reported at 0600 GMT.",
        "A 45-year-old man was wounded.",
        "A man aged 62 was wounded.",
        "Ivan Petrov, 52, was wounded.",
        "The 47th Brigade held the 3rd line.",
        "Call the hotline on 0800 500 225 for help.",
        "Call +380 44 123 4567 for help.",
        "Report outages at 1-800-867-5309.",
        "1. Raise the embankment.",
        "F-16 jets and Su-34 bombers flew over.",
        "The COVID-19 pandemic closed schools in the 1990s style.",
        "The Boeing 737 landed near Route 66.",
        "He cited Article 5 of the treaty.",
        "One in five residents left.",
        "The court issued a 5-4 ruling.",
        "He served for ten years and waited 90 days.",
        "One of the villages burned.",
        "As one engineer told me, the work was hard.",
        "They fired 155mm shells.",
    ],
)
def test_not_figures(text: str) -> None:
    assert figures(text) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("On August 6, 2024, troops took 74 villages.", [74]),
        ("In May 2,000 people fled.", [2000]),
        ("Skyline grounded all 14 of its Boeing 737 MAX 9 jets.", [14]),
        ("Brigade spokesman Ivan Petrov, 52, said 12 vehicles were lost.", [12]),
        ("Some 2000 troops and 4 Leopard 2 tanks arrived.", [2000, 4]),
        ("The strikes hit the city 17 times.", [17]),
        ("1. Raise 2.4 kilometres of embankment.", [2.4]),
    ],
)
def test_figures_among_distractors(text: str, values: list[float]) -> None:
    assert [f.value for f in figures(text)] == values


def test_an_age_after_a_trailing_name_is_no_figure() -> None:
    text = '"We have lost 40% of our funding," said finance director Paul Green, 52.'
    assert [f.value for f in figures(text)] == [40.0]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Three men, aged 44, 51 and 63, were convicted.", [3.0]),
        ("She won the final, beating the top seed 6-4, 3-6, 7-5.", []),
    ],
)
def test_age_lists_and_set_scores(text: str, values: list[float]) -> None:
    assert [f.value for f in figures(text)] == values


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Route 9 trams carried 400 people.", [400.0]),
        ("Item 7 on the agenda, a plan worth 2 million euros, was deferred.", [2_000_000.0]),
        ("Police searched a house at 18 Quayside Terrace and seized 3 guns.", [3.0]),
        ("The ship, registered under IMO number 9812345, carried 62 crew.", [62.0]),
        ("Verhaal, who turns 57 on 2 June, promised 50,000 homes.", [50_000.0]),
        ("His 20-point plan would build 50,000 homes.", [50_000.0]),
        ("She won 6-3 6-4 in 94 minutes.", []),
        ("They fired 155mm shells and 40mm of rain fell.", [40.0]),
    ],
)
def test_numbered_names_addresses_codes_ages_and_calibres(text: str, values: list[float]) -> None:
    assert [f.value for f in figures(text)] == values


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Parents can book by calling 0300 555 0192, and 40 clinics will open.", [40.0]),
        ("Call 020 7946 0958 for details of the 12 new routes.", [12.0]),
        (
            "Police closed the M58 between junctions 4 and 7 after a crash involving 23 cars.",
            [23.0],
        ),
        ("Trains on platforms 3, 4 and 5 were cancelled, and 900 people waited.", [900.0]),
        ("The line carried 40,000 passengers a day.", [40_000.0]),
        ("Kiprop won in 2:06:48, 90 seconds clear of the field.", []),
        ("Shares slid 4.1% by 1030 BST.", [4.1]),
        ("Nine people were hurt, among them children as young as six.", [9.0]),
        ("The 112 emergency line took more than 4,000 calls.", [4_000.0]),
        ("Опрос проводился 10–15 июня, участие приняли 1 600 человек.", [1_600.0]),
        ("Пункт работает на улице Ленина, 45, там разместили 300 человек.", [300.0]),
        ("Горячая линия работает по номеру 122, поступило 500 звонков.", [500.0]),
        ("Коммунальщики вывезли с улиц более 250 тыс. кубометров снега.", [250_000.0]),
    ],
)
def test_phones_clock_and_race_times_numbered_places_and_addresses(
    text: str, values: list[float]
) -> None:
    assert [f.value for f in figures(text)] == values
