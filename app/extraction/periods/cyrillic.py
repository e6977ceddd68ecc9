"""Dates and periods written in Ukrainian and Russian, resolved against said_on.

Month names in every case news copy uses ("6 серпня", "у серпні", "за серпень", "6 августа",
"в августе"), years with or without "року"/"года", or named relative to said_on ("у вересні
минулого року"). The period finders (FINDERS in resolve.py):

- "з 6 серпня", "с 6 августа", "з 2022 року", "з початку року", "с начала июня": since that
  day, end None (none after a superlative or a comparison: "найвища з 1997 року", "порівняно
  з 2023 роком");
- "за добу", "за минулу добу", "за сутки", "за тиждень", "за последнюю неделю", "за останні
  24 години", "за 10 років": start = said_on minus that much, end None;
- "у серпні", "в 2023 году", "за серпень", "за січень — жовтень": those months or that year
  (end None while it runs; none after "ніж"/"чем", a comparison base); "цього року", "в этом
  году": its first day, end None; "минулого року", "в прошлом году": the whole of it;
- "у першому кварталі", "за перше півріччя", "за I квартал", "у першій половині року": that
  quarter or half (the coming one in a clause about the future: "во втором полугодии ...
  замедлится"; "в первом полугодии будущего года": next year's); "за дев'ять місяців": January
  to September when said after September; "в позапрошлом году": the year before last;
- "з 1 по 7 серпня": those days; "у вихідні", "в выходные": the coming Saturday and Sunday,
  the last ones after "за" or "минулі"/"минувшие" ("минулих вихідних") or in a clause told in
  the past tense;
- "наступного року", "в следующем году": the whole next year; "у 2019–2021 роках": those years;
- "по итогам года": last year when said by March, else this year so far;
- "станом на 1 вересня", "по состоянию на 1 сентября": as_of that day; "на кінець березня",
  "на конец марта": as_of the month's last day; "на ранок п'ятниці", "к утру пятницы": as_of
  the latest Friday;
- "за этот период", "за аналогічний період минулого року", "в аналогичном периоде", "годом
  ранее", "месяцем ранее", "за тот же период 2022 года": the span named before it (a year or
  a month before it, or in that year), see same_period; after "ніж"/"чем", and "(по
  сравнению) с аналогичным периодом", a comparison base, no span;
- "торік": last year (after "ніж" a comparison base); "на 1 ноября": as_of that day (not
  after "перенесли"); "на конец полугодия": as_of the end of the half just ended; "на конец
  прошлого года": as_of its last day;
- a month or a quarter without its year in a clause about the future ("В сентябре за парты
  сядут ...") is the coming one; a year or month right after "против <figure>" is that figure's.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from app.extraction.figures.numbers import parse_number
from app.extraction.periods import dates as d
from app.extraction.periods.dateread import Period, month_or_year, unit_start
from app.extraction.periods.relative import (
    calendar_period,
    following_unit,
    part_of_year,
    past_start,
)

_MONTH_FORMS = {
    1: "січня січень січні январь января январе",
    2: "лютого лютий лютому февраль февраля феврале",
    3: "березня березень березні март марта марте",
    4: "квітня квітень квітні апрель апреля апреле",
    5: "травня травень травні май мая мае",
    6: "червня червень червні июнь июня июне",
    7: "липня липень липні июль июля июле",
    8: "серпня серпень серпні август августа августе",
    9: "вересня вересень вересні сентябрь сентября сентябре",
    10: "жовтня жовтень жовтні октябрь октября октябре",
    11: "листопада листопад листопаді ноябрь ноября ноябре",
    12: "грудня грудень грудні декабрь декабря декабре",
}
MONTHS = {form: number for number, forms in _MONTH_FORMS.items() for form in forms.split()}
MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_YEAR_WORD = r"(?:\s*(?:року|році|рік|роком|р\.|года|году|год|годом|г\.))?"
# A year named by its distance from said_on's ("будущего года"); by the first five letters.
_RELATIVE_YEAR = (
    r"будущего|следующего|наступного|майбутнього|прошлого|минулого|позапрошлого|позаминулого|"
    r"текущего|этого|цього|поточного"
)
RELATIVE_YEARS = {
    "будущ": 1, "следу": 1, "насту": 1, "майбу": 1, "прошл": -1, "минул": -1, "позап": -2,
    "позам": -2, "текущ": 0, "этого": 0, "цього": 0, "поточ": 0,
}  # fmt: skip
# "у вересні минулого року", "6 августа прошлого года": the year said_on's or the one before.
_WHICH_YEAR = (
    rf"(?:\s+(?P<y>{d.YEAR}){_YEAR_WORD}|\s+(?P<rel>минулого|прошлого|цього|этого|поточного|"
    r"текущего)\s+(?:року|года))?"
)
DATE_RE = re.compile(
    rf"(?<!\w)(?P<d>[0-2]?\d|3[01])\s+(?P<m>{MONTH}){_WHICH_YEAR}(?!\w)",
    re.I,
)
MONTH_YEAR_RE = re.compile(rf"(?<!\w)(?P<m>{MONTH}){_WHICH_YEAR}(?!\w)", re.I)
YEAR_RE = re.compile(rf"(?<!\w)(?P<y>{d.YEAR}){_YEAR_WORD}(?!\w)")


def _year(m: re.Match[str], said_on: date | None) -> int | None:
    """The year written with a date or month, or named relative to said_on."""
    if m.group("y"):
        return int(m.group("y"))
    if m.group("rel") and said_on is not None:
        return said_on.year + RELATIVE_YEARS[m.group("rel").lower()[:5]]
    return None


def read_date(text: str, pos: int, said_on: date | None) -> tuple[date | None, int, str] | None:
    """A Ukrainian or Russian date at pos: (date, end, precision 'day'|'month'|'year')."""
    if m := DATE_RE.match(text, pos):
        month = MONTHS[m.group("m").lower()]
        return d.latest(month, int(m.group("d")), _year(m, said_on), said_on), m.end(), "day"
    if m := MONTH_YEAR_RE.match(text, pos):
        month = MONTHS[m.group("m").lower()]
        return d.month_start(month, _year(m, said_on), said_on), m.end(), "month"
    if m := YEAR_RE.match(text, pos):
        return date(int(m.group("y")), 1, 1), m.end(), "year"
    return None


# How far back (and on) a finder looks for the words around its match: a sentence of
# thousands of matches stays linear.
LOOK_BACK = 200
SINCE_RE = re.compile(r"(?<!\w)(?:з|із|від|с|со)\s+(?:(?P<s>початку|начала)\s+)?", re.I)
UNIT_WORDS = {"рок": "year", "рік": "year", "роц": "year", "год": "year", "місяц": "month",
              "месяц": "month", "тижн": "week", "тижд": "week", "недел": "week"}  # fmt: skip
UNIT_RE = re.compile(r"(?:цього\s+|этого\s+|поточного\s+|текущего\s+)?(?P<u>року|года|місяця|"
                     r"месяца|тижня|недели)(?!\w)", re.I)  # fmt: skip


def _unit(word: str) -> str:
    """'year', 'month' or 'week' for a Ukrainian or Russian word for it."""
    return next(unit for stem, unit in UNIT_WORDS.items() if word.lower().startswith(stem))


SUPERLATIVE_RE = re.compile(
    r"(?<!\w)(?:най\w+|самы\w+|рекордн\w+|вперше|впервые|перш\w+|перв\w+)\s+(?:[\w'’]+\s+){0,3}$",
    re.I,
)


# "порівняно з 2023 роком", "по сравнению с 2020 годом": "з"/"с" here is not "since".
COMPARING_RE = re.compile(
    r"(?<!\w)(?:порівняно|у\s+порівнянні|по\s+сравнению|в\s+сравнении)\s+$", re.I
)


def since(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'з 6 серпня', 'с начала года', 'з початку червня' and the like; after a superlative
    or 'порівняно' ('найвища з 1997 року') the date compares and gives no period."""
    lo = max(0, m.start() - 40)
    if SUPERLATIVE_RE.search(text, lo, m.start()) or COMPARING_RE.search(text, lo, m.start()):
        got = read_date(text, m.end(), said_on)
        return Period(m.start(), got[1], None, None, None) if got else None
    if m.group("s") and (u := UNIT_RE.match(text, m.end())):
        start = unit_start(_unit(u.group("u")), said_on) if said_on else None
        return Period(m.start(), u.end(), start, None, None)
    got = read_date(text, m.end(), said_on)
    if got is None:
        return None
    start = got[0]
    written_year = YEAR_AFTER_RE.match(text, m.end(), got[1]) is not None
    if start is not None and said_on is not None and start < said_on and not written_year:
        coming = d.make_date(start.year + 1, start.month, start.day)  # "С 1 июля тарифы вырастут"
        if coming is not None and coming >= said_on and _future_clause(text, m.start(), got[1]):
            start = coming
    return Period(m.start(), got[1], start, None, None)


# A year written in a date ("с 1 июля 2024 года"): the date is that one, never moved
YEAR_AFTER_RE = re.compile(rf".*?{d.YEAR}", re.S)


PAST_RE = re.compile(
    r"(?<!\w)(?:за|(?:в|у)(?=\s+(?:последн|останн)))\s+"
    r"(?:(?P<w>минул\w*|минувш\w*|останн\w*|последн\w*|прошедш\w*|прошл\w*)\s+)?"
    r"(?:(?P<n>\d{1,3}|[^\W\d_]+(?:['’][^\W\d_]+)?)\s+)??"
    r"(?P<u>добу|доби|сутки|суток|дн(?:і|ів|я|ей)|день|тиждень|тижні|тижнів|неделю|недели|"
    r"недель|місяць|місяці|місяців|месяц|месяца|месяцев|рік|роки|років|год|года|лет|"
    r"години|годин|годину|час|часа|часов)(?!\w)",
    re.I,
)
PAST_UNITS = {"доб": "day", "сут": "day", "дн": "day", "ден": "day", "тиж": "week",
              "нед": "week", "міс": "month", "мес": "month", "рік": "year", "рок": "year",
              "лет": "year", "годин": "hour", "год": "year", "час": "hour"}  # fmt: skip


def past(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'за добу', 'за последнюю неделю', 'за останні 24 години', 'в последние три года';
    'за прошлую неделю', 'за минулий місяць': the whole calendar week (month, year) before."""
    word = m.group("u").lower()
    unit = next(u for stem, u in PAST_UNITS.items() if word.startswith(stem))
    n = parse_number(m.group("n")) if m.group("n") else 1.0
    if n is None or said_on is None:
        return Period(m.start(), m.end(), None, None, None)
    which = (m.group("w") or "").lower()
    if (
        unit in ("week", "month", "year")
        and not m.group("n")
        and which.startswith(("прошл", "минул", "прошедш", "минувш"))
    ):
        return calendar_period(m, unit, False, said_on)
    return Period(m.start(), m.end(), past_start(said_on, n, unit), None, None)


# A budget or forecast for a year: "бюджет на 2025 год", "прогноз на 2026 год" (that year;
# from its first day, end None, while it runs).
PLANNED_YEAR_RE = re.compile(
    rf"(?<!\w)(?:бюджет\w*|прогноз\w*|план\w*)\s+на\s+(?P<y>{d.YEAR})\s*(?:год|рік)(?!\w)",
    re.I,
)


def planned_year(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'бюджет на 2025 год': the whole year (end None while it runs on said_on)."""
    year = int(m.group("y"))
    end = date(year, 12, 31)
    if said_on is not None and date(year, 1, 1) <= said_on <= end:
        return Period(m.start(), m.end(), date(year, 1, 1), None, None)
    return Period(m.start(), m.end(), date(year, 1, 1), end, end)


MONTHS_RE = re.compile(
    rf"(?<!\w)(?:за|у|в|протягом|впродовж)\s+(?P<a>{MONTH})\s*[-–—]\s*(?P<b>{MONTH})"
    rf"(?:\s+(?P<y>{d.YEAR}){_YEAR_WORD})?(?!\w)",
    re.I,
)


# "в период с марта по май", "з березня по травень 2024 року": the same span, read before
# "с марта" alone is read as a start (SINCE_RE)
MONTHS_FROM_RE = re.compile(
    rf"(?<!\w)(?:(?:в|у)\s+(?:период|період)\s+)?(?:с|з|із)\s+(?P<a>{MONTH})\s+(?:по|до)\s+"
    rf"(?P<b>{MONTH})(?:\s+(?P<y>{d.YEAR}){_YEAR_WORD})?(?!\w)",
    re.I,
)


def months(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'за січень — жовтень', 'за январь-сентябрь 2024 года', 'с марта по май': first to last
    month."""
    year = int(m.group("y")) if m.group("y") else None
    last = d.month_start(MONTHS[m.group("b").lower()], year, said_on)
    if last is None:
        return Period(m.start(), m.end(), None, None, None)
    first = date(last.year, MONTHS[m.group("a").lower()], 1)
    if first > last:  # "с ноября по февраль": November of the year before
        first = date(last.year - 1, first.month, 1)
    end = d.month_end(last)
    if said_on is not None and end > said_on:
        return Period(m.start(), m.end(), first, None, None)
    return Period(m.start(), m.end(), first, end, end)


IN_RE = re.compile(  # the longer openings first: "за підсумками 2024 року" is not "за"
    r"(?<!\w)(?:в\s+течение|по\s+итогам|за\s+підсумками|по\s+результатам|протягом|впродовж|"
    r"у|в|во|за)\s+",
    re.I,
)
RESULTS_RE = re.compile(
    r"(?<!\w)(?:по\s+итогам|за\s+підсумками|по\s+результатам)\s+(?:(?P<w>прошлого|минулого|"
    r"этого|цього|текущего|поточного)\s+)?(?:года|року)(?!\w)",
    re.I,
)
RESULTS_SEASON = 3  # through March, "the year's results" are last year's


def results(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'по итогам года', 'за підсумками минулого року': the year named, else last year when
    said in the first months of a year (results come out then), else this year so far."""
    word = (m.group("w") or "").lower()
    if word:
        return calendar_period(m, "year", word not in ("прошлого", "минулого"), said_on)
    lo = max(0, m.start() - LOOK_BACK)  # "в прошлом году ..., по итогам года"
    named = list(CAL_RE.finditer(text, lo, m.start()))
    if named and _unit(named[-1].group("u")) == "year":
        return calendar(named[-1], text, said_on)
    early = said_on is not None and said_on.month <= RESULTS_SEASON
    return calendar_period(m, "year", not early, said_on)


COMPARED_RE = re.compile(
    r"(?<!\w)(?:ніж|аніж|чем|порівняно\s+з|порівняно\s+із|у\s+порівнянні\s+з|по\s+сравнению\s+с|"
    r"в\s+сравнении\s+с|проти|против)\s+$",
    re.I,
)


def within(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'у серпні', 'в 2023 году', 'за серпень'; after 'ніж'/'чем' ('більше, ніж у серпні') the
    month or year is a comparison base and gives no period."""
    got = read_date(text, m.end(), said_on)
    if got is not None and COMPARED_RE.search(text, max(0, m.start() - 30), m.start()):
        return Period(m.start(), got[1], None, None, None)
    # "В сентябре за парты сядут ...": a month without its year in a clause about the future is
    # the coming one
    ahead = (
        got is not None
        and got[2] == "month"
        and text[m.end() : got[1]].strip().lower() in MONTHS
        and _future_clause(text, m.start(), got[1])
    )
    p = month_or_year(m.start(), got, said_on, ahead=ahead)
    return None if p is None else _against(p, text)  # "24,1 тыс. против 31,6 тыс. в марте"


# "против 31,6 тыс. " right before a time phrase: the time is that figure's only
AGAINST_FIGURE_RE = re.compile(
    r"(?<!\w)(?:против|проти)\s+\d[\d,.\s]*(?:%|[^\W\d_]+\.?)?(?:\s+[^\W\d_]+\.?)?\s+$", re.I
)


def _against(p: Period, text: str) -> Period:
    """The period, attached to the figure right before it when "против <figure>" precedes it
    (scope.Scope gives an attached period to that figure only)."""
    if AGAINST_FIGURE_RE.search(text, max(0, p.start - 60), p.start):
        return replace(p, attached=True)
    return p


CAL_RE = re.compile(
    r"(?<!\w)(?:(?:у|в|на)\s+)?(?P<w>цього|цей|цьому|этом|этого|поточного|поточному|текущего|"
    r"текущем|этой|этот|эту|минулого|минулий|минулому|прошлом|прошлого|прошлый|прошлой|позапрошлом|позапрошлого|"
    r"позапрошлой|позаминулого|позаминулому|позаминулий)\s+"
    r"(?P<u>року|рік|році|году|года|місяця|місяці|месяца|месяце|тижня|тижні|недели|неделе)(?!\w)",
    re.I,
)
THIS_WORDS = ("цього", "цей", "цьому", "этом", "этого", "поточного", "поточному", "текущего",
              "текущем", "этой", "этот", "эту")  # fmt: skip


# "торік": last year, the figure's own time ("торік країна експортувала 46 млн тонн"); after
# "ніж" a comparison base ("на 9% більше, ніж торік"), no span.
LAST_YEAR_RE = re.compile(r"(?<!\w)(?:торік|минулоріч)(?!\w)", re.I)


def last_year(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'торік': the whole year before said_on's, unless compared with."""
    if COMPARED_RE.search(text, max(0, m.start() - 30), m.start()) or said_on is None:
        return Period(m.start(), m.end(), None, None, None)
    return calendar_period(m, "year", False, said_on)


# A month in any case before "минулого року"/"прошлого года" ("з січнем минулого року").
MONTH_STEM_RE = re.compile(
    r"(?<!\w)(?:січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листопад|груд|январ|феврал|март|"
    r"апрел|ма[йяею]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*\s+$",
    re.I,
)


def calendar(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'цього року', 'в прошлом году' and the like; after 'ніж'/'чем'/'по сравнению с' (a
    month between: "по сравнению с январем прошлого года") a comparison base, no span; right
    after "против <figure>" that figure's only."""
    lo = max(0, m.start() - 40)
    month = MONTH_STEM_RE.search(text, lo, m.start())
    before = month.start() if month else m.start()
    if COMPARED_RE.search(text, lo, before):
        return Period(m.start(), m.end(), None, None, None)
    unit, word = _unit(m.group("u")), m.group("w").lower()
    if word.startswith("поза") and said_on is not None:  # "в позапрошлом году": one more back
        back = {"week": said_on - timedelta(days=7), "month": d.add_months(said_on, -1)}
        said_on = back.get(unit, d.add_months(said_on, -12))
    # "93 млн тонн против 104,2 млн тонн в прошлом году"
    return _against(calendar_period(m, unit, word in THIS_WORDS, said_on), text)


WEEKEND_RE = re.compile(
    r"(?<!\w)(?:(?P<p>у|в|на|за)\s+(?:(?P<w>ці|эти|минулі|прошлые|прошедшие|минувшие|наступні|"
    r"следующие|ближайшие|найближчі)\s+)?(?:вихідні|выходные)|(?P<w2>минулих|прошлых|прошедших|минувших)\s+"
    r"(?:вихідних|выходных))(?!\w)",
    re.I,
)
PAST_WEEKEND = ("за", "минулі", "прошлые", "прошедшие", "минувшие")
# Words that end as a past verb does and are not one ("около", "квартал", "состав").
NOT_PAST = (
    r"около|число|село|дело|тело|мало|тепло|масло|кило|тіло|квартал|капитал|капітал|канал|"
    r"финал|фінал|сигнал|материал|матеріал|персонал|состав|устав|залив|архив|архів|актив|мотив|"
    r"отдел|предел|раздел"
)
# A verb in the past tense: "задержали", "затримали", "выпало", "закрылась", "здійснив",
# "совершил" (not a plural genitive in -ів: "градусів").
PAST_VERB_RE = re.compile(
    rf"(?<!\w)(?!(?:{NOT_PAST})(?!\w))"
    r"(?:\w{3,}(?:ли|ла|ло|лися|лась|лись|лося|ив|ав|ув|яв|ал|ил|ел|ял|ыл)|"
    r"был[иао]?|був|була|було|були)(?!\w)",
    re.I,
)
CLAUSE_END = re.compile(r"[,;:.!?—]")


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the clause around start..end, LOOK_BACK characters each way at most."""
    lo = max(0, start - LOOK_BACK)
    lo = max((m.end() for m in CLAUSE_END.finditer(text, lo, start)), default=lo)
    hi = CLAUSE_END.search(text, end, end + LOOK_BACK)
    return lo, hi.start() if hi else min(len(text), end + LOOK_BACK)


def _past_clause(text: str, start: int, end: int) -> bool:
    """Whether the clause around start..end has a verb in the past tense."""
    return PAST_VERB_RE.search(text, *_clause(text, start, end)) is not None


def weekend(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'у вихідні', 'в выходные', 'у наступні вихідні': the coming Saturday and Sunday (said on
    a Saturday or Sunday, that weekend); 'за вихідні', 'в прошлые выходные', or in a clause
    whose verb is in the past ("в выходные задержали 86 рейсов"): the last ones."""
    if said_on is None:
        return Period(m.start(), m.end(), None, None, None)
    words = {(m.group("p") or "за").lower(), (m.group("w") or "").lower()}  # "минулих вихідних"
    if words.isdisjoint(PAST_WEEKEND) and not _past_clause(text, m.start(), m.end()):
        saturday = said_on + timedelta(days=5 - said_on.weekday())
        if said_on.weekday() == 6:
            saturday = said_on - timedelta(days=1)
    else:
        saturday = said_on - timedelta(days=said_on.weekday() + 2)
    sunday = saturday + timedelta(days=1)
    return Period(m.start(), m.end(), saturday, sunday, sunday)


ASOF_RE = re.compile(
    r"(?<!\w)(?:станом\s+на|по\s+состоянию\s+на|(?<![\w-])на)\s+"
    r"(?:(?:ранок|вечір|утро|вечер)\s+)?(?=[0-3]?\d\s)",
    re.I,
)
# "перенесли на 1 октября", "назначили на 5 мая": a date something is moved to, not as_of
MOVED_TO_RE = re.compile(r"(?:перен|отлож|назнач|заплан|відклад|признач|запланув)\w*\s+$", re.I)
# "на конец полугодия", "на кінець кварталу": as_of the last day of the half or quarter
# just ended, "на конец года" of the year
PART_END_RE = re.compile(
    r"(?<!\w)(?:станом\s+)?на\s+(?:кінець|конец)\s+(?:(?P<prev>прошлого|минулого)\s+|"
    rf"(?P<y>{d.YEAR})\s+)?(?P<u>півріччя|полугодия|кварталу|квартала|року|года)(?!\w)",
    re.I,
)


def part_end_as_of(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'на конец полугодия': the last day of the half (quarter) of said_on's year just ended;
    none ended, or 'на кінець року', is a target date ("до 9,7% на кінець року"): no as_of.
    'на конец прошлого года', 'на кінець 2023 року': that year's last day (a year not over
    by said_on is a target date)."""
    if said_on is None:
        return Period(m.start(), m.end(), None, None, None)
    unit = m.group("u").lower()
    if unit in ("року", "года") and (m.group("prev") or m.group("y")):
        year = said_on.year - 1 if m.group("prev") else int(m.group("y"))
        last = date(year, 12, 31)
        return Period(m.start(), m.end(), None, None, last if last < said_on else None)
    months = 6 if unit.startswith(("пів", "пол")) else 3 if unit.startswith("квартал") else 12
    first = date(said_on.year, 1, 1)
    ends = [d.add_months(first, k) - timedelta(days=1) for k in range(months, 13, months)]
    ended = [day for day in ends if day < said_on]
    if not ended:  # "до 9,7% на кінець року": a target date, no as_of
        return Period(m.start(), m.end(), None, None, None)
    return Period(m.start(), m.end(), None, None, ended[-1])


def as_of(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'станом на 1 вересня', 'по состоянию на 1 сентября', 'на 1 ноября' (not 'перенесли на
    1 ноября')."""
    if MOVED_TO_RE.search(text, max(0, m.start() - 20), m.start()):
        return None
    got = read_date(text, m.end(), said_on)
    if got is None or got[2] != "day":
        return None
    return Period(m.start(), got[1], None, None, got[0])


# Weekday names by the start all their cases share (index as in dates.WEEKDAYS).
_WEEKDAY_STEMS = (
    ("понеділ", "понедельник"), ("вівтор", "вторник"), ("серед", "сред"), ("четвер",),
    ("п'ятниц", "п’ятниц", "пятниц"), ("субот", "суббот"), ("неділ", "воскресень"),
)  # fmt: skip
WEEKDAY_STEMS = {stem: day for day, stems in enumerate(_WEEKDAY_STEMS) for stem in stems}
# "станом на ранок п'ятниці", "на ранок суботи", "к утру пятницы", "на утро понедельника":
# as_of the latest such weekday (said_on itself on that day).
WEEKDAY_ASOF_RE = re.compile(
    r"(?<!\w)(?:(?:станом|по\s+состоянию)\s+)?(?:на|к)\s+(?:ранок|вечір|утро|вечер|утру|вечеру)\s+"
    r"(?P<w>" + "|".join(sorted(WEEKDAY_STEMS, key=len, reverse=True)) + r")\w*",
    re.I,
)


def weekday_as_of(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'на ранок п'ятниці', 'к утру пятницы': as_of the latest such weekday."""
    day = WEEKDAY_STEMS.get(m.group("w").lower().replace("’", "'"))
    if day is None:
        return None
    return Period(m.start(), m.end(), None, None, d.last_weekday(d.WEEKDAYS[day], said_on))


# "на кінець березня", "на конец марта 2024 года": as_of the month's last day.
MONTH_END_RE = re.compile(
    rf"(?<!\w)(?:станом\s+)?на\s+(?:кінець|конец)\s+(?P<m>{MONTH}){_WHICH_YEAR}(?!\w)", re.I
)


def month_end_as_of(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'на кінець березня', 'на конец сентября': the month's last day, as_of."""
    start = d.month_start(MONTHS[m.group("m").lower()], _year(m, said_on), said_on)
    return Period(m.start(), m.end(), None, None, d.month_end(start) if start else None)


# "наступного року", "на наступний рік", "в следующем году", "на следующий год": the whole
# calendar year (month, week) after said_on's.
NEXT_RE = re.compile(
    r"(?<!\w)(?:(?:у|в|на)\s+)?(?:наступн(?:ого|ий|ому)|следующ(?:ем|ий|его|ей|ую)|будущ(?:ем|ий|его|ей|ую)|"
    r"майбутн(?:ього|ій|ьому))\s+(?P<u>року|рік|році|году|год|года|місяця|місяць|місяці|месяце|"
    r"месяц|месяца|тижня|тиждень|тижні|неделе|неделю|недели)(?!\w)",
    re.I,
)


def following(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'наступного року', 'в следующем году': the whole next calendar year (month, week)."""
    return following_unit(m, _unit(m.group("u")), said_on)


# "у 2019–2021 роках", "в 2019-2021 годах", "с 2019 по 2022 год": those whole years.
YEARS_RE = re.compile(
    rf"(?<!\w)(?:(?:у|в|за|протягом|впродовж)\s+(?P<a>{d.YEAR})\s*[-–—]\s*(?P<b>{d.YEAR})|"
    rf"(?:з|із|с)\s+(?P<a2>{d.YEAR})\s+(?:по|до)\s+(?P<b2>{d.YEAR}))"
    r"(?:\s*(?:роках|роки|років|рік|рр\.|годах|годы|год|гг\.))?(?!\w)",
    re.I,
)


def years(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'у 2019–2021 роках': 1 January of the first to 31 December of the last (end None while
    the last runs)."""
    first, last = int(m.group("a") or m.group("a2")), int(m.group("b") or m.group("b2"))
    if last < first:
        return None
    start, end = date(first, 1, 1), date(last, 12, 31)
    if said_on is not None and start <= said_on <= end:  # still running; ahead: both bounds
        return Period(m.start(), m.end(), start, None, None)
    return Period(m.start(), m.end(), start, end, end)


CYRILLIC_ORDINALS = {
    "перш": 1, "перв": 1, "i": 1, "1": 1, "друг": 2, "втор": 2, "ii": 2, "2": 2, "трет": 3,
    "iii": 3, "3": 3, "четверт": 4, "iv": 4, "4": 4,
}  # fmt: skip
QUARTER_RE = re.compile(
    r"(?<!\w)(?:у|в|во|за)\s+(?P<o>перш|перв|друг|втор|трет|четверт|iv|iii|ii|i|[1-4])\w*"
    r"(?:-?(?:му|м|й|го))?\s+(?P<u>квартал\w*|півріч\w*|полугоди\w*|половин\w*(?=\s+(?:\d{4}\s+)?(?:року|года)))"
    rf"(?:\s+(?P<y>{d.YEAR}){_YEAR_WORD}|\s+(?P<rel>{_RELATIVE_YEAR})\s+(?:року|года))?(?!\w)",
    re.I,
)
# A verb or word that puts a clause in the future: "замедлится", "составит", "будет", "прогноз".
FUTURE_RE = re.compile(
    r"(?<!\w)(?:будет|будут|буде|будуть|станет|стане|прогноз\w*|ожида\w*|очіку\w*|"
    r"планиру\w*|план\w*|замедлится|ускорится|снизится|сократится|увеличится|вырастет|"
    r"составит|составят|превысит|достигнет|сповільниться|прискориться|знизиться|скоротиться|"
    r"збільшиться|зросте|складе|перевищить|сягне|досягне|вырастут|снизятся|сократятся|"
    r"увеличатся|замедлятся|превысят|достигнут|подорожают|подешевеют|зростуть|знизяться|"
    r"подорожчають|откро(?:ет|ют|ется|ются)|созда(?:ст|дут)|сяд(?:ет|ут)|начн(?:[её]т|ут|[её]тся|"
    r"утся)|пройд(?:[её]т|ут)|появ(?:ится|ятся)|заверш(?:ится|атся)|закончится|запуст(?:ят|ит)|"
    r"постро(?:ят|ит)|введ(?:ут|[её]т)|получ(?:ат|ит)|выдел(?:ят|ит)|направ(?:ят|ит)|"
    r"відкри(?:ється|ються|є|ють)|створ(?:ять|ить)|почн(?:еться|уться)|пройд(?:е|уть)|"
    r"з['’]яв(?:иться|ляться)|заверш(?:иться|аться)|запуст(?:ять|ить)|(?:з|по)будують|"
    r"отрима(?:ють|є)|виділ(?:ять|ить)|спрямують)(?!\w)",
    re.I,
)


SENTENCE_END_RE = re.compile(r"[;!?]|\.(?=\s+[А-ЯІЇЄҐЁA-Z]|\s*$)")


def _future_clause(text: str, start: int, end: int) -> bool:
    """Whether the clause around start..end speaks of what is to come and not of the past; a
    phrase that is a clause of its own ("Во втором квартале, по его словам, откроются ...")
    by the rest of its sentence."""
    lo, stop = _clause(text, start, end)
    future, past = FUTURE_RE.search(text, lo, stop), PAST_VERB_RE.search(text, lo, stop)
    if not future and not past and not text[end:stop].strip():  # the phrase alone: read on
        last = SENTENCE_END_RE.search(text, stop, stop + LOOK_BACK)
        lo, stop = stop, last.start() if last else min(len(text), stop + LOOK_BACK)
        future, past = FUTURE_RE.search(text, lo, stop), PAST_VERB_RE.search(text, lo, stop)
    return future is not None and past is None


def quarter(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'у першому кварталі', 'за I квартал 2024 года', 'за перше півріччя', 'в первом
    полугодии будущего года'; without a year, in a clause about the future ("во втором
    полугодии рост цен замедлится") the first such part not over by said_on."""
    index = CYRILLIC_ORDINALS[m.group("o").lower()]
    months = 3 if m.group("u").lower().startswith("квартал") else 6
    if months == 6 and index > 2:
        return None
    year = _year(m, said_on)  # "за I квартал 2024 года", "в первом полугодии будущего года"
    ahead = year is None and _future_clause(text, m.start(), m.end())
    return part_of_year(m, months, index, year, said_on, ahead=ahead)


FIRST_MONTHS_RE = re.compile(
    r"(?<!\w)за\s+(?:перші\s+|первые\s+)?(?P<n>\d{1,2}|[^\W\d_]+(?:['’][^\W\d_]+)?)\s+"
    r"(?:місяців|месяцев)(?:\s+(?:цього|этого|поточного|текущего)\s+(?:року|года))?(?!\w)",
    re.I,
)


def first_months(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'за дев'ять місяців', 'за первые 10 месяцев': January to the n-th month."""
    n = parse_number(m.group("n"))
    if n is None or said_on is None or not 1 < n < said_on.month:
        return None  # not months of this year: "за 10 місяців" said in May is the past ten
    return part_of_year(m, int(n), 1, None, said_on)


# A season: "этой зимой", "этим летом", "весной", "прошлой осенью", "цієї зими", "влітку".
SEASON_RE = re.compile(
    r"(?<!\w)(?:(?P<w>этой|этим|этою|прошлой|прошлым|минулої|минулого|цієї|цього|цим)\s+)?"
    r"(?P<s>зимой|зимою|зими|зима|весной|весною|весни|летом|літа|осенью|осени|осені|взимку|"
    r"навесні|влітку|восени)(?!\w)",
    re.I,
)
# A season's first month by how its word starts (the longest start first).
SEASON_STARTS = (("навес", 3), ("восен", 9), ("взим", 12), ("осен", 9), ("осін", 9),
                 ("зим", 12), ("вес", 3), ("лет", 6), ("літ", 6), ("влі", 6))  # fmt: skip


def season(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """The season begun last by said_on (still running: from its first day, end None); with
    "прошлой"/"минулої" the last one over. Winter is December to February."""
    if said_on is None:
        return Period(m.start(), m.end(), None, None, None)
    word = m.group("s").lower()
    first_month = next(month for begins, month in SEASON_STARTS if word.startswith(begins))
    start = date(said_on.year, first_month, 1)
    if start > said_on:  # not begun this year: last year's
        start = date(start.year - 1, first_month, 1)
    last = d.add_months(start, 3) - timedelta(days=1)
    if (m.group("w") or "").lower().startswith(("прошл", "минул")) and last >= said_on:
        start = date(start.year - 1, first_month, 1)
        last = d.add_months(start, 3) - timedelta(days=1)
    if last >= said_on:
        return Period(m.start(), m.end(), start, None, None)
    return Period(m.start(), m.end(), start, last, last)


# "с 31 декабря по 11 января", "с 1 октября по 15 ноября": from one day to another
DATE_SPAN_RE = re.compile(
    rf"(?<!\w)(?:з|с|із)\s+(?P<a>[0-2]?\d|3[01])\s+(?P<ma>{MONTH})\s+(?:по|до)\s+"
    rf"(?P<b>[0-2]?\d|3[01])\s+(?P<m>{MONTH})(?:\s+(?P<y>{d.YEAR}){_YEAR_WORD})?(?!\w)",
    re.I,
)


def date_span(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'с 31 декабря по 11 января': from the first day to the last (the last the latest such
    day by said_on unless a year is written; the first the latest before it)."""
    year = int(m.group("y")) if m.group("y") else None
    month = MONTHS[m.group("ma").lower()]
    last = d.latest(MONTHS[m.group("m").lower()], int(m.group("b")), year, said_on)
    if last is None:
        return Period(m.start(), m.end(), None, None, None)
    first = d.make_date(last.year, month, int(m.group("a")))
    if first is not None and first > last:
        first = d.make_date(last.year - 1, month, int(m.group("a")))
    return Period(m.start(), m.end(), first, last, last)


DAYS_RE = re.compile(
    rf"(?<!\w)(?:з|с)\s+(?P<a>[0-2]?\d|3[01])\s+(?:по|до)\s+(?P<b>[0-2]?\d|3[01])\s+"
    rf"(?P<m>{MONTH})(?:\s+(?P<y>{d.YEAR}){_YEAR_WORD})?(?!\w)",
    re.I,
)


def days(m: re.Match[str], text: str, said_on: date | None) -> Period | None:
    """'з 1 по 7 серпня', 'с 5 по 11 августа': those days."""
    year = int(m.group("y")) if m.group("y") else None
    month = MONTHS[m.group("m").lower()]
    last = d.latest(month, int(m.group("b")), year, said_on)
    first = None if last is None else d.make_date(last.year, month, int(m.group("a")))
    if last is None or first is None or first > last:  # "с 25 по 5 августа" is no span
        return Period(m.start(), m.end(), None, None, None)
    return Period(m.start(), m.end(), first, last, last)


SAME_PERIOD_RE = re.compile(
    r"(?<!\w)(?:(?:(?:за|у|в)\s+(?:цей|этот|той\s+самий|той\s+же|тот\s+же|аналогічний|"
    r"аналогичный)\s+(?:період|период)|(?:у|в)\s+(?:цьому|этом|тому\s+самому|том\s+же|"
    r"аналогічному|аналогичном)\s+(?:періоді|периоде)|(?P<with>аналогічним|аналогичным|тим\s+самим|тем\s+же)\s+"
    r"(?:періодом|периодом))(?:\s+(?:(?P<prev>минулого|прошлого)\s+(?:року|года)|"
    rf"(?P<y>{d.YEAR})\s+(?:року|года)))?|(?P<ago>годом\s+ранее|годом\s+раньше|роком\s+раніше)|"
    r"(?P<month>месяцем\s+ранее|месяцем\s+раньше|місяцем\s+раніше)|"
    r"(?P<week>неделей\s+ранее|неделей\s+раньше|тижнем\s+раніше))(?!\w)",
    re.I,
)


# A number and up to two words (its scale, its unit) right before: "90 млрд рублей ".
FIGURE_BEFORE_RE = re.compile(r"\d[\d,.]*(?:\s?%|(?:\s+[^\W\d_]+\.?){0,2})\s+$")


def _moved(m: re.Match[str], named: Period) -> tuple[date | None, date | None]:
    """The span a back-reference names: the one named before, or a year ("годом ранее", "за
    тот же период прошлого года"), a month ("месяцем ранее": that whole month) or a week back
    ("неделей ранее"), or in the year it names ("за тот же период 2022 года")."""
    first, last = named.period_start, named.period_end
    if m.group("week"):
        week = timedelta(days=7)
        return (first - week if first else None), (last - week if last else None)
    if m.group("month") and first is not None:
        start = d.add_months(first, -1)
        return start, d.add_months(start, 1) - timedelta(days=1)
    shift = -12 if m.group("prev") or m.group("ago") else 0
    if m.group("y") and first is not None:
        shift = 12 * (int(m.group("y")) - first.year)
    return (d.add_months(first, shift) if first else None), (
        d.add_months(last, shift) if last else None
    )


def same_period(text: str, earlier: Period | None, found: Sequence[Period] = ()) -> list[Period]:
    """Each 'за этот период', 'за аналогічний період минулого року' of the sentence: the span
    named before it in the sentence (found), else in an earlier sentence (a year earlier with
    'минулого року'), where the back-reference is written; after 'ніж'/'чем'/'проти' a
    comparison base, no span ("на 11% більше, ніж за аналогічний період минулого року"); a
    span moved to another year right after a figure is that figure's only ("50 млрд против 90
    млрд годом ранее": attached, as the English "a year earlier")."""
    backs: list[Period] = []
    dated = [p for p in found if p.period_start or p.period_end]  # in order, none overlapping
    ends = [p.end for p in dated]
    for m in SAME_PERIOD_RE.finditer(text):
        # "по сравнению с аналогичным периодом прошлого года": always what is compared with
        if m.group("with") or COMPARED_RE.search(text, max(0, m.start() - 30), m.start()):
            backs.append(Period(m.start(), m.end(), None, None, None))
            continue
        at = bisect_right(ends, m.start())  # the spans that end before it
        named = dated[at - 1] if at else earlier
        if named is None:
            continue
        start, end = _moved(m, named)
        # "50 млрд против 90 млрд годом ранее": a span moved back only for the figure right before
        moved = start != named.period_start or end != named.period_end
        attached = moved and FIGURE_BEFORE_RE.search(text, max(0, m.start() - 40), m.start())
        backs.append(Period(m.start(), m.end(), start, end, end, attached=bool(attached)))
    return backs
