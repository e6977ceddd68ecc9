"""What a reader types into the search box, read safely for FTS5 and PostgreSQL. Pure.

Words are runs of letters and digits (punctuation, `_`, `%`, `*` and the like separate them);
every word must match. A chunk such as `kursk-incursion` or `1,000` is a phrase of its words;
`"state of emergency"` in double quotes is a phrase; a trailing `*` makes the last word a
prefix (`zelensk*`). Nothing typed reaches either query language unescaped: `NEAR`, `AND`,
`OR`, quotes and wildcards are searched as plain words.

A term also matches its spellings (`variants`): a number written with or without thousands
separators (`1000` finds "1,000" and "1 000", `1,000` finds "1000") and British or American
spellings (`kilometres` finds "kilometers", `defence` "defense", `organisation`
"organization"). With `forms` (search, not matching) it also matches the word's other forms
(app/search/forms.py): English inflections by their Snowball stem ("kilometre" finds
"kilometres"), and a Ukrainian or Russian word without its ending, as the start of a word
("області" finds "область").
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, combinations, islice, product

from app.search.forms import cyrillic_stem, english_forms

WORD = re.compile(r"[^\W_]+")
CHUNK = re.compile(r'"([^"]*)"?|(\S+)')
PREFIX = re.compile(r"[^\W_]\*+\s*$")
MAX_TERMS = 20
MAX_VARIANTS = 24  # spellings and forms of one term searched at most
# British -> American endings; each is also read the other way round.
SPELLINGS = (
    ("tre", "ter"), ("tres", "ters"), ("our", "or"), ("ours", "ors"), ("ence", "ense"),
    ("ise", "ize"), ("ised", "ized"), ("ises", "izes"), ("ising", "izing"),
    ("isation", "ization"), ("isations", "izations"), ("yse", "yze"), ("ysed", "yzed"),
    ("ogue", "og"), ("ogues", "ogs"), ("lled", "led"), ("lling", "ling"),
)  # fmt: skip
DIGITS = re.compile(r"\d{4,}")


@dataclass(frozen=True, slots=True)
class Term:
    """Words that must appear together, in order; the last may be a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


class EmptyQueryError(ValueError):
    """The text holds no word to search for."""


def _term(text: str) -> Term | None:
    words = tuple(word.lower() for word in WORD.findall(text))
    if not words:
        return None
    return Term(words, prefix=PREFIX.search(text) is not None)


def parse(text: str) -> tuple[Term, ...]:
    """The terms of a query, all of which must match."""
    terms = []
    for quoted, bare in CHUNK.findall(text):
        term = _term(quoted if quoted else bare)
        if term is not None and term not in terms:
            terms.append(term)
    if not terms:
        raise EmptyQueryError("the search text has no letters or digits to look for")
    if len(terms) > MAX_TERMS:
        raise EmptyQueryError(f"the search text has more than {MAX_TERMS} terms")
    return tuple(terms)


def _spellings(word: str) -> list[str]:
    found = [word]
    if len(word) < 5 or not word.isalpha():
        return found
    for british, american in SPELLINGS:
        for ending, other in ((british, american), (american, british)):
            if word.endswith(ending) and len(word) - len(ending) >= 2:
                found.append(word[: -len(ending)] + other)
    return list(dict.fromkeys(found))


def _grouped(digits: str) -> tuple[str, ...]:
    """'1360000' -> ('1', '360', '000'): how '1,360,000' or '1 360 000' is indexed."""
    head = len(digits) % 3 or 3
    return (digits[:head], *(digits[at : at + 3] for at in range(head, len(digits), 3)))


def _thousands(words: tuple[str, ...]) -> bool:
    """Whether the words are a number in groups of three: ('1', '000') from '1,000'."""
    return (
        len(words) > 1
        and all(word.isdigit() for word in words)
        and len(words[0]) <= 3
        and all(len(word) == 3 for word in words[1:])
    )


def _alternatives(word: str, *, forms: bool) -> list[str]:
    """The word, its other spelling, and with forms their inflections."""
    spelled = _spellings(word)
    if not forms:
        return spelled
    inflected = (form for each in spelled for form in english_forms(each))
    return list(dict.fromkeys([*spelled, *inflected]))  # the spellings first


def variants(term: Term, *, forms: bool = False) -> list[tuple[str, ...]]:
    """The word sequences that count as this term (itself first), at most MAX_VARIANTS; with
    forms, English inflections too (stems() gives the Cyrillic ones)."""
    words = term.words
    found: list[tuple[str, ...]] = [words]
    if len(words) == 1 and DIGITS.fullmatch(words[0]):
        found.append(_grouped(words[0]))
    elif _thousands(words):
        found.append(("".join(words),))
    alternatives = [
        [word] if term.prefix and at == len(words) - 1 else _alternatives(word, forms=forms)
        for at, word in enumerate(words)
    ]
    # A phrase in the other spelling system: every word that has another spelling takes it
    # (one sequence per spelling, not one per combination); with forms, then one word changed
    # at a time, then two, ... ("square kilometer" finds "square kilometres"), up to the cap.
    for other in range(1, max(map(len, alternatives))):
        found.append(tuple(each[min(other, len(each) - 1)] for each in alternatives))
    changed = _changed(alternatives) if forms else ()
    return list(islice(_unique(chain(found, changed)), MAX_VARIANTS))


def _unique(sequences: Iterable[tuple[str, ...]]) -> Iterator[tuple[str, ...]]:
    seen = set()
    for sequence in sequences:
        if sequence not in seen:
            seen.add(sequence)
            yield sequence


def _changed(alternatives: list[list[str]]) -> Iterator[tuple[str, ...]]:
    """The sequences with 1, 2, ... words changed to another alternative, lazily."""
    first = [each[0] for each in alternatives]
    changeable = [at for at, each in enumerate(alternatives) if len(each) > 1]
    for count in range(1, len(changeable) + 1):
        for places in combinations(changeable, count):
            for chosen in product(*(alternatives[at][1:] for at in places)):
                sequence = list(first)
                for at, word in zip(places, chosen, strict=True):
                    sequence[at] = word
                yield tuple(sequence)


def stems(term: Term) -> list[tuple[str, ...]]:
    """Word sequences whose last word is matched as the start of a word: the term with its
    last word's Ukrainian or Russian ending cut (none for other words, or a prefix term)."""
    if term.prefix:
        return []
    stem = cyrillic_stem(term.words[-1])
    return [] if stem is None else [(*term.words[:-1], stem)]


def sequences(term: Term, *, forms: bool) -> list[tuple[tuple[str, ...], bool]]:
    """Every word sequence the term matches, each with whether its last word is matched as
    the start of a word: its variants, and with forms its Cyrillic stems."""
    found = [(words, term.prefix) for words in variants(term, forms=forms)]
    return found + [(words, True) for words in stems(term)] if forms else found


def _phrase(words: tuple[str, ...], prefix: bool) -> str:
    return '"' + " ".join(words).replace('"', '""') + '"' + (" *" if prefix else "")


def to_fts5(terms: tuple[Term, ...], *, text_only: bool = False, forms: bool = True) -> str:
    """An FTS5 MATCH expression: each term a quoted phrase, ANDed; with text_only, in the
    claim's own text (the `text` column), not the speaker's names or the sources' titles;
    with forms, each term's other forms too (variants, stems)."""
    parts = []
    for term in terms:
        phrases = [_phrase(words, prefix) for words, prefix in sequences(term, forms=forms)]
        parts.append(phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")")
    expression = " AND ".join(parts)
    return f"text : ({expression})" if text_only else expression


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def to_tsquery(terms: tuple[Term, ...], *, text_only: bool = False, forms: bool = True) -> str:
    """A to_tsquery('simple', ...) expression: phrases with <->, prefixes with :*, ANDed; with
    text_only, each word of the claim's own text (weight A of the search vector) only; with
    forms, each term's other forms too (variants, stems)."""
    weight = "A" if text_only else ""
    parts = []
    for term in terms:
        phrases = []
        for words, prefix in sequences(term, forms=forms):
            lexemes = [_lexeme(word) + (":" + weight if weight else "") for word in words]
            if prefix:
                lexemes[-1] = _lexeme(words[-1]) + ":*" + weight
            phrases.append("(" + " <-> ".join(lexemes) + ")")
        parts.append(phrases[0] if len(phrases) == 1 else "(" + " | ".join(phrases) + ")")
    return " & ".join(parts)


def any_fts5(terms: tuple[Term, ...], *, text_only: bool = False) -> str:
    """An FTS5 MATCH expression: each term a quoted phrase, ORed (ranking, not filtering;
    words as written and spelled, without their other forms: matching reads those itself)."""
    return " OR ".join(to_fts5((term,), text_only=text_only, forms=False) for term in terms)


def any_tsquery(terms: tuple[Term, ...], *, text_only: bool = False) -> str:
    """A to_tsquery('simple', ...) expression: the terms ORed (as any_fts5)."""
    return " | ".join(to_tsquery((term,), text_only=text_only, forms=False) for term in terms)
