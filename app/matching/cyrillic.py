"""Ukrainian and Russian text made comparable with English text. Pure.

Two things: a transliteration to Latin letters (so that names, "Курськ" / "Курск" / "Kursk",
meet across scripts), and the number, unit and qualifier words of a figure rendered in
English ("понад 11 тисяч осіб" -> "more than 11 thousand people") so that the extraction's
English figure reader (app.extraction) reads them; the rest of the text is left as it is.
"""

import re
from functools import cache

LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e",
        "є": "ie", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k",
        "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
        "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia", "'": "", "’": "",
    }
)  # fmt: skip
CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Stems of the words around a figure, each followed by any ending; the longest first.
FIGURE_WORDS: tuple[tuple[str, str], ...] = (
    (r"квадратн\w*\s+кілометр\w*|квадратн\w*\s+километр\w*", "square kilometres"),
    (r"кв\.?\s*км|км²|км2", "km²"),
    (r"квадратн\w*\s+мил\w*|кв\.?\s*мил\w*", "square miles"),
    (r"гектар\w*|га\b", "hectares"),
    (r"кілометр\w*|километр\w*|км\b", "kilometres"),
    (r"тисяч\w*|тысяч\w*|тис\.|тыс\.", "thousand"),
    (r"мільйон\w*|миллион\w*|млн\.?", "million"),
    (r"мільярд\w*|миллиард\w*|млрд\.?", "billion"),
    (r"понад|більше\s+ніж|більше|более|больше|свыше|свише", "more than"),
    (r"щонайменше|принаймні|не\s+менее|не\s+менше|как\s+минимум", "at least"),
    (r"близько|приблизно|около|примерно|почти|майже", "about"),
    (r"менше\s+ніж|менше|менее|меньше", "less than"),
    (r"осіб|особи|людей|людини|человек\w*|мешканц\w*|жител\w*", "people"),
    (r"громад\w*|общин\w*", "communities"),
    (r"населен\w*\s+пункт\w*|сел\b|сіл\b|сёл\b|сел\w*", "settlements"),
    (r"військовослужбовц\w*|военнослужащ\w*|солдат\w*|бійц\w*|бойц\w*", "servicemen"),
    (r"танк\w*", "tanks"),
    (r"годин\w*|час(?:а|ов)?\b", "hours"),
)
_FIGURE_WORDS = [
    (re.compile(rf"\b(?:{pattern})", re.IGNORECASE), english) for pattern, english in FIGURE_WORDS
]
# "тисячу кілометрів" is "a thousand kilometres": a scale word with no number before it is one.
_BARE_SCALE = re.compile(r"(?<!\d)(?<!\d )\b(thousand|million|billion)\b")


def has_cyrillic(text: str) -> bool:
    """Whether the text has any Cyrillic letter."""
    return CYRILLIC.search(text) is not None


def to_latin(text: str) -> str:
    """The text, lower-cased, with Cyrillic letters transliterated (other letters as they are)."""
    return text.lower().translate(LATIN)


def figures_in_english(text: str) -> str:
    """The text with Ukrainian and Russian number, unit and qualifier words in English."""
    if not has_cyrillic(text):
        return text
    for pattern, english in _FIGURE_WORDS:
        text = pattern.sub(english, text)
    return _BARE_SCALE.sub(_one_of_scale, text)


def _one_of_scale(match: re.Match[str]) -> str:
    """ "a thousand" for a scale word with no number word before it ("одинадцяти thousand"
    is eleven thousand, not eleven and a thousand)."""
    # the word before, read from a window (a text of many scale words stays linear)
    before = match.string[max(0, match.start() - WORD_WINDOW) : match.start()].split()
    if before and before[-1].lower().replace("’", "'") in _number_words():
        return match.group(1)
    return f"a {match.group(1)}"


WORD_WINDOW = 40


@cache
def _number_words() -> frozenset[str]:
    # imported here: the extraction package imports this module (to_latin)
    from app.extraction.figures.numwords import CYRILLIC_HALVES, ONES, TENS

    return frozenset(ONES) | frozenset(TENS) | frozenset(CYRILLIC_HALVES)
