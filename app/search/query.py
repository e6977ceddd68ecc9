"""What a reader types into the search box, read safely for FTS5 and PostgreSQL. Pure.

Words are runs of letters and digits (punctuation, `_`, `%`, `*` and the like separate them);
every word must match. A chunk such as `kursk-incursion` or `1,000` is a phrase of its words;
`"state of emergency"` in double quotes is a phrase; a trailing `*` makes the last word a
prefix (`zelensk*`). Nothing typed reaches either query language unescaped: `NEAR`, `AND`,
`OR`, quotes and wildcards are searched as plain words.
"""

import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+")
CHUNK = re.compile(r'"([^"]*)"?|(\S+)')
PREFIX = re.compile(r"[^\W_]\*+\s*$")
MAX_TERMS = 20


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


def to_fts5(terms: tuple[Term, ...], *, text_only: bool = False) -> str:
    """An FTS5 MATCH expression: each term a quoted phrase, ANDed; with text_only, in the
    claim's own text (the `text` column), not the speaker's names or the sources' titles."""
    parts = []
    for term in terms:
        phrase = '"' + " ".join(term.words).replace('"', '""') + '"'
        parts.append(phrase + (" *" if term.prefix else ""))
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
        lexemes = [_lexeme(word) + (":" + weight if weight else "") for word in term.words]
        if term.prefix:
            lexemes[-1] = _lexeme(term.words[-1]) + ":*" + weight
        parts.append("(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts)


def any_fts5(terms: tuple[Term, ...]) -> str:
    """An FTS5 MATCH expression: each term a quoted phrase, ORed (ranking, not filtering)."""
    return " OR ".join(to_fts5((term,)) for term in terms)


def any_tsquery(terms: tuple[Term, ...]) -> str:
    """A to_tsquery('simple', ...) expression: the terms ORed."""
    return " | ".join(to_tsquery((term,)) for term in terms)
