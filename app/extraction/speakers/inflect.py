"""Ukrainian and Russian word endings: a word's stem, so inflected forms of a name meet.

"Зеленський", "Зеленського", "Зеленському" -> "зеленськ"; "Гладков", "Гладкова", "Гладковым"
-> "гладков"; "комиссия", "комиссии" -> "комисси"; "Кравець", "Кравця" -> "кравц". The stem is
the lower-cased word without the longest case ending in ENDINGS that leaves at least three
letters, and without the e that drops before a final ц. Acronyms ("НБУ",
"МЧС") and words without Cyrillic letters are only lower-cased.
"""

from __future__ import annotations

import re
from functools import lru_cache

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ENDINGS = (
    "ими", "ыми", "ами", "ями", "ого", "его", "ому", "ему", "ою", "ею", "ій", "ий", "ый", "ой",
    "ая", "яя", "ое", "ее", "ые", "ії", "ія", "ию", "ие", "ья", "ом", "ем", "ам", "ям", "ах",
    "ях", "им", "ым", "их", "ых", "ей", "ів", "ої", "ім", "а", "я", "у", "ю", "е", "є", "і", "ї",
    "и", "ы", "о", "ь", "й",
)  # fmt: skip
# The e of -ець/-ец drops in the other cases ("Кравець", "Кравця"; "конец", "конца").
FLEETING = re.compile(r"(?<=\w\w)е(?=ц$)")
ENDINGS = sorted(_ENDINGS, key=len, reverse=True)
MIN_STEM = 3


def is_cyrillic(word: str) -> bool:
    """Whether a word has a Cyrillic letter."""
    return CYRILLIC.search(word) is not None


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The word lower-cased, without its Ukrainian or Russian case ending."""
    low = word.casefold()
    if not is_cyrillic(word) or (word.isupper() and len(word) > 1):
        return low
    for ending in ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= MIN_STEM:
            return FLEETING.sub("", low[: -len(ending)])
    return FLEETING.sub("", low)
