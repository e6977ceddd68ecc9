"""What a reader types into the search box, read safely for FTS5 and PostgreSQL. Pure.

Words are runs of letters and digits (punctuation, `_`, `%`, `*` and the like separate them);
every word must match. A chunk such as `kursk-incursion` or `1,000` is a phrase of its words;
`"state of emergency"` in double quotes is a phrase; a trailing `*` makes the last word a
prefix (`zelensk*`). Nothing typed reaches either query language unescaped: `NEAR`, `AND`,
`OR`, quotes and wildcards are searched as plain words.

A term also matches its spellings (`variants`): a number written with or without thousands
separators (`1000` finds "1,000" and "1 000", `1,000` finds "1000") and British or American
spellings (`kilometres` finds "kilometers", `defence` "defense", `organisation`
"organization").
"""

import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+")
CHUNK = re.compile(r'"([^"]*)"?|(\S+)')
PREFIX = re.compile(r"[^\W_]\*+\s*$")
MAX_TERMS = 20
MAX_VARIANTS = 8  # spellings of one term searched at most
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


def variants(term: Term) -> list[tuple[str, ...]]:
    """The word sequences that count as this term (itself first), at most MAX_VARIANTS."""
    words = term.words
    found: list[tuple[str, ...]] = [words]
    if len(words) == 1 and DIGITS.fullmatch(words[0]):
        found.append(_grouped(words[0]))
    elif _thousands(words):
        found.append(("".join(words),))
    # A phrase in the other spelling system: every word that has another spelling takes it
    # (a prefix keeps what was typed). One sequence per spelling, not one per combination.
    spellings = [
        [word] if term.prefix and at == len(words) - 1 else _spellings(word)
        for at, word in enumerate(words)
    ]
    for other in range(1, max(map(len, spellings))):
        found.append(tuple(spelled[min(other, len(spelled) - 1)] for spelled in spellings))
    return list(dict.fromkeys(found))[:MAX_VARIANTS]


def to_fts5(terms: tuple[Term, ...], *, text_only: bool = False) -> str:
    """An FTS5 MATCH expression: each term a quoted phrase, ANDed; with text_only, in the
    claim's own text (the `text` column), not the speaker's names or the sources' titles."""
    parts = []
    for term in terms:
        phrases = [
            '"' + " ".join(words).replace('"', '""') + '"' + (" *" if term.prefix else "")
            for words in variants(term)
        ]
        parts.append(phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")")
    expression = " AND ".join(parts)
    return f"text : ({expression})" if text_only else expression


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def to_tsquery(terms: tuple[Term, ...], *, text_only: bool = False) -> str:
    """A to_tsquery('simple', ...) expression: phrases with <->, prefixes with :*, ANDed; with
    text_only, each word of the claim's own text (weight A of the search vector) only."""
    weight = "A" if text_only else ""
    parts = []
    for term in terms:
        phrases = []
        for words in variants(term):
            lexemes = [_lexeme(word) + (":" + weight if weight else "") for word in words]
            if term.prefix:
                lexemes[-1] = _lexeme(words[-1]) + ":*" + weight
            phrases.append("(" + " <-> ".join(lexemes) + ")")
        parts.append(phrases[0] if len(phrases) == 1 else "(" + " | ".join(phrases) + ")")
    return " & ".join(parts)


def any_fts5(terms: tuple[Term, ...], *, text_only: bool = False) -> str:
    """An FTS5 MATCH expression: each term a quoted phrase, ORed (ranking, not filtering)."""
    return " OR ".join(to_fts5((term,), text_only=text_only) for term in terms)


def any_tsquery(terms: tuple[Term, ...], *, text_only: bool = False) -> str:
    """A to_tsquery('simple', ...) expression: the terms ORed."""
    return " | ".join(to_tsquery((term,), text_only=text_only) for term in terms)
