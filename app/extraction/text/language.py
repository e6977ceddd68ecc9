"""The language of a text among those the extractor reads: English, Ukrainian and Russian.

By its letters: a text mostly in Cyrillic is Ukrainian when it holds more of the letters only
Ukrainian writes (і ї є ґ) than of those only Russian writes (ы э ъ ё), Russian when the other
way; with neither, by a few words only one of them uses ("та", "що" / "и", "что"). A text
mostly in Latin letters is English when its common words are English ones; another language in
Latin letters (which the extractor does not read) is None, as is a text without letters.

Measured against lingua (`make eval-extraction-libraries`, bench/README.md): both right on
every paragraph of the corpora; on single sentences lingua is right on all, this on 93% alone
(a short sentence without a telling letter or word is None) and on all with the paragraph's
language as the fallback, which is how /v1/extract answers; five times faster, and no 96 MB
model to install and load into every worker.
"""

import re

from app.extraction.speakers.lexicon import words

UKRAINIAN_LETTERS = frozenset("іїєґ")
RUSSIAN_LETTERS = frozenset("ыэъё")
UKRAINIAN_WORDS = words("та що як його її вона вони це цей але або також")
RUSSIAN_WORDS = words("и что как его ее она они это этот но или также")
ENGLISH_WORDS = words(
    """the of and to in an is was were are be been has have had that this for on with by as
    at from it its said says will would which who not but or than more over after"""
)
ENGLISH_SHARE = 0.15  # at least this share of the Latin words are common English ones
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:'[A-Za-z]+)?")
CYRILLIC_WORD = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]+(?:['’][А-Яа-яЁёІіЇїЄєҐґ]+)?")


def detect_language(text: str) -> str | None:
    """'en', 'uk', 'ru' or None (no letters, or another language)."""
    latin = LATIN_WORD.findall(text)
    cyrillic = [word.lower() for word in CYRILLIC_WORD.findall(text)]
    if sum(map(len, cyrillic)) > sum(map(len, latin)):
        return _cyrillic(cyrillic)
    if not latin:
        return None
    common = sum(1 for word in latin if word.lower() in ENGLISH_WORDS)
    return "en" if common >= max(1, ENGLISH_SHARE * len(latin)) else None


def _cyrillic(words: list[str]) -> str | None:
    ukrainian = sum(1 for word in words for letter in word if letter in UKRAINIAN_LETTERS)
    russian = sum(1 for word in words for letter in word if letter in RUSSIAN_LETTERS)
    if ukrainian == russian:
        ukrainian = sum(1 for word in words if word in UKRAINIAN_WORDS)
        russian = sum(1 for word in words if word in RUSSIAN_WORDS)
    if ukrainian == russian:
        return None
    return "uk" if ukrainian > russian else "ru"
