"""The other forms of a searched word, so that search finds a word however it is inflected.

Both engines index words as written (FTS5's unicode61, PostgreSQL's `simple` configuration), so
the same rule serves both: the query is widened, not the index.

- English: the forms sharing the word's Snowball stem (`english_forms`): "kilometre" finds
  "kilometres", "claimed" finds "claims" and "claiming", "community" finds "communities".
  Candidate forms are made by the regular rules of plurals, -ed and -ing, and only those whose
  stem is the word's own are kept (the Snowball English stemmer, as PostgreSQL's `english`
  configuration uses). Irregular forms ("rose" for "rise") are not found, as with a stemmer.
- Ukrainian and Russian: the word's case or number ending is cut (`cyrillic_stem`) and the
  rest is searched as the start of a word: "області" finds "область" and "областей",
  "километров" finds "километры". A stem keeps at least STEM_LETTERS letters, so short words
  are searched as written; a stem can also begin a longer word of another meaning
  ("громад" begins "громадян"), the price of stemming without a dictionary.
"""

from functools import lru_cache

import snowballstemmer

ENGLISH = snowballstemmer.stemmer("english")
FORMS = 10  # forms of one word searched at most, the word itself first
VOWELS = frozenset("aeiou")
SIBILANT = ("s", "x", "z", "ch", "sh")
STEM_LETTERS = 4  # a Cyrillic stem keeps at least this many letters
# Case, number and gender endings of Ukrainian and Russian nouns and adjectives.
WORD_ENDINGS = (
    "ами", "ями", "ого", "его", "ому", "ему", "ими", "ыми", "ові", "еві", "єві", "ов", "ев",
    "ей", "ой", "ый", "ий", "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю", "ом", "ем", "ам",
    "ям", "ах", "ях", "ых", "их", "ым", "им", "ию", "ия", "ии", "ої", "ою", "ею", "єю", "ів",
    "їв", "ій", "іх", "ім", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й", "і", "ї", "є",
)  # fmt: skip
ENDINGS = sorted(WORD_ENDINGS, key=len, reverse=True)  # the longest is cut first


def _bases(word: str) -> list[str]:
    """The word, and what it may be an inflection of (a plural, -ed, -ing undone)."""
    bases = [word]
    if word.endswith("ies") or word.endswith("ied"):
        bases.append(word[:-3] + "y")
    elif word.endswith("es") and word[:-2].endswith(SIBILANT):
        bases.append(word[:-2])
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        bases.append(word[:-1])
    if word.endswith("ed"):
        bases += [word[:-2], word[:-1]]
    elif word.endswith("ing"):
        bases += [word[:-3], word[:-3] + "e"]
    for base in bases[1:]:
        if len(base) > 3 and base[-1] == base[-2] and base[-1] not in VOWELS | {"s", "z"}:
            bases.append(base[:-1])  # stopped -> stopp -> stop; controlled -> control
    return [base for base in bases if len(base) >= 3]


def _inflected(base: str) -> list[str]:
    """The regular plural (or third person), past and -ing forms of a base (none for a word
    that is itself such a form)."""
    if base.endswith(("ed", "ing")) or (base.endswith("s") and not base.endswith("ss")):
        return []
    if base.endswith("y") and base[-2] not in VOWELS:
        return [base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    plural = base + "es" if base.endswith(SIBILANT) else base + "s"
    if base.endswith("e"):
        return [plural, base + "d", base[:-1] + "ing"]
    forms = [plural, base + "ed", base + "ing"]
    consonant_vowel_consonant = (
        len(base) >= 3
        and base[-1] not in VOWELS | set("wxy")
        and base[-2] in VOWELS
        and base[-3] not in VOWELS
    )
    if consonant_vowel_consonant:  # stop: stopped; control: controlled; commit: committed
        forms += [base + base[-1] + "ed", base + base[-1] + "ing"]
    return forms


@lru_cache(maxsize=4096)
def english_forms(word: str) -> tuple[str, ...]:
    """The word and its regular inflections that share its Snowball stem, at most FORMS;
    the word alone when it is not a lower-case English word of three letters or more."""
    if len(word) < 3 or not word.isascii() or not word.isalpha() or not word.islower():
        return (word,)
    stem = ENGLISH.stemWord(word)
    found = [word]
    bases = [base for base in _bases(word) if ENGLISH.stemWord(base) == stem]
    for candidate in [*bases, *(form for base in bases for form in _inflected(base))]:
        if candidate not in found and ENGLISH.stemWord(candidate) == stem:
            found.append(candidate)
    return tuple(found[:FORMS])


def _cyrillic(word: str) -> bool:
    return all("\u0400" <= letter <= "\u04ff" for letter in word)


@lru_cache(maxsize=4096)
def cyrillic_stem(word: str) -> str | None:
    """A Ukrainian or Russian word without its ending (to be searched as the start of a
    word), or None when the word is not Cyrillic or too short to cut."""
    if not word.isalpha() or not _cyrillic(word):
        return None
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= STEM_LETTERS:
            return word[: -len(ending)]
    return word if len(word) > STEM_LETTERS else None
