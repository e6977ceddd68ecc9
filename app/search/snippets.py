"""Why a claim matched `q`: its text around the first match, the query's words marked.

The snippet is HTML-escaped text with each word of the query wrapped in `<mark>…</mark>`, so a
page can show it as it is; words are found as the full-text index finds them (runs of letters
and digits, any case, in any of the forms search finds; a `prefix*` term marks the words it
begins). A claim found through its
speaker's names or its sources' titles (`in=all`) has a snippet with nothing marked.
"""

import html
import re

from app.search.query import Term, stems, variants

WORD = re.compile(r"[^\W_]+")
WIDTH = 200  # characters of text around the first match
ELLIPSIS = "…"
EDGE = 30  # characters a window's edge moves to end on a whole word, at most


def _marked(word: str, whole: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    folded = word.casefold()
    return folded in whole or folded.startswith(prefixes)


def snippet(text: str, terms: tuple[Term, ...]) -> str:
    """The claim's text (a window of about WIDTH characters around the first match when it
    is longer), HTML-escaped, the query's words marked."""
    whole = frozenset(
        word.casefold()
        for term in terms
        for spelled in variants(term, forms=True)
        for word in (spelled[:-1] if term.prefix else spelled)
    )
    prefixes = tuple(term.words[-1].casefold() for term in terms if term.prefix) + tuple(
        stemmed[-1].casefold() for term in terms for stemmed in stems(term)
    )
    hits = [m for m in WORD.finditer(text) if _marked(m.group(), whole, prefixes)]
    start, end = 0, len(text)
    if len(text) > WIDTH:
        first = hits[0].start() if hits else 0
        start = max(0, min(first - WIDTH // 4, len(text) - WIDTH))
        end = start + WIDTH
        # whole words at the edges, unless a "word" runs on (a URL, digits without end)
        floor, ceiling = max(0, start - EDGE), min(len(text), end + EDGE)
        while start > floor and text[start - 1].isalnum():
            start -= 1
        while end < ceiling and text[end].isalnum():
            end += 1
    parts, at = [], start
    for hit in hits:
        if hit.start() < start or hit.end() > end:
            continue
        parts += [html.escape(text[at : hit.start()]), f"<mark>{html.escape(hit.group())}</mark>"]
        at = hit.end()
    parts.append(html.escape(text[at:end]))
    return (ELLIPSIS if start > 0 else "") + "".join(parts) + (ELLIPSIS if end < len(text) else "")
