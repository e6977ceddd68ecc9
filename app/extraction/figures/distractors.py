"""Numbers that are not figures: dates, years, times, ages, ordinals, phones, lists, names.

Masked spans: calendar dates ("August 6, 2024", "6 August", "2024-08-06", "06/08/2024",
"August 6-14"), times ("3 p.m.", "10:30", "0600 GMT", "5 o'clock"), ages ("a 45-year-old",
"aged 45", "45 years old", "Ivan Petrov, 45,"), phone numbers (a "+" country code, a
bracketed area code, "555-1234", or digits after "call"/"hotline"/"phone"), list numbering
at the start of a sentence or "(2)", scores ("a 5-4 ruling", "won 3-1", "a 2-2 draw") and
ratios ("one in five"), page and section numbers ("page 12", "p. 4", "paragraph 3"),
numbers that make a noun an adjective ("a 300-page report", "the 12-member panel"), age
limits ("children under 12", "people over 65", "aged between 18 and 25", "ages 5, 7 and 9")
and numbered names ("the Group of 20").
A spelled-out number capitalised in mid-sentence is part of a name ("the Group of Seven",
"Formula One").
Numbers glued to letters are names or ordinals ("F-16", "Su-34", "COVID-19", "3rd",
"1990s", "155mm"), except unit suffixes ("10km", "$3bn"). A number right after a
capitalised word in mid-sentence is part of a name ("Boeing 737", "Article 5", "Route 66").
Ukrainian and Russian dates ("6 серпня", "2 сентября 2024 года"), ages ("45-річна", "в
возрасте 45 лет"), ordinals and compound adjectives ("47-ї бригади", "577-місній") and scores
("з рахунком 1:2"), article and item numbers ("ч. 2 ст. 438", "№ 41"), house numbers and
phone lines are masked too.
A bare four-digit number from 1800 to 2100 is a year unless a qualifier and a count noun
make it a count ("some 2000 troops").
"""

from __future__ import annotations

import re

from app.extraction.periods import cyrillic as cy
from app.extraction.periods.dates import DATE_RE, DAY, MONTH, MONTH_YEAR_RE, MONTHS, WEEKDAYS
from app.extraction.speakers.lexicon import words

_SMALL = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
CYRILLIC_MEASURES = (
    r"(?:кіло|кило|санти|мілі|милли|мега|гіга|гига)?(?:метр|грам|ват)|тонн|градус|гектар|"
    r"відсот|процент"
)
MASK_RES = (
    DATE_RE,
    re.compile(rf"\b{MONTH}\s+{DAY}\s*[-–]\s*{DAY}\b"),
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b"),
    re.compile(r"\b(?:1[89]|20)\d{2}\s*[-–/]\s*(?:(?:1[89]|20)\d{2}|\d{2})\b"),
    re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:[ap]\.m\.?|[ap]m\b)", re.I),
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\b"),  # "10:30", a race time "2:06:48"
    re.compile(
        r"\b[0-2]\d[0-5]\d\s*(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|PST|PDT|hrs\b|local time)"
    ),
    re.compile(r"\bas\s+(?:young|old)\s+as\s+(?:\d{1,3}|[a-z]+)\b", re.I),  # an age
    re.compile(r"\b\d{2,3}\s+(?:emergency\s+)?(?:line|hotline|helpline|number)\b", re.I),
    re.compile(rf"\b{_SMALL}\s+o['’]clock\b", re.I),
    re.compile(r"\b\d{1,3}[-\s](?:year|month|week|day)s?[-\s]old\b", re.I),
    re.compile(r"\baged?\s+\d{1,3}\b", re.I),
    re.compile(r"\b\d{1,3}\s+years?\s+(?:old|of\s+age)\b", re.I),
    re.compile(r"\b(?:turns|turned|turning)\s+\d{1,3}\b", re.I),
    re.compile(r"\+\d{1,3}[\s.-]?(?:\(\d+\)[\s.-]?)?\d{1,4}(?:[\s.-]\d{2,4}){1,4}"),
    re.compile(r"\(\d{2,5}\)\s*\d{2,4}(?:[\s.-]\d{2,4}){1,3}"),
    re.compile(r"\b(?:1[-.\s])?\d{3}[-.]\d{3}[-.]\d{4}\b|\b\d{3}-\d{4}\b"),
    re.compile(r"^\W*\(?\d{1,2}[.)](?=\s)"),
    re.compile(r"\(\d{1,2}\)"),
    re.compile(rf"\b{_SMALL}\s+in\s+(?:every\s+)?{_SMALL}\b", re.I),
    # Ukrainian and Russian: "6 серпня 2024 року", "10–15 июня", ages ("45-річна", "в
    # возрасте 45 лет"), an address "на улице Ленина, 45", "по номеру 122"
    cy.DATE_RE,
    re.compile(rf"(?<!\w)[0-2]?\d\s*[-–—]\s*[0-3]?\d\s+(?:{cy.MONTH})(?!\w)", re.I),
    re.compile(
        r"(?<!\w)(?i:улиц\w*|вулиц\w*|проспект\w*|просп\.|пр\.|площ\w*|переул\w*|"
        r"провул\w*|бульвар\w*|шосе|шоссе)\s+[А-ЯІЇЄҐЁ][\w'’-]*(?:\s+[А-ЯІЇЄҐЁ][\w'’-]*)?,?\s*"
        r"\d+[а-яіє]?(?!\w)"
    ),
    re.compile(r"(?i:(?<!\w)номер\w*\s+)\d+(?!\w)"),
    re.compile(r"\b\d{1,3}[-\s]?(?:річн|літн|летн)\w*", re.I),
    # ordinals and compound adjectives ("47-ї бригади", "577-місній асамблеї"), but not
    # measurements ("10-кілометрова ділянка")
    re.compile(rf"\b\d+-(?!{CYRILLIC_MEASURES})[а-яіїєґё]+", re.I),
    re.compile(r"(?<![\d:])\d{1,2}\s?:\s?\d(?![\d:])"),  # scores: "1:2", "3 : 0"
    re.compile(r"(?<!\w)(?:у\s+віці|в\s+возрасте)\s+\d{1,3}\b", re.I),
)
# Nouns a number turns into an attribute when joined by a hyphen ("a 300-page report"); units
# of measure are left alone ("a 300-km front" states a length).
ATTRIBUTE_NOUNS = (
    "page|member|seat|bed|room|storey|story|floor|chapter|episode|volume|part|track|song|hole|"
    "lane|door|man|woman|person|nation|country|party|state|team|judge|word|line|item|step|"
    "minute|hour|day|week|month|year|game|match|stage|round|car|vehicle|carriage|wheel|"
    "ship|plane|bedroom|star|course|piece|point"
)
PEOPLE = (
    "children|kids|people|adults|those|anyone|everyone|pupils|students|boys|girls|teenagers|"
    "youths|men|women|patients|citizens|voters|drivers|workers|residents|infants|babies|"
    "visitors|applicants|players|athletes|persons|individuals|minors|seniors|pensioners"
)
GROUP_MASK_RES = (
    re.compile(r"\b[A-Z][\w'’-]+,\s+(\d{1,3}),\s"),
    re.compile(
        r"\b[A-Z][\w'’-]+\s+[A-Z][\w'’-]+,\s+(\d{1,3})(?=\.(?:\s|$)|$|;)"
    ),  # "Paul Green, 52."
    re.compile(rf"\b(\d[\d,]*)-(?:{ATTRIBUTE_NOUNS})\b(?=[\s-]+[a-z])", re.I),
    re.compile(
        rf"\b(?:{PEOPLE})\s+(?:(?:aged|age)\s+)?(?:under|over|above|below|older\s+than|"
        rf"younger\s+than)\s+(?:the\s+age\s+of\s+)?(\d{{1,3}})\b(?!\s*(?:%|per\s?cent))",
        re.I,
    ),
    re.compile(r"\baged\s+(?:between\s+)?(\d{1,3}(?:\s*(?:,|and|to|-|–)\s*\d{1,3})+)\b", re.I),
    re.compile(r"\bages?\s+(\d{1,3}(?:\s*(?:,|and|to|-|–)\s*\d{1,3})+)\b", re.I),
    re.compile(
        r"\b(?:page|pages|p\.|pp\.|paragraph|para\.|section|clause|chapter|line|footnote|"
        r"annex|appendix|table|figure|fig\.)\s+(\d+(?:\s*[-–]\s*\d+)?)\b",
        re.I,
    ),
    re.compile(r"\b(?:Group|Club|Class|Council|Gang|League|Committee|Circle)\s+of\s+(\d+)\b"),
    re.compile(
        r"(?i:\b(?:won|win|wins|winning|lost|lose|loses|losing|beat|beats|beating|drew|draw|draws|"
        r"drawing|defeated|defeating|trailed|trailing|led|leading|thrashed|edged|scored)\b)"
        r"[^.\d]{0,40}?\b(\d{1,2}\s*[-–]\s*\d{1,2}(?:,?\s+\d{1,2}\s*[-–]\s*\d{1,2})*)\b"
    ),
    re.compile(
        r"\b(\d{1,2}\s*[-–]\s*\d{1,2})\s+(?:draw|home\s+win|away\s+win|scoreline|lead|"
        r"victory|win|defeat|loss|thrashing|result)\b",
        re.I,
    ),
    re.compile(r"\b[A-Z][\w'’-]+\s+\((\d{1,3})\)"),
    re.compile(
        r"(?i:\b(?:call(?:ing|ed|s)?|phon(?:e|ing)|ring(?:ing)?|hotline|helpline|tel\.?|"
        r"telephone|dial(?:ling)?|fax|whatsapp|text(?:ing)?)\b\D{0,20}?)(\d[\d\s.-]{5,}\d)"
    ),
    # a number written as a phone number is: "0300 555 0192", "020 7946 0958"
    re.compile(r"(?<![\d,.])(0\d{2,4}[ -]\d{3,4}[ -]\d{3,4})(?![\d,])"),
    # lower-case names numbered, one or several: "junction 4", "between junctions 4 and 7"
    re.compile(
        r"(?i:\b(?:junction|route|platform|gate|flight|section|article|chapter|page|line|track|"
        r"pier|berth|ward|block|exit|runway|district|precinct|terminal|item|clause|paragraph|"
        r"annex|appendix|bus|room|lot|hall)s?\s+)"
        r"(\d+(?:\s*(?:,|and|or|to|-|–)\s*\d+)*)\b(?!\s*(?:%|per\s?cent|percent))"
    ),
    re.compile(r"\b(\d{1,2}-\d{1,2})\s+(?:vote|ruling|decision)"),
    re.compile(
        r"\b(\d+\s+(?:[A-Z][\w'’]+\s+)+(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.|Square|Lane|"
        r"Terrace|Close|Drive|Way|Place|Crescent|Court|Gardens|Row|Parade|Boulevard|Blvd\.?|Quay|"
        r"Walk|Mews|Grove|Hill))\b"
    ),
    re.compile(r"(?i:\b(?:number|no\.|IMO|serial|reference|ref\.|code|ID)\s+)(\d{4,})\b"),
    # Ukrainian and Russian numbering: "№ 41", "ст. 115", "ч. 2 ст. 438", "статті 15", "пункт 3",
    # addresses ("вул. Шевченка, 15"), phone lines ("гаряча лінія 0 800 500 335")
    re.compile(
        r"(?i:(?<!\w)(?:№|ст\.|статт\w*|стать\w*|ч\.|частин\w*|част[ьи]|п\.|пункт(?:а|у|ом|і|е)?|"
        r"підпункт\w*|подпункт\w*|розділ\w*|раздел\w*|глав[аиі]|дільниц[яі]\s+№?|участ\w*\s+№?|"
        r"маршрут\w*|рейс\w*|буд\.|д\.|кв\.(?=\s*\d+\b(?!\s*(?:км|м))))\s*)(\d+(?:[-–]\d+)?)"
    ),
    re.compile(r"(?:вул\.|ул\.|просп\.|пр\.|пров\.|пер\.)\s*[А-ЯІЇЄҐЁ][\w'’-]+,?\s+(\d+\w?)"),
    re.compile(
        r"(?i:(?<!\w)(?:телефон\w*|тел\.|гаряч\w+\s+лін\w+|горяч\w+\s+лин\w+)\D{0,20}?)"
        r"(\d[\d\s()-]{5,}\d)"
    ),
)
UNIT_SUFFIXES = {
    "km²",
    "km",
    "km2",
    "mi",
    "ha",
    "kg",
    "bn",
    "mn",
    "mln",
    "m",
    "k",
    "tn",
    "trn",
    "t",
    "c",  # "41C"
    "f",  # "106F"
    "mm", "cm", "mph", "kph", "kmh", "ft", "lb", "lbs", "oz", "ml",
    "gw", "mw", "kw", "twh", "gwh", "mwh", "kwh",
}  # fmt: skip
NOT_NAMES = {
    "some", "about", "around", "nearly", "almost", "over", "under", "more", "than", "up",
    "at", "in", "on", "by", "since", "and", "but", "or", "the", "a", "an", "only", "just",
    "roughly", "approximately", "another", "all", "of", "from", "to", "with", "between",
    "less", "fewer", "least", "most", "estimated", "exactly", "below",
    "above", "killed", "wounded", "lost", "destroyed", "it", "he", "she", "they", "we", "i",
    "as", "for", "after", "before", "during", "while", "when", "if", "that", "this",
}  # fmt: skip
CURRENCY_CODES = {"USD", "EUR", "GBP", "UAH", "RUB", "CHF", "JPY", "CNY", "CAD", "AUD", "PLN"}


# Nouns that a number names rather than counts ("Route 9", "Terminal 2", "Item 7").
NUMBERED_NAMES = words(
    """route item terminal platform gate flight group section article chapter page line bus
    track stage pier berth zone ward block building exit junction runway district precinct
    station unit room level phase lot clause rule game week highway interstate channel pitch
    court table figure annex appendix paragraph"""
)
LETTERS_RE = re.compile(r"[A-Za-z²]+")
CALIBRES = {"mm", "cm"}
CALIBRE_NOUN = re.compile(
    r"\s+(?:[a-z]+-)?(?:shells?|rounds?|guns?|howitzers?|cannons?|mortars?|rockets?|ammunition|artillery|calibre|caliber)\b"
)
CAPITALISED_BEFORE_RE = re.compile(r"([A-Z][\w.’'-]*)[ \u00a0]$")
NAME_WINDOW = 200  # a name longer than this is not a name: keeps long sentences linear
LIST_NUMBER_RE = re.compile(r"\W*\(?\d{1,2}[.)]")
LEAD_STRIP = " \t“\"‘'(["


def masked_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of text whose numbers are not figures."""
    spans = [m.span() for rx in MASK_RES for m in rx.finditer(text)]
    spans += [m.span(1) for rx in GROUP_MASK_RES for m in rx.finditer(text)]
    spans += [
        m.span()
        for rx in (MONTH_YEAR_RE, cy.MONTH_YEAR_RE)
        for m in rx.finditer(text)
        if m.group("y")
    ]
    return spans


def glued_to_letters(text: str, start: int, end: int) -> bool:
    """Whether the number is part of a code or an ordinal ('F-16', '3rd', '1990s')."""
    before = text[max(0, start - 2) : start]
    if before[-1:].isalpha() or before[-1:] == "#":
        return True
    if before[-1:] in ("-", "/") and before[:1].isalpha():
        return True
    after = LETTERS_RE.match(text, end)
    if (
        after is not None
        and after.group().lower() in CALIBRES
        and CALIBRE_NOUN.match(text, after.end())
    ):
        return True  # "155mm shells": a calibre names the shells
    return after is not None and after.group().lower() not in UNIT_SUFFIXES


def _opens_or_follows_colon(text: str, end: int) -> bool:
    """Whether text[:end] is empty, or ends with a colon, once a list number and quotes go."""
    lead = LIST_NUMBER_RE.match(text, 0, end)
    first = lead.end() if lead else 0
    last = end
    while last > first and text[last - 1] in LEAD_STRIP:
        last -= 1
    return last == first or text[last - 1] == ":"


def after_capitalised(text: str, start: int) -> bool:
    """Whether the number follows a capitalised word in mid-sentence ('Boeing 737')."""
    m = CAPITALISED_BEFORE_RE.search(text, max(0, start - NAME_WINDOW), start)
    if m is None:
        return False
    word = m.group(1)
    if word.lower() in NUMBERED_NAMES:
        return True  # "Route 9 trams ...", "Item 7 on the agenda", even opening a sentence
    if _opens_or_follows_colon(text, m.start()):
        return False
    low = word.lower().rstrip(".")
    if low in NOT_NAMES or low in MONTHS or low in WEEKDAYS or word in CURRENCY_CODES:
        return False
    return not re.search(r"['’]s$", word) and not word.endswith("$")


def spelled_name(text: str, start: int) -> bool:
    """Whether a spelled-out number starting at offset start is capitalised in mid-sentence,
    as in a name ("the Group of Seven", "Formula One")."""
    if not text[start : start + 1].isupper():
        return False
    return not _opens_or_follows_colon(text, start)


def looks_like_year(raw: str, value: float) -> bool:
    """Whether a bare number reads as a calendar year."""
    return bool(re.fullmatch(r"\d{4}", raw)) and 1800 <= value <= 2100
