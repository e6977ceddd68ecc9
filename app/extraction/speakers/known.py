"""Finding the caller's known speakers in text.

Names and aliases match case-insensitively as whole words, Cyrillic ones in any case ending
("Віктор Ляшко" finds "Віктора Ляшка"); a person's surname alone (of the first name, or of
any Cyrillic alias) matches once their full name (or another alias of two words or more) has
appeared. A name known only in Latin letters is found in Cyrillic text by how it sounds
("Volodymyr Zelensky" finds "Володимира Зеленського", see _sound_key). A name followed
by a possessive and another word ("Gladkov's office") does not match: the office is not the
person.

A newsroom knows thousands of speakers, so names are not tried one by one against the text:
they are filed under their words, and only a name whose words stand in the text in that order
is tried, where they stand. The work grows with the text and the names it holds, not with the number
of speakers known.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.extraction.model import KnownSpeaker
from app.extraction.speakers.inflect import is_cyrillic, stem
from app.matching.cyrillic import to_latin

WORD = re.compile(r"\w+")


@lru_cache(maxsize=65536)
def _pattern(name: str) -> re.Pattern[str]:
    """A name as a whole word, any case, not followed by a possessive and another word; a
    Cyrillic name in any case ending ("Зеленський" finds "Зеленського")."""
    if is_cyrillic(name):
        inflected = r"\W+".join(_inflected(word) for word in WORD.findall(name))
        return re.compile(rf"(?<!\w){inflected}(?!\w)")
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)(?!['’]s\s+\w)", re.I)


def _inflected(word: str) -> str:
    """A Cyrillic word of a name in any case ending; a capital stays a capital ("Рада" finds
    "Ради", not "радий")."""
    root = stem(word)
    first = word[0] if word[0].isupper() else f"[{re.escape(root[0])}{re.escape(root[0].upper())}]"
    rest = re.escape(root[1:])
    if root.endswith("ц") and len(root) > 2:  # "Кравець" and "Кравця" (see inflect.FLEETING)
        rest = f"{re.escape(root[1:-1])}е?ц"
    return rf"{first}(?i:{rest})\w{{0,4}}"


def _key(word: str) -> str:
    """How a word of a name is filed and looked up: lower-cased, Cyrillic words stemmed and
    without their last vowels ("Отделение" and "Отделении" both "отделен"; the name's pattern
    then checks the words as written)."""
    root = stem(word)
    if not is_cyrillic(root):
        return root
    return root.rstrip("аеиоуыэюяіїєь") or root


@lru_cache(maxsize=65536)
def _sound_key(word: str) -> str:
    """A word as it sounds, Latin or Cyrillic, so that a name known only in Latin letters meets
    its Cyrillic spelling in any case ending ("Zelensky", "Зеленського" -> "zelensk"): the
    stem transliterated (app.matching.cyrillic.to_latin), y read as i and h as g (Ukrainian
    г), apostrophes and doubled letters dropped, and trailing vowels cut."""
    latin = to_latin(stem(word)).replace("y", "i").replace("h", "g")
    latin = re.sub(r"(\w)\1+", r"\1", re.sub(r"['’]", "", latin))
    return latin.rstrip("aeiou") or latin


class _Names:
    """Names of known speakers, filed under their words (by key); with exact=False a name is
    found wherever its words' keys stand in the text, as the words are written there."""

    def __init__(
        self,
        names: Iterable[tuple[int, str]],
        key: Callable[[str], str] = _key,
        exact: bool = True,
    ) -> None:
        self._key, self._exact = key, exact
        self._by_words: dict[tuple[str, ...], list[tuple[int, str]]] = defaultdict(list)
        # Names that start with punctuation ("'t Hooft") are looked for one by one.
        self._odd: list[tuple[int, str]] = []
        for kid, name in names:
            words = tuple(key(word) for word in WORD.findall(name))
            if WORD.match(name) is None:
                self._odd.append((kid, name))
            else:
                self._by_words[words].append((kid, name))
        self._lengths = sorted({len(words) for words in self._by_words})

    def __bool__(self) -> bool:
        """Whether any name is filed."""
        return bool(self._by_words or self._odd)

    def found(self, text: str) -> dict[int, list[tuple[int, str]]]:
        """Per speaker id, each (offset, name as written) found in text."""
        found: dict[int, list[tuple[int, str]]] = defaultdict(list)
        words = list(WORD.finditer(text))
        keys = [self._key(word.group()) for word in words]
        for at, word in enumerate(words):
            for length in self._lengths:
                if at + length > len(words):
                    break
                for kid, name in self._by_words.get(tuple(keys[at : at + length]), ()):
                    if not self._exact:
                        if word.group()[0].isupper():  # a name by sound is capitalised
                            end = words[at + length - 1].end()
                            found[kid].append((word.start(), text[word.start() : end]))
                    elif (hit := _pattern(name).match(text, word.start())) is not None:
                        found[kid].append((hit.start(), hit.group()))
        for kid, name in self._odd:
            found[kid].extend((hit.start(), hit.group()) for hit in _pattern(name).finditer(text))
        return found


@dataclass(frozen=True, slots=True)
class _Filed:
    """The known speakers' names filed for lookup, and the order the caller listed them in."""

    full: _Names
    surname: _Names
    # The same for Latin names, looked for in Cyrillic text by sound (_sound_key).
    sounded: _Names
    sounded_surname: _Names
    rank: dict[int, int]


def _surnames(known: tuple[KnownSpeaker, ...]) -> list[tuple[int, str]]:
    """A person's surname from their first name and from every Cyrillic alias."""
    return [
        (k.id, name.split()[-1])
        for k in known
        if k.kind == "person"
        for n, name in enumerate(k.names)
        if (n == 0 or is_cyrillic(name)) and len(name.split()) > 1
    ]


@lru_cache(maxsize=4)
def _filed(known: tuple[KnownSpeaker, ...]) -> _Filed:
    """Every known speaker's names and a person's surname, filed; and the speakers' order.

    Kept for the next extraction against the same speakers (a newsroom's list changes seldom).
    """
    names = [(k.id, name) for k in known for name in k.names]
    surnames = _surnames(known)
    latin = [(kid, name) for kid, name in names if not is_cyrillic(name) and len(name) > 3]
    latin_surnames = [(kid, name) for kid, name in surnames if not is_cyrillic(name)]
    return _Filed(
        _Names(names),
        _Names(surnames),
        _Names(latin, _sound_key, exact=False),
        _Names(latin_surnames, _sound_key, exact=False),
        # Ties go to the speaker listed first, as the caller listed them.
        {k.id: rank for rank, k in enumerate(known) if k.names},
    )


class KnownIndex:
    """The known speakers' names and surnames, and which full names have been seen."""

    def __init__(self, known: Sequence[KnownSpeaker]) -> None:
        """File every known speaker's names, and a person's surname."""
        self.by_id = {k.id: k for k in known}
        self._filed = _filed(tuple(known))
        self._rank = self._filed.rank
        self._seen: set[int] = set()

    def _found(self, text: str, names: _Names, sounded: _Names) -> dict[int, list[tuple[int, str]]]:
        """Hits of names in text; in Cyrillic text, of the Latin names by sound too."""
        found = names.found(text)
        if sounded and is_cyrillic(text):
            for kid, hits in sounded.found(text).items():
                found.setdefault(kid, []).extend(hits)
        return found

    def _written(self, text: str) -> list[tuple[int, list[str]]]:
        """Each known speaker in text (in the caller's order) with every way it is written."""
        full = self._found(text, self._filed.full, self._filed.sounded)
        surnames = self._found(text, self._filed.surname, self._filed.sounded_surname)
        written: dict[int, list[str]] = {
            kid: [name for _, name in sorted(hits)] for kid, hits in full.items()
        }
        for kid, hits in surnames.items():
            if kid in self._seen:
                written.setdefault(kid, []).extend(name for _, name in sorted(hits))
        return sorted(written.items(), key=lambda item: self._rank[item[0]])

    def match(self, text: str) -> tuple[KnownSpeaker, str] | None:
        """The known speaker named in text (longest name wins), with the name as written."""
        best: tuple[KnownSpeaker, str] | None = None
        for kid, written in self._written(text):
            for name in written:
                if best is None or len(name) > len(best[1]):
                    best = (self.by_id[kid], name)
        if best is not None and " " in best[1]:
            self._seen.add(best[0].id)
        return best

    def mentioned(self, text: str) -> list[int]:
        """Ids of the known speakers named in text; marks full names as seen."""
        ids = []
        for kid, written in self._written(text):
            if written:
                ids.append(kid)
            if any(" " in name for name in written):
                self._seen.add(kid)
        return ids
