"""Ukrainian and Russian: numbers, scales, units, qualifiers, ranges, periods, attribution."""

from datetime import date

import pytest

from app.extraction import KnownSpeaker
from tests.extraction.helpers import candidates, figures, one, speaker_of


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Рятувальники евакуювали 1 250 людей.", 1250),
        ("Рятувальники евакуювали 1\u00a0250 людей.", 1250),
        ("Рятувальники евакуювали 1,250 людей.", 1250),
        ("Спасатели эвакуировали 12 500 человек.", 12500),
        ("Інфляція становила 4,8%.", 4.8),
        ("Инфляция составила 7,25%.", 7.25),
        ("Безробіття сягнуло 15.5%.", 15.5),
    ],
)
def test_digits(text: str, value: float) -> None:
    assert one(text).value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Область отримала 3 тисячі генераторів.", 3000),
        ("Область отримала 25 тисяч генераторів.", 25000),
        ("Область отримала 1,2 тис. генераторів.", 1200),
        ("Бюджет отримав 2 мільйони доларів.", 2e6),
        ("Бюджет отримав 2,5 млн доларів.", 2.5e6),
        ("Бюджет отримав 7 мільярдів гривень.", 7e9),
        ("Бюджет отримав 1,3 млрд гривень.", 1.3e9),
        ("Регион получил 4 тысячи генераторов.", 4000),
        ("Регион получил 3,5 тыс. генераторов.", 3500),
        ("Бюджет получил 12 миллионов рублей.", 12e6),
        ("Бюджет получил 8 миллиардов рублей.", 8e9),
        ("Бюджет получил 0,9 млрд рублей.", 0.9e9),
        ("Держава виділила 10 трлн гривень.", 1e13),
        ("Ворог випустив чотири ракети.", 4),
        ("Вогонь дійшов до двох сіл.", 2),
        ("Дроны сбиты над шестью регионами.", 6),
        ("Понад тисячу людей евакуювали.", 1000),
        ("Бюджет отримав півтора мільярда гривень.", 1.5e9),
        ("Противник выпустил пять ракет.", 5),
        ("Из области эвакуировано более одиннадцати тысяч человек.", 11000),
        ("Ворог випустив дев'ятнадцять ракет.", 19),
        ("Регион получил пятнадцать тысяч генераторов.", 15000),
    ],
)
def test_scales_and_words(text: str, value: float) -> None:
    assert one(text).value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Війська звільнили 400 квадратних кілометрів.", 400, "square kilometers"),
        ("Войска заняли 400 квадратных километров.", 400, "square kilometers"),
        ("Війська звільнили 400 кв. км.", 400, "square kilometers"),
        ("Войска заняли 400 км².", 400, "square kilometers"),
        ("Колона розтягнулася на 12 кілометрів.", 12, "kilometers"),
        ("Колонна растянулась на 12 километров.", 12, "kilometers"),
        ("Фронт просунувся на 3 км.", 3, "kilometers"),
        ("Вогонь знищив 80 гектарів.", 80, "hectares"),
        ("Огонь уничтожил 80 гектаров.", 80, "hectares"),
        ("Огонь уничтожил 80 га.", 80, "hectares"),
        ("Ціни зросли на 9 відсотків.", 9, "%"),
        ("Цены выросли на 9 процентов.", 9, "%"),
        ("Ціни зросли на 9%.", 9, "%"),
        ("Ставку підвищили на 1,5 відсоткового пункта.", 1.5, "%"),
        ("Пенсії зросли на 500 гривень.", 500, "UAH"),
        ("Пенсії зросли на 500 грн.", 500, "UAH"),
        ("Пенсии выросли на 900 рублей.", 900, "RUB"),
        ("Україна отримала 3 млрд доларів.", 3e9, "USD"),
        ("Россия потеряла 3 млрд долларов.", 3e9, "USD"),
        ("ЄС виділив 5 млрд євро.", 5e9, "EUR"),
        ("Евросоюз выделил 5 млрд евро.", 5e9, "EUR"),
        ("Вивезли 20 тисяч тонн зерна.", 20000, "tonnes"),
        ("Вывезли 20 тысяч тонн зерна.", 20000, "tonnes"),
        ("Евакуювали 300 людей.", 300, "people"),
        ("Эвакуировали 300 человек.", 300, "people"),
        ("Звільнили 12 населених пунктів.", 12, "settlements"),
        ("Освободили 12 населенных пунктов.", 12, "settlements"),
        ("Обстрілів зазнали 9 громад.", 9, "communities"),
        ("Обстрелам подверглись 9 общин.", 9, "communities"),
        ("Спасатели разобрали 500 кубометров завалов.", 500, "cubic meters"),
        ("Вітер сягав 20 м/с.", 20, "meters / second"),
        ("Воротар пропустив 2 м'ячі.", 2, "count"),
        ("Экспорт составил 2,5 млн баррелей в сутки.", 2.5e6, "barrels / day"),
        ("Ракета летит со скоростью 3 километра в секунду.", 3, "kilometers / second"),
    ],
)
def test_units(text: str, value: float, unit: str) -> None:
    figure = one(text)
    assert figure.value == pytest.approx(value)
    assert figure.unit == unit


@pytest.mark.parametrize(
    ("phrase", "qualifier"),
    [
        ("понад", "more_than"), ("більше", "more_than"), ("більш ніж", "more_than"),
        ("більше ніж", "more_than"), ("близько", "approximately"), ("приблизно", "approximately"),
        ("майже", "approximately"), ("щонайменше", "at_least"), ("не менше", "at_least"),
        ("до", "at_most"), ("менше", "less_than"), ("менш ніж", "less_than"),
        ("более", "more_than"), ("больше", "more_than"), ("более чем", "more_than"),
        ("свыше", "more_than"), ("около", "approximately"), ("почти", "approximately"),
        ("примерно", "approximately"), ("не менее", "at_least"), ("как минимум", "at_least"),
        ("менее", "less_than"), ("менее чем", "less_than"), ("меньше", "less_than"),
    ],
)  # fmt: skip
def test_qualifiers(phrase: str, qualifier: str) -> None:
    figure = one(f"Рятувальники знайшли {phrase} 70 постраждалих.")
    assert figure.qualifier == qualifier
    assert figure.value == 70


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("Відбудова обійдеться щонайменше у 70 млрд доларів.", "at_least"),
        ("Ремонт оценили почти в 70 млн рублей.", "approximately"),
        ("Збитки оцінили в 70 млн гривень.", "exact"),
    ],
)
def test_a_preposition_after_the_qualifier(text: str, qualifier: str) -> None:
    assert one(text).qualifier == qualifier


@pytest.mark.parametrize(
    "text",
    [
        "Інфляція зросла до 9%.",
        "Виробництво скоротилося до 9%.",
        "Инфляция выросла до 9%.",
        "Центробанк снизил ставку на один пункт, до 9%.",
    ],
)
def test_do_after_a_verb_of_change_is_to(text: str) -> None:
    assert one(text).qualifier == "exact"


@pytest.mark.parametrize(
    ("text", "lower", "upper"),
    [
        ("Ураган залишить без світла від 20 до 30 тисяч будинків.", 20000, 30000),
        ("Ураган оставит без света от 20 до 30 тысяч домов.", 20000, 30000),
        ("Сутички забрали 40–60 життів.", 40, 60),
        ("Столкновения унесли 40-60 жизней.", 40, 60),
        ("Ремонт коштуватиме між 2 і 3 мільйонами гривень.", 2e6, 3e6),
        ("Ремонт обойдется от 2 до 3 млн рублей.", 2e6, 3e6),
    ],
)
def test_ranges(text: str, lower: float, upper: float) -> None:
    figure = one(text)
    assert (figure.qualifier, figure.lower, figure.upper) == ("range", lower, upper)


@pytest.mark.parametrize(
    ("text", "lower", "upper"),
    [
        ("Тисячі людей вийшли на мітинг.", 1000, 9999),
        ("Тысячи людей вышли на митинг.", 1000, 9999),
        ("Десятки тисяч людей вийшли на мітинг.", 10000, 99999),
        ("Сотни тысяч людей вышли на митинг.", 100000, 999999),
        ("На мітинг вийшли сотні людей.", 100, 999),
        ("На митинг вышли десятки людей.", 24, 144),
        ("На митинг вышли несколько тысяч человек.", 3000, 9000),
        ("На мітинг вийшли кілька сотень людей.", 300, 900),
    ],
)
def test_vague_amounts(text: str, lower: float, upper: float) -> None:
    figure = one(text)
    assert (figure.qualifier, figure.lower, figure.upper) == ("range", lower, upper)


@pytest.mark.parametrize(
    ("text", "percent"),
    [
        ("Выручка сократилась на треть.", 33.33),
        ("Виробництво скоротилося на третину.", 33.33),
        ("Виробництво скоротилося наполовину.", 50),
        ("Половина опитаних підтримує закон.", 50),
        ("Две трети опрошенных поддерживают закон.", 66.67),
        ("Чверть бюджету йде на оборону.", 25),
    ],
)
def test_fractions_are_shares(text: str, percent: float) -> None:
    figure = one(text)
    assert (figure.value, figure.unit) == (percent, "%")


def test_a_scaled_amount_takes_the_currency_before_it() -> None:
    found = figures("Україна отримала 12,8 млрд доларів, із них 5,2 млрд — гранти.")
    assert [(f.value, f.unit) for f in found] == [(12.8e9, "USD"), (5.2e9, "USD")]


def test_a_unit_abbreviation_ends_a_sentence() -> None:
    found = candidates("Вітер сягав 20 м/с. У Києві випало 30 мм опадів, повідомили синоптики.")
    assert [(c.figures[0].value, c.speaker_name) for c in found] == [(20, None), (30, "синоптики")]


@pytest.mark.parametrize(
    "text",
    [
        "Ціни зросли з 40 до 50 гривень.",
        "Цены выросли с 40 до 50 рублей.",
    ],
)
def test_movement_is_two_figures(text: str) -> None:
    assert [(f.value, f.qualifier) for f in figures(text)] == [(40, "exact"), (50, "exact")]


@pytest.mark.parametrize(
    "text",
    [
        "Закон набуде чинності 1 вересня 2025 року.",
        "Закон вступит в силу 2 сентября.",
        "Суд засудив 45-річного чоловіка.",
        "Пострадала 30-летняя женщина.",
        "Вибори відбудуться у 2026 році.",
        "Процесс займет 6 месяцев.",
        "Його засудили до 9 років ув'язнення.",
        "Бійці 47-ї бригади відбили атаку.",
        "Бойцы 5-го батальона отбили атаку.",
        "Збірна програла з рахунком 1:2.",
        "Команда выиграла со счетом 3:0.",
        "Его приговорили к девяти годам колонии.",
        "Йому повідомили про підозру за ч. 2 ст. 438 КК України.",
        "Справу відкрили за статтею 115.",
        "Голосування на дільниці № 41 завершилося.",
        "Пожежа сталася на вул. Шевченка, 15.",
        "Телефонуйте на гарячу лінію 0 800 500 335.",
        "Дети до 14 лет бесплатно.",
    ],
)
def test_not_figures(text: str) -> None:
    assert figures(text) == []


SAID = date(2024, 8, 20)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("З 6 серпня ЗСУ взяли 90 населених пунктів.", date(2024, 8, 6), None),
        ("С 6 августа ВСУ заняли 90 населенных пунктов.", date(2024, 8, 6), None),
        ("З 1 березня 2023 року збудували 90 шкіл.", date(2023, 3, 1), None),
        ("З початку року збудували 90 шкіл.", date(2024, 1, 1), None),
        ("С начала года построили 90 школ.", date(2024, 1, 1), None),
        ("З початку місяця збудували 90 шкіл.", date(2024, 8, 1), None),
        ("С начала июля построили 90 школ.", date(2024, 7, 1), None),
        ("За добу ворог здійснив 90 атак.", date(2024, 8, 19), None),
        ("За минулу добу ворог здійснив 90 атак.", date(2024, 8, 19), None),
        ("За сутки противник совершил 90 атак.", date(2024, 8, 19), None),
        ("За последнюю неделю противник совершил 90 атак.", date(2024, 8, 13), None),
        ("За тиждень ціни зросли на 90%.", date(2024, 8, 13), None),
        ("За 10 років населення скоротилося на 90 тисяч.", date(2014, 8, 20), None),
        ("За 2023 рік ВВП зріс на 90%.", date(2023, 1, 1), date(2023, 12, 31)),
        ("За останні 48 годин ворог здійснив 90 атак.", date(2024, 8, 18), None),
        ("У липні збудували 90 шкіл.", date(2024, 7, 1), date(2024, 7, 31)),
        ("В июле построили 90 школ.", date(2024, 7, 1), date(2024, 7, 31)),
        ("У 2023 році збудували 90 шкіл.", date(2023, 1, 1), date(2023, 12, 31)),
        ("В 2023 году построили 90 школ.", date(2023, 1, 1), date(2023, 12, 31)),
        ("Цього року збудували 90 шкіл.", date(2024, 1, 1), None),
        ("В этом году построили 90 школ.", date(2024, 1, 1), None),
        ("Минулого року збудували 90 шкіл.", date(2023, 1, 1), date(2023, 12, 31)),
        ("В прошлом году построили 90 школ.", date(2023, 1, 1), date(2023, 12, 31)),
        ("У вихідні ворог здійснив 90 атак.", date(2024, 8, 17), date(2024, 8, 18)),
        ("За січень — липень збудували 90 шкіл.", date(2024, 1, 1), date(2024, 7, 31)),
        ("За январь-июль построили 90 школ.", date(2024, 1, 1), date(2024, 7, 31)),
        ("У першому кварталі ВВП зріс на 90%.", date(2024, 1, 1), date(2024, 3, 31)),
        ("Во втором квартале ВВП вырос на 90%.", date(2024, 4, 1), date(2024, 6, 30)),
        ("За I квартал 2023 года ВВП вырос на 90%.", date(2023, 1, 1), date(2023, 3, 31)),
        ("За перше півріччя ВВП зріс на 90%.", date(2024, 1, 1), date(2024, 6, 30)),
        ("За сім місяців ВВП зріс на 90%.", date(2024, 1, 1), date(2024, 7, 31)),
        ("З 1 по 7 серпня ворог здійснив 90 атак.", date(2024, 8, 1), date(2024, 8, 7)),
        ("С 5 по 11 августа противник совершил 90 атак.", date(2024, 8, 5), date(2024, 8, 11)),
        ("По итогам 2023 года ВВП вырос на 90%.", date(2023, 1, 1), date(2023, 12, 31)),
        ("За підсумками минулого року ВВП зріс на 90%.", date(2023, 1, 1), date(2023, 12, 31)),
        ("По итогам года ВВП вырастет на 90%.", date(2024, 1, 1), None),
        ("У вересні минулого року ВВП зріс на 90%.", date(2023, 9, 1), date(2023, 9, 30)),
        ("У першій половині року видобуток зріс на 90%.", date(2024, 1, 1), date(2024, 6, 30)),
        (
            "Во второй половине 2023 года добыча выросла на 90%.",
            date(2023, 7, 1),
            date(2023, 12, 31),
        ),
        ("Явка склала 90% — найвища з 1997 року.", None, None),
        ("Явка составила 90%, что выше, чем в 2020 году.", None, None),
        ("Експорт зріс на 90% порівняно з 2023 роком.", None, None),
        ("Это самый высокий показатель с 2010 года: 90%.", None, None),
    ],
)
def test_periods(text: str, start: date | None, end: date | None) -> None:
    figure = one(text, said_on=SAID)
    assert (figure.period_start, figure.period_end) == (start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (
            "За неделю заболели 50 человек. За этот период умерли 90 человек.",
            date(2024, 8, 13),
            None,
        ),
        (
            "У липні продали 50 авто. За аналогічний період минулого року — 90 авто.",
            date(2023, 7, 1),
            date(2023, 7, 31),
        ),
    ],
)
def test_a_back_reference_takes_the_span_named_before(
    text: str, start: date, end: date | None
) -> None:
    figure = figures(text, said_on=SAID)[-1]
    assert (figure.value, figure.period_start, figure.period_end) == (90, start, end)


@pytest.mark.parametrize(
    "text",
    [
        "Станом на 1 серпня в полоні перебували 90 військових.",
        "Станом на ранок 1 серпня в полоні перебували 90 військових.",
        "По состоянию на 1 августа в плену находились 90 военных.",
    ],
)
def test_as_of(text: str) -> None:
    figure = one(text, said_on=SAID)
    assert figure.as_of == date(2024, 8, 1)
    assert (figure.period_start, figure.period_end) == (None, None)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # the next calendar year: a budget, a plan, a forecast
        ("Наступного року місто витратить 90 млн гривень.", date(2025, 1, 1), date(2025, 12, 31)),
        ("На наступний рік заплановано 90 млн гривень.", date(2025, 1, 1), date(2025, 12, 31)),
        ("В следующем году область получит 90 автобусов.", date(2025, 1, 1), date(2025, 12, 31)),
        ("Бюджет на следующий год — 90 млрд рублей.", date(2025, 1, 1), date(2025, 12, 31)),
        # a span of years
        ("У 2019–2021 роках він закупив 90 тонн пального.", date(2019, 1, 1), date(2021, 12, 31)),
        ("В 2020-2022 годах ущерб составил 90 млн рублей.", date(2020, 1, 1), date(2022, 12, 31)),
        ("У 2023–2025 роках збудують 90 шкіл.", date(2023, 1, 1), None),
        # "у вихідні": the coming weekend, unless the clause tells of the past
        ("У вихідні курсуватимуть лише 90 поїздів.", date(2024, 8, 24), date(2024, 8, 25)),
        ("В выходные ожидаются морозы, закроют 90 школ.", date(2024, 8, 24), date(2024, 8, 25)),
        ("В выходные задержали 90 рейсов.", date(2024, 8, 17), date(2024, 8, 18)),
        ("За вихідні рятувальники врятували 90 людей.", date(2024, 8, 17), date(2024, 8, 18)),
        # "the same period last year" after "ніж", "чем": a comparison base, not the span
        ("У першому півріччі доходи зросли на 90%, ніж за аналогічний період минулого року.",
         date(2024, 1, 1), date(2024, 6, 30)),
    ],
)  # fmt: skip
def test_next_years_spans_of_years_weekends_and_comparison_bases(
    text: str, start: date, end: date | None
) -> None:
    figure = one(text, said_on=SAID)
    assert (figure.period_start, figure.period_end) == (start, end)


@pytest.mark.parametrize(
    "text", ["На кінець липня в черзі було 90 підприємств.", "На конец июля в очереди 90 заявок."]
)
def test_the_end_of_a_month_is_as_of_its_last_day(text: str) -> None:
    figure = one(text, said_on=SAID)
    assert figure.as_of == date(2024, 7, 31)
    assert (figure.period_start, figure.period_end) == (None, None)


def test_the_same_period_takes_the_span_named_before_it_in_the_sentence() -> None:
    text = (
        "Наступного року місто витратить 50 млн гривень. У першому півріччі надійшло 60 млн, "
        "а за аналогічний період минулого року — 90 млн гривень."
    )
    figure = figures(text, said_on=SAID)[-1]
    assert (figure.value, figure.period_start, figure.period_end) == (
        9e7,
        date(2023, 1, 1),
        date(2023, 6, 30),
    )


SYRSKYI = KnownSpeaker(
    1, ("Oleksandr Syrskyi", "Олександр Сирський", "Александр Сырский"), "person",
    ("Commander-in-Chief", "головнокомандувач"),
)  # fmt: skip
MINFIN = KnownSpeaker(
    2, ("Ministry of Finance", "Міністерство фінансів", "Мінфін", "Минфин"), "organization",
    ("ministry", "міністерство", "министерство"),
)  # fmt: skip
KNOWN = (SYRSKYI, MINFIN)


@pytest.mark.parametrize(
    "text",
    [
        "Олександр Сирський заявив, що ЗСУ взяли 90 населених пунктів.",
        "ЗСУ взяли 90 населених пунктів, заявив Олександр Сирський.",
        "ЗСУ взяли 90 населених пунктів, сказав головнокомандувач Олександр Сирський.",
        "Головнокомандувач ЗСУ Олександр Сирський повідомив, що взято 90 населених пунктів.",
        "За словами Олександра Сирського, ЗСУ взяли 90 населених пунктів.",
        "Як повідомив Олександр Сирський, ЗСУ взяли 90 населених пунктів.",
        "Про це повідомив Олександр Сирський: ЗСУ взяли 90 населених пунктів.",
        "«Ми взяли 90 населених пунктів», — наголосив Олександр Сирський.",
        "Александр Сырский заявил, что ВСУ заняли 90 населенных пунктов.",
        "ВСУ заняли 90 населенных пунктов, сообщил Александр Сырский.",
        "По словам Александра Сырского, ВСУ заняли 90 населенных пунктов.",
        "Как сообщил Александр Сырский, ВСУ заняли 90 населенных пунктов.",
        "«Мы заняли 90 населенных пунктов», — сказал Александр Сырский.",
        "Об этом сообщил Александр Сырский: ВСУ заняли 90 населенных пунктов.",
    ],
)
def test_attribution_to_a_known_person(text: str) -> None:
    assert speaker_of(text, 90, KNOWN).speaker_id == 1


@pytest.mark.parametrize(
    "text",
    [
        "Дефіцит бюджету становить 9 млрд доларів, повідомили в Мінфіні.",
        "У Міністерстві фінансів зазначили, що дефіцит становить 9 млрд доларів.",
        "За даними Мінфіну, дефіцит бюджету становить 9 млрд доларів.",
        "Дефицит бюджета составил 9 млрд долларов, сообщили в Минфине.",
        "По данным Минфина, дефицит бюджета составил 9 млрд долларов.",
        "Дефицит составил 9 млрд долларов, говорится в сообщении Минфина.",
        "Дефицит составил 9 млрд долларов, следует из данных Минфина.",
        "Дефіцит становить 9 млрд доларів, свідчать дані Мінфіну.",
    ],
)
def test_attribution_to_a_known_organisation(text: str) -> None:
    assert speaker_of(text, 9e9, KNOWN).speaker_id == 2


@pytest.mark.parametrize(
    "text",
    [
        "ЗСУ взяли 90 населених пунктів, заявив Олександр Сирський.",
        "За словами Олександра Сирського, ЗСУ взяли 90 населених пунктів.",
        "Сырский заявил, что ВСУ заняли 90 населенных пунктов.",
    ],
)
def test_a_name_known_only_in_latin_letters(text: str) -> None:
    latin = KnownSpeaker(7, ("Oleksandr Syrskyi", "Syrskyi"), "person", ("Commander-in-Chief",))
    assert speaker_of(text, 90, (latin,)).speaker_id == 7


def test_an_inflected_known_name_keeps_its_capital() -> None:
    rada = KnownSpeaker(6, ("Verkhovna Rada", "Рада"), "organization", ("parliament",))
    assert speaker_of("У Раді повідомили про 50 законів.", 50, (rada,)).speaker_id == 6
    assert speaker_of("Я радий, що врятовано 50 людей, сказав він.", 50, (rada,)).speaker_id is None


def test_a_known_title_at_the_start_of_a_sentence() -> None:
    weather = KnownSpeaker(5, ("Укргідрометцентр",), "organization", ("синоптики",))
    c = speaker_of("Синоптики прогнозують спеку до 39 градусів.", 39, (weather,))
    assert c.speaker_id == 5


def test_back_references() -> None:
    text = (
        "Олександр Сирський заявив, що ЗСУ взяли 90 населених пунктів. "
        "За його словами, в полон потрапили 700 військових. "
        "Ворог втратив 40 танків, додав він. "
        "Згодом у міністерстві повідомили про 30 мільйонів гривень допомоги."
    )
    found = candidates(text, KNOWN)
    assert [c.speaker_id for c in found] == [1, 1, 1, 2]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Пожежа знищила 50 будинків, повідомив мер міста Ігор Терехов.", "Ігор Терехов"),
        ("По словам мэра Ивана Петрова, пожар уничтожил 50 домов.", "Ивана Петрова"),
        ("Пожар уничтожил 50 домов, сообщили в МЧС.", "МЧС"),
        ("Синоптики попередили про 50 міліметрів опадів.", "Синоптики"),
        ("Пожар уничтожил 50 домов, заявили местные власти.", "местные власти"),
        ("Без світла 50 сіл, повідомили в обласній енергокомпанії.", "обласній енергокомпанії"),
        (
            "Пожар охватил 50 гектаров, сообщила региональная авиалесоохрана.",
            "региональная авиалесоохрана",
        ),
        (
            "Виборці віддали 50% голосів, повідомило Міністерство внутрішніх справ Франції.",
            "Міністерство внутрішніх справ Франції",
        ),
        ("За даними соціологів, партія отримає 50 місць.", "соціологів"),
        (
            "Експорт становив 50 суден, підрахували в Українській зерновій асоціації.",
            "Українській зерновій асоціації",
        ),
        ("Заболели 50 человек, сообщила заммэра Анастасия Ракова.", "Анастасия Ракова"),
        ("«Виплатимо 50 доларів», — нагадав міністр Вадим Гутцайт.", "Вадим Гутцайт"),
        ("По оценкам экспертов, рынок вырос на 50%.", "экспертов"),
        ("Знищено 50 дронів, повідомляє пресслужба Одеської ОВА.", "Одеської ОВА"),
        ("Как сообщает агентство Reuters, уничтожено 50 дронов.", "Reuters"),
        ("Про це в Telegram написав голова ОВА Іван Федоров: збито 50 дронів.", "Іван Федоров"),
        ("Зеленський у вечірньому зверненні заявив, що збито 50 дронів.", "Зеленський"),
        (
            "Як зазначив на брифінгу речник Повітряних сил Юрій Ігнат, збито 50 дронів.",
            "Юрій Ігнат",
        ),
        ("Про це у вівторок повідомив Сергій Лисак: збито 50 дронів.", "Сергій Лисак"),
        (
            "«Ми отримали 50 заявок», — сказала віцепрем'єрка з питань європейської інтеграції "
            "Ольга Стефанішина.",
            "Ольга Стефанішина",
        ),
        ("Пожежу на 50 квадратних метрах ліквідовано, повідомили в ДСНС Києва.", "ДСНС Києва"),
        (
            "«Без світла 50 будинків», — написав у Telegram голова ОВА Олег Синєгубов.",
            "Олег Синєгубов",
        ),
    ],
)
def test_attribution_to_unknown_speakers(text: str, name: str) -> None:
    c = speaker_of(text, 50)
    assert (c.speaker_id, c.speaker_name) == (None, name)


@pytest.mark.parametrize(
    "text",
    [
        "Уряд виділив 50 мільйонів гривень на відбудову.",
        "Загалом у регіоні повідомили про 50 пожеж.",
    ],
)
def test_no_speaker(text: str) -> None:
    c = candidates(text)[0]
    assert (c.speaker_id, c.speaker_name) == (None, None)


OSTAPCHUK = KnownSpeaker(81, ("Роман Остапчук", "Остапчук"), "person", ("тренер",))
CLUB = KnownSpeaker(82, ("Дніпровська Хвиля",), "organization", ("клуб", "футбольний клуб"))
MAYOR = KnownSpeaker(83, ("Игорь Семенов", "Семенов"), "person", ("мэр", "градоначальник"))


@pytest.mark.parametrize(
    ("text", "value", "speaker"),
    [
        ("«Ми виграли п'ять матчів, — сказав після гри тренер Роман Остапчук, — і набрали 16 "
         "очок».", 16, 81),
        ("У пресслужбі клубу повідомили, що продали понад 9 тис. абонементів.", 9000, 82),
        ("Стоимость проезда повысится до 52 рублей, сообщил градоначальник.", 52, 83),
        ("Наблюдатели от движения «Гражданский контроль» заявили, что зафиксировали не менее "
         "140 нарушений.", 140, "Гражданский контроль"),
        ("Влада Харкова повідомила, що за добу госпіталізували 312 пацієнтів.", 312,
         "Влада Харкова"),
        ("Погибли трое человек, сообщает МЧС. По данным ведомства, поток шириной около 150 "
         "метров перекрыл трассу.", 150, "МЧС"),
        ("«Волжанин» обыграл соперника. Клуб сообщил, что продал свыше 6,5 тыс. абонементов.",
         6500, "Волжанин"),
    ],
)  # fmt: skip
def test_quotes_with_dashes_names_in_guillemets_titles_and_authorities(
    text: str, value: float, speaker: int | str
) -> None:
    found = speaker_of(text, value, (OSTAPCHUK, CLUB, MAYOR))
    assert (found.speaker_id if isinstance(speaker, int) else found.speaker_name) == speaker


def test_a_lone_word_after_a_verb_is_a_speaker_only_when_someone_holds_it() -> None:
    text = "Стоимость проезда повысится до 52 рублей, отметил попутно."
    assert speaker_of(text, 52).speaker_name is None


RCER = KnownSpeaker(
    21, ("Региональный центр экстренного реагирования", "РЦЭР"), "organization", ("центр",)
)
LYSENKO = KnownSpeaker(16, ("Ігор Лисенко", "Лисенко"), "person", ("голова ОВА", "начальник ОВА"))


@pytest.mark.parametrize(
    ("text", "value", "known", "speaker_id"),
    [
        ("Подтоплены 1 340 жилых домов, сообщили в понедельник в РЦЭР.", 1340, RCER, 21),
        ("Подтоплены 1 340 жилых домов, сообщили в РЦЭР в понедельник.", 1340, RCER, 21),
        ("За даними голови ОВА, у місті пошкоджено 6 приватних осель.", 6, LYSENKO, 16),
        ("Голова ОВА повідомив, що пошкоджено 6 приватних осель.", 6, LYSENKO, 16),
    ],
)
def test_a_time_before_the_speaker_and_a_post_in_initials(
    text: str, value: float, known: KnownSpeaker, speaker_id: int
) -> None:
    assert speaker_of(text, value, [known]).speaker_id == speaker_id


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "lower", "upper"),
    [
        # a minus word belongs to the figure's words: "до" bounds it, "від" opens a range
        ("Морози посиляться до мінус 18 градусів.", -18, "at_most", None, None),
        ("Вдень від мінус 7 до 2 градусів.", -7, "range", -7, 2),
        ("Днем от минус 9 до минус 4 градусов.", -9, "range", -9, -4),
        # a bare negative number after a temperature is a temperature too
        ("Вночі мінус 11 градусів, а на сході до -16.", -16, "at_most", None, None),
        ("Днем около минус 3 градусов, ночью -14.", -14, "exact", None, None),
    ],
)
def test_temperatures_below_zero(
    text: str, value: float, qualifier: str, lower: float | None, upper: float | None
) -> None:
    figure = next(f for f in figures(text, said_on=SAID) if f.value == value)
    assert (figure.unit, figure.qualifier, figure.lower, figure.upper) == (
        "celsius",
        qualifier,
        lower,
        upper,
    )


def test_as_of_a_weekday_morning_and_centimetres_ending_a_sentence() -> None:
    text = "Сніг на ранок п'ятниці сягнув 9 см. У листопаді випало 80 мм опадів."
    first, second = figures(text, said_on=date(2024, 8, 23))  # a Friday
    assert (first.value, first.as_of, first.period_start) == (9, date(2024, 8, 23), None)
    assert (second.value, second.period_start) == (80, date(2023, 11, 1))
    assert one("К утру пятницы выпало 12 см снега.", said_on=SAID).as_of == date(2024, 8, 16)


@pytest.mark.parametrize(
    ("text", "value", "speaker_id"),
    [
        # the e of -ець drops in the other cases; -ої is a feminine genitive
        ("За словами Горобця, у липні продали 70 тонн меду.", 70, 31),
        ("За даними Обласної митної служби, вивезли 40 тонн зерна.", 40, 32),
        # a person after an organisation in quotation marks is the speaker
        ("Директор компании «Южный порт» Павел Седов сообщил, что отгрузили 90 тонн.", 90, 33),
        ("По словам главного инженера завода «Северная сталь» Павла Седова, выпуск вырос на "
         "12%.", 12, 33),
    ],
)  # fmt: skip
def test_inflected_names_and_people_after_a_quoted_organisation(
    text: str, value: float, speaker_id: int
) -> None:
    known = (
        KnownSpeaker(31, ("Олег Горобець", "Горобець"), "person", ()),
        KnownSpeaker(32, ("Обласна митна служба",), "organization", ()),
        KnownSpeaker(33, ("Павел Седов", "Седов"), "person", ()),
    )
    assert speaker_of(text, value, known).speaker_id == speaker_id


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("С 2019 по 2022 год он заключил 90 договоров.", date(2019, 1, 1), date(2022, 12, 31)),
        ("З 2020 до 2023 року він отримав 90 хабарів.", date(2020, 1, 1), date(2023, 12, 31)),
        # "по итогам года" after a year named in its sentence is that year
        ("В прошлом году собрали 50 тонн, а экспорт по итогам года составил 90 тонн.",
         date(2023, 1, 1), date(2023, 12, 31)),
    ],
)  # fmt: skip
def test_spans_of_years_and_the_year_named_before(text: str, start: date, end: date | None) -> None:
    figure = figures(text, said_on=SAID)[-1]
    assert (figure.value, figure.period_start, figure.period_end) == (90, start, end)


def test_every_same_period_of_a_sentence_takes_its_own_year() -> None:
    text = (
        "В первом квартале выпуск снизился на 12%. Выручка за тот же период упала до 50 млрд "
        "рублей против 90 млрд рублей за тот же период прошлого года."
    )
    this, last = figures(text, said_on=SAID)[-2:]
    assert (this.value, this.period_start, this.period_end) == (
        5e10,
        date(2024, 1, 1),
        date(2024, 3, 31),
    )
    assert (last.value, last.period_start, last.period_end) == (
        9e10,
        date(2023, 1, 1),
        date(2023, 3, 31),
    )


@pytest.mark.parametrize(
    "text",
    [
        "У липні споживання електроенергії в регіоні зросло на 90% порівняно з липнем минулого "
        "року.",
        "В июле потребление электроэнергии в регионе выросло на 90% по сравнению с июлем "
        "прошлого года.",
    ],
)
def test_a_month_of_last_year_after_a_comparison_is_a_base(text: str) -> None:
    figure = one(text, said_on=SAID)
    assert (figure.period_start, figure.period_end) == (date(2024, 7, 1), date(2024, 7, 31))


@pytest.mark.parametrize(
    ("text", "start", "end", "as_of"),
    [
        # "торік" as the figure's own time is last year; after "ніж" a comparison base
        ("Торік країна експортувала 90 млн тонн зерна.", date(2023, 1, 1), date(2023, 12, 31),
         None),
        ("Експорт зріс на 90%, ніж торік.", None, None, None),
        # "в текущем году", "у цьому році": this year so far
        ("В текущем году регион примет 90 тыс. гостей.", date(2024, 1, 1), None, None),
        # "на 1 октября" is as_of; "перенесли на 1 октября" is not
        ("На 1 августа долг региона составлял 90 млрд рублей.", None, None, date(2024, 8, 1)),
        # "на конец полугодия": the half just ended
        ("На конец полугодия цена метра составила 90 тыс. рублей.", None, None,
         date(2024, 6, 30)),
        # "в выходные были задержаны": the weekend just gone
        ("В выходные были задержаны 90 рейсов.", date(2024, 8, 17), date(2024, 8, 18), None),
        # "за підсумками 2024 року": that year
        ("За підсумками 2023 року доходи становили 90 млрд гривень.", date(2023, 1, 1),
         date(2023, 12, 31), None),
    ],
)  # fmt: skip
def test_last_year_this_year_as_of_dates_and_ended_halves(
    text: str, start: date | None, end: date | None, as_of: date | None
) -> None:
    figure = one(text, said_on=SAID)
    assert (figure.period_start, figure.period_end) == (start, end)
    if as_of is not None:  # (a figure without one is as of its period's end or said_on)
        assert figure.as_of == as_of


def test_a_date_something_is_moved_to_and_a_year_end_target_are_no_as_of() -> None:
    """Neither is the day a stock figure holds for: the figure is as of when it was said."""
    assert one("Выплату 90 млн рублей перенесли на 1 сентября.", said_on=SAID).as_of == SAID
    target = "Банк прогнозує інфляцію до 9% на кінець року."
    assert one(target, said_on=SAID).as_of == SAID


@pytest.mark.parametrize(
    ("text", "value", "start", "end"),
    [
        ("В первом полугодии выручка составила 50 млрд рублей против 90 млрд годом ранее.",
         9e10, date(2023, 1, 1), date(2023, 6, 30)),
        ("В первом полугодии оформлено 50 тыс. договоров против 90 тыс. за тот же период "
         "2022 года.", 9e4, date(2022, 1, 1), date(2022, 6, 30)),
        ("В первом полугодии выручка составила 50 млрд рублей против 90 млрд рублей за "
         "аналогичный период прошлого года.", 9e10, date(2023, 1, 1), date(2023, 6, 30)),
    ],
)  # fmt: skip
def test_a_year_earlier_shifts_the_span_named_before(
    text: str, value: float, start: date, end: date
) -> None:
    """Only for the figure it follows: the figure before it keeps the span named."""
    first, last = figures(text, said_on=SAID)
    assert (first.period_start, first.period_end) == (date(2024, 1, 1), date(2024, 6, 30))
    assert (last.value, last.period_start, last.period_end) == (value, start, end)


@pytest.mark.parametrize(
    ("text", "value", "start", "end"),
    [
        # "месяцем ранее", "місяцем раніше": the whole month before the one named
        ("В июле безработица снизилась до 2,4% с 2,6% месяцем ранее.", 2.6, date(2024, 6, 1),
         date(2024, 6, 30)),
        ("У липні ціни зросли до 7,5% з 6,5% місяцем раніше.", 6.5, date(2024, 6, 1),
         date(2024, 6, 30)),
    ],
)  # fmt: skip
def test_a_month_earlier_shifts_the_month_named_before(
    text: str, value: float, start: date, end: date
) -> None:
    """Only for the figure it follows, as a year earlier: the first keeps July."""
    first, last = figures(text, said_on=SAID)
    assert (first.period_start, first.period_end) == (date(2024, 7, 1), date(2024, 7, 31))
    assert (last.value, last.period_start, last.period_end) == (value, start, end)


@pytest.mark.parametrize(
    "text",
    [
        "За январь-июль выпуск вырос на 4,2% по сравнению с аналогичным периодом прошлого года.",
        "За січень-липень випуск зріс на 4,2% порівняно з аналогічним періодом минулого року.",
        "За январь-июль выпуск стали вырос на 4,2% в сравнении с тем же периодом прошлого года.",
    ],
)
def test_the_same_period_compared_with_leaves_the_span_named(text: str) -> None:
    """ "compared with the same period of last year" is the comparison base, not the figure's
    time: the figure keeps January to July of this year."""
    figure = one(text, said_on=SAID)
    assert (figure.period_start, figure.period_end) == (date(2024, 1, 1), date(2024, 7, 31))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # a half or quarter without its year, in a clause about what is to come: the coming one
        ("Во втором полугодии инфляция замедлится до 4%.", date(2024, 7, 1), None),
        ("В первом квартале инфляция замедлится до 4%.", date(2025, 1, 1), date(2025, 3, 31)),
        # ... and in a clause about the past, the latest one begun
        ("В первом квартале инфляция замедлилась до 4%.", date(2024, 1, 1), date(2024, 3, 31)),
        # a half of a year named by its distance from said_on
        ("В первом полугодии будущего года ставка составит 15%.", date(2025, 1, 1),
         date(2025, 6, 30)),
        ("У першому кварталі наступного року ставка становитиме 15%.", date(2025, 1, 1),
         date(2025, 3, 31)),
        # the year, the month, the week before last
        ("В позапрошлом году добыча составила 527 млн тонн.", date(2022, 1, 1),
         date(2022, 12, 31)),
        ("Позаминулого тижня без світла залишалися 500 тис. родин.", date(2024, 8, 5),
         date(2024, 8, 11)),
        # the coming week, in the feminine
        ("На следующей неделе выпадет до 50 мм осадков.", date(2024, 8, 26), date(2024, 9, 1)),
        # the weekend just gone, with or without a preposition
        ("В минувшие выходные подтоплены 214 домов.", date(2024, 8, 17), date(2024, 8, 18)),
        ("Минулих вихідних залізниця перевезла 312 тис. пасажирів.", date(2024, 8, 17),
         date(2024, 8, 18)),
    ],
)  # fmt: skip
def test_coming_parts_years_by_distance_and_past_weekends(
    text: str, start: date, end: date | None
) -> None:
    figure = one(text, said_on=SAID)
    assert (figure.period_start, figure.period_end) == (start, end)


FIRM = KnownSpeaker(31, ("АО «Северная сталь»", "Северная сталь"), "organization", ("компания",))
ITS_HEAD = KnownSpeaker(
    32, ("Ольга Чернова", "Чернова"), "person", ("глава компании", "генеральный директор")
)


@pytest.mark.parametrize(
    "text",
    [
        # a report noun after an adjective; the report's maker by its title
        "Выручка выросла на 12%, говорится в квартальном отчете компании.",
        "Выручка выросла на 12%, как следует из отчета компании.",
        "Выручка выросла на 12%, отмечается в обзоре компании.",
    ],
)
def test_a_report_of_a_known_organisation_is_its_own_not_its_heads(text: str) -> None:
    """ "компании" is the company, not its head titled "глава компании"."""
    assert speaker_of(text, 12, (FIRM, ITS_HEAD)).speaker_id == 31


@pytest.mark.parametrize(
    ("text", "value", "speaker"),
    [
        # an unnamed source, past the outlet it was told to
        ("За год парк сократился на 40 самолетов, рассказал РБК источник в отрасли.", 40,
         "источник в отрасли"),
        ("Возбуждено 95 дел, сообщил ТАСС источник в правоохранительных органах.", 95,
         "источник в правоохранительных органах"),
        # a post with its place, its field, then the person's name
        ("Перевезено 3 млрд пассажиров, сообщил заммэра Казани по вопросам транспорта Ильдар "
         "Сафин.", 3e9, "Ильдар Сафин"),
    ],
)  # fmt: skip
def test_unnamed_sources_and_a_post_named_with_its_place(
    text: str, value: float, speaker: str
) -> None:
    found = speaker_of(text, value)
    assert (found.speaker_id, found.speaker_name) == (None, speaker)


def test_a_hedge_before_to_after_a_verb_of_change_stays() -> None:
    """ "довести щонайменше до 13 млрд": "до" is "to" after the verb, "щонайменше" hedges."""
    assert one("Запаси планують довести щонайменше до 13 млрд кубометрів.").qualifier == "at_least"
    assert one("Производство планируют довести до 170 млн тонн.").qualifier == "exact"


@pytest.mark.parametrize(
    "text",
    ["В период с марта по май перевезено 22 млн пассажиров.",
     "З березня по травень перевезено 22 млн пасажирів."],
)  # fmt: skip
def test_from_one_month_to_another_is_both_and_between(text: str) -> None:
    figure = one(text, said_on=SAID)
    assert (figure.period_start, figure.period_end) == (date(2024, 3, 1), date(2024, 5, 31))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # "за прошлую неделю": the calendar week before; "за минувшие сутки": the last day
        ("За прошлую неделю в области произошло 75 аварий.", date(2024, 8, 12),
         date(2024, 8, 18)),
        ("За минулий місяць ціни зросли на 3%.", date(2024, 7, 1), date(2024, 7, 31)),
        ("За минувшие сутки выпало 14 мм осадков.", date(2024, 8, 19), None),
        # "в последние три года": as "за последние три года"
        ("В последние три года отремонтированы 62 школы.", date(2021, 8, 20), None),
        # a budget or forecast for a year: that year
        ("Депутаты приняли бюджет на 2025 год с доходами 204 млрд рублей.", date(2025, 1, 1),
         date(2025, 12, 31)),
        # "на этой неделе": this week so far; "в ближайшие выходные": the coming weekend
        ("На этой неделе выпало до 45 мм осадков.", date(2024, 8, 19), None),
        ("В ближайшие выходные похолодает до 12 градусов.", date(2024, 8, 24),
         date(2024, 8, 25)),
    ],
)  # fmt: skip
def test_past_calendar_units_budgets_for_a_year_and_this_week(
    text: str, start: date, end: date | None
) -> None:
    figure = one(text, said_on=SAID)
    assert (figure.period_start, figure.period_end) == (start, end)


OFFICE = KnownSpeaker(
    41, ("Главное управление МЧС России по Тверской области", "ГУ МЧС России по Тверской области"),
    "organization", ("ГУ МЧС России по региону", "ведомство"),
)  # fmt: skip
VOLNA = KnownSpeaker(42, ("ФК «Волна»", "Волна"), "organization", ("клуб",))


@pytest.mark.parametrize(
    "text",
    [
        "За сутки произошли 14 пожаров, сообщили в ГУ МЧС России по Тверской области.",
        "За сутки произошли 14 пожаров, сообщили в ГУ МЧС России по региону.",
        "За сутки произошли 14 пожаров, сообщили в Главном управлении МЧС России по Тверской "
        "области.",
    ],
)
def test_an_office_named_with_its_region(text: str) -> None:
    """ "по <region>" is part of the office's name (in any case ending)."""
    assert speaker_of(text, 14, (OFFICE,)).speaker_id == 41


def test_a_press_service_of_a_club_is_the_clubs_not_its_directors() -> None:
    text = (
        "Долг составляет 240 млн рублей, заявил генеральный директор клуба Павел Орлов. "
        "Матчи посещали в среднем 9 800 болельщиков, сообщила пресс-служба клуба."
    )
    assert speaker_of(text, 9800, (VOLNA,)).speaker_id == 42


@pytest.mark.parametrize(
    ("text", "value", "speaker"),
    [
        # a name after the office's region
        ("Раскрыты 128 преступлений, рассказал начальник управления МВД по республике Марат "
         "Гайнуллин.", 128, "Марат Гайнуллин"),
        # an adverb between the pronoun and its verb
        ("Построено 40 домов, сообщил мэр Ильдар Сафин. Он также отметил, что расселят 1 900 "
         "человек.", 1900, "Ильдар Сафин"),
        # a group that warns
        ("Синоптики предупреждают, что ветер усилится до 20 м/с.", 20, "Синоптики"),
    ],
)  # fmt: skip
def test_names_after_a_region_adverbs_before_a_verb_and_groups_that_warn(
    text: str, value: float, speaker: str
) -> None:
    found = speaker_of(text, value)
    assert (found.speaker_id, found.speaker_name) == (None, speaker)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # years ahead keep both ends; a span from a day of one month to a day of another
        ("В 2026-2027 годах индексация не превысит 9%.", date(2026, 1, 1), date(2027, 12, 31)),
        ("С 30 декабря по 8 января курорт принял 65 тыс. туристов.", date(2023, 12, 30),
         date(2024, 1, 8)),
        ("С 1 июля по 15 августа продано 38 тыс. путевок.", date(2024, 7, 1), date(2024, 8, 15)),
        # "за прошедшую неделю": the calendar week before
        ("За прошедшую неделю заболели 31 тыс. человек.", date(2024, 8, 12), date(2024, 8, 18)),
        # "с 1 сентября" in a clause about the future: the coming 1 September
        ("С 1 сентября тарифы вырастут на 9,8%.", date(2024, 9, 1), None),
        ("С 1 июля тарифы выросли на 9,8%.", date(2024, 7, 1), None),
        # seasons: the one running (from its first day), one over, the one before
        ("Этим летом курорт принял 65 тыс. туристов.", date(2024, 6, 1), None),
        ("Весной засеяли 45 тыс. гектаров.", date(2024, 3, 1), date(2024, 5, 31)),
        ("Прошлой зимой выпало 45 см снега.", date(2023, 12, 1), date(2024, 2, 29)),
    ],
)  # fmt: skip
def test_years_ahead_spans_across_months_coming_dates_and_seasons(
    text: str, start: date, end: date | None
) -> None:
    figure = one(text, said_on=SAID)
    assert (figure.period_start, figure.period_end) == (start, end)


def test_a_month_after_against_and_a_figure_is_that_figures_only() -> None:
    """ "24 тыс. против 31 тыс. в марте 2023 года": March 2023 is the 31 thousand's; the first
    keeps the month named before."""
    text = "В марте выпуск составил 24 тыс. машин против 31 тыс. в марте 2023 года."
    first, last = figures(text, said_on=SAID)
    assert (first.period_start, first.period_end) == (date(2024, 3, 1), date(2024, 3, 31))
    assert (last.period_start, last.period_end) == (date(2023, 3, 1), date(2023, 3, 31))


AIRPORT = KnownSpeaker(43, ("Международный аэропорт Толмачево", "Толмачево"), "organization",
                       ("аэропорт",))  # fmt: skip


def test_a_press_service_speaks_for_its_owner_named_by_title() -> None:
    text = "За октябрь обслужено 640 тыс. пассажиров, сообщила пресс-служба аэропорта."
    assert speaker_of(text, 640000, (AIRPORT,)).speaker_id == 43


def test_an_outlet_given_an_interview_is_not_the_speaker() -> None:
    text = (
        "Председатель правления Елена Морозова в интервью «Ведомостям» заявила, что банк "
        "выдаст 60 млрд рублей."
    )
    found = speaker_of(text, 6e10)
    assert (found.speaker_id, found.speaker_name) == (None, "Елена Морозова")


@pytest.mark.parametrize(
    "text",
    [
        "С ноября по февраль продано 50 тыс. билетов.",
        "За ноябрь-февраль продано 50 тыс. билетов.",
        "З листопада по лютий продано 50 тис. квитків.",
    ],
)
def test_months_across_new_year_start_in_the_year_before(text: str) -> None:
    """A span never ends before it starts: November of the year before February."""
    figure = one(text, said_on=SAID)
    assert (figure.period_start, figure.period_end) == (date(2023, 11, 1), date(2024, 2, 29))


def test_days_written_backwards_are_no_span() -> None:
    figure = one("С 25 по 5 августа продано 50 тыс. билетов.", said_on=SAID)
    assert (figure.period_start, figure.period_end) == (None, None)


def test_a_year_after_against_and_a_figure_with_its_noun_is_that_figures_only() -> None:
    """ "против 4 300 квартир в октябре прошлого года": the month a year back is the second
    figure's, even with its noun between; the first keeps its own period."""
    text = (
        "В октябре продано 2 100 квартир на 9,5 млрд рублей против 4 300 квартир в октябре "
        "прошлого года."
    )
    found = figures(text, said_on=date(2024, 11, 12))
    money, last = (f for f in found if f.value in (9.5e9, 4300))
    assert (money.period_start, money.period_end) == (date(2024, 10, 1), date(2024, 10, 31))
    assert (last.period_start, last.period_end) == (date(2023, 10, 1), date(2023, 10, 31))
    text = (
        "Сбор винограда в этом году составит около 60 тыс. тонн против 75 тыс. тонн в прошлом году."
    )
    this, before = figures(text, said_on=SAID)
    assert (this.period_start, this.period_end) == (date(2024, 1, 1), None)
    assert (before.period_start, before.period_end) == (date(2023, 1, 1), date(2023, 12, 31))


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        # "чем в аналогичном периоде прошлого года": a comparison base, not the figures' period
        ("За январь–июль продажи выросли до 5,2 млн штук, что на 12% больше, чем в аналогичном "
         "периоде прошлого года.", [(date(2024, 1, 1), date(2024, 7, 31))] * 2),
        # an elliptical clause with a year of its own; one without shares the clause's year
        ("На ремонт школ в 2025 году выделят 4,1 млрд рублей, в 2026 году — 4,6 млрд рублей.",
         [(date(2025, 1, 1), date(2025, 12, 31)), (date(2026, 1, 1), date(2026, 12, 31))]),
        ("Доходы в следующем году составят 120 млрд рублей, расходы — 131 млрд рублей.",
         [(date(2025, 1, 1), date(2025, 12, 31))] * 2),
        # a month or a quarter without its year in a clause about the future: the coming one,
        # the clause read to its sentence's end when the phrase stands alone before a comma
        ("В ноябре откроются около 20 новых катков.", [(date(2024, 11, 1), date(2024, 11, 30))]),
        ("В первом квартале, по словам министра, появятся 12 новых станций.",
         [(date(2025, 1, 1), date(2025, 3, 31))]),
        ("В первом квартале, по словам министра, появились 12 новых станций.",
         [(date(2024, 1, 1), date(2024, 3, 31))]),
    ],
)  # fmt: skip
def test_comparison_bases_elliptical_clauses_and_coming_months(
    text: str, periods: list[tuple[date, date | None]]
) -> None:
    assert [(f.period_start, f.period_end) for f in figures(text, said_on=SAID)] == periods


def test_as_of_the_end_of_last_year() -> None:
    figure = one("Безработица на конец прошлого года составила 2,3%.", said_on=SAID)
    assert (figure.period_start, figure.period_end, figure.as_of) == (
        None,
        None,
        date(2023, 12, 31),
    )
    figure = one("Госдолг на конец 2025 года составит 70 млрд рублей.", said_on=SAID)
    assert figure.as_of != date(2025, 12, 31)  # a year not over: a target date
