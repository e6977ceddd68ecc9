"""Why a claim matched `q`: its text around the first match, the query's words marked.

The snippet is HTML-escaped text with each word of the query wrapped in `<mark>…</mark>`, so a
page can show it as it is; words are found as the full-text index finds them (runs of letters
and digits, any case, in any of the forms search finds; a `prefix*` term marks the words it
begins). A claim found through its
speaker's names or its sources' titles (`in=all`) has a snippet with nothing marked.
"""

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from app.search.query import Term, sequences

WORD = re.compile(r"[^\W_]+")
WIDTH = 200  # characters of text around the first match
ELLIPSIS = "…"
EDGE = 30  # characters a window's edge moves to end on a whole word, at most


@dataclass(frozen=True, slots=True)
class _Marks:
    """What a query marks: whole words (casefolded) and the starts of words."""

    whole: frozenset[str]
    prefixes: tuple[str, ...]
    # Both at once, over casefolded text, up to the end of a word: where a match starts a word
    # is checked after (_word_starts), so that the pattern begins with its words and the
    # engine finds them by their letters instead of trying every position of the text.
    pattern: re.Pattern[str] | None


@lru_cache(maxsize=256)
def _marks(terms: tuple[Term, ...]) -> _Marks:
    """Worked out once per query, not once per claim of its page."""
    matched = [found for term in terms for found in sequences(term, forms=True)]
    whole = frozenset(word.casefold() for words, prefix in matched for word in words[:-1])
    whole |= {words[-1].casefold() for words, prefix in matched if not prefix}
    prefixes = tuple(words[-1].casefold() for words, prefix in matched if prefix)
    choices = [re.escape(word) for word in sorted(whole, key=len, reverse=True)]
    choices += [re.escape(prefix) + r"[^\W_]*" for prefix in prefixes]
    # A whole run of letters and digits (as WORD reads them) that is a word or begins with a
    # prefix: the same test as _hits' word by word, in one pass.
    if not choices:
        return _Marks(whole, prefixes, None)
    return _Marks(whole, prefixes, re.compile("(?:" + "|".join(choices) + r")(?![^\W_])"))


def _word_starts(text: str, begin: int, *, escaped: bool = False) -> bool:
    """Whether a match at `begin` starts a word (no letter or digit before it); in escaped
    text, also not right after "&" or "&#" (an entity html.escape made: a "&" of the text
    itself is "&amp;" there, so its words follow ";")."""
    if begin == 0:
        return True
    before = text[begin - 1]
    if before.isalnum():  # what [^\W_] matches
        return False
    return not (escaped and (before == "&" or text[max(0, begin - 2) : begin] == "&#"))


def _found(pattern: re.Pattern[str], text: str, *, escaped: bool = False) -> list[re.Match[str]]:
    """The pattern's matches in the text that start a word.

    A match that does not start one lies inside a word, so it hides no match that does (the
    marked words are runs of letters and digits)."""
    return [m for m in pattern.finditer(text) if _word_starts(text, m.start(), escaped=escaped)]


def _hits(text: str, marks: _Marks) -> list[tuple[int, int]]:
    """Where the marked words are in the text, as (start, end)."""
    if marks.pattern is None:
        return []
    folded = text.casefold()
    if len(folded) == len(text):  # each character folds to one: offsets are the text's
        return [found.span() for found in _found(marks.pattern, folded)]
    return [  # a letter folds to two (ß): word by word
        found.span()
        for found in WORD.finditer(text)
        if (word := found.group().casefold()) in marks.whole or word.startswith(marks.prefixes)
    ]


def snippet(text: str, terms: tuple[Term, ...]) -> str:
    """The claim's text (a window of about WIDTH characters around the first match when it
    is longer), HTML-escaped, the query's words marked."""
    return _snippet(text, _marks(terms))


def snippets(texts: Iterable[str], terms: tuple[Term, ...]) -> list[str]:
    """A page's snippets, the query's marks worked out once."""
    marks = _marks(terms)
    return [_snippet(text, marks) for text in texts]


def _short(text: str, marks: _Marks) -> str | None:
    """A text of at most WIDTH characters whole, escaped first and then marked in one pass
    (None when casefolding changes its length, as ß does: then word by word)."""
    escaped = html.escape(text)
    if marks.pattern is None:
        return escaped
    folded = escaped.casefold()
    if len(folded) != len(escaped):
        return None
    parts, at = [], 0
    for found in _found(marks.pattern, folded, escaped=True):
        begin, end = found.span()
        parts += [escaped[at:begin], "<mark>", escaped[begin:end], "</mark>"]
        at = end
    parts.append(escaped[at:])
    return "".join(parts)


def _snippet(text: str, marks: _Marks) -> str:
    if len(text) <= WIDTH and (short := _short(text, marks)) is not None:
        return short
    return _window(text, marks)


def _window(text: str, marks: _Marks) -> str:
    """Any text: the window around its first hit, each part escaped as it is cut."""
    hits = _hits(text, marks)
    start, end = 0, len(text)
    if len(text) > WIDTH:
        first = hits[0][0] if hits else 0
        start = max(0, min(first - WIDTH // 4, len(text) - WIDTH))
        end = start + WIDTH
        # whole words at the edges, unless a "word" runs on (a URL, digits without end)
        floor, ceiling = max(0, start - EDGE), min(len(text), end + EDGE)
        while start > floor and text[start - 1].isalnum():
            start -= 1
        while end < ceiling and text[end].isalnum():
            end += 1
    parts, at = [], start
    for begin, finish in hits:
        if begin < start or finish > end:
            continue
        parts += [html.escape(text[at:begin]), f"<mark>{html.escape(text[begin:finish])}</mark>"]
        at = finish
    parts.append(html.escape(text[at:end]))
    return (ELLIPSIS if start > 0 else "") + "".join(parts) + (ELLIPSIS if end < len(text) else "")
