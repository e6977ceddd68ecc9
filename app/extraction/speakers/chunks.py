"""Tokens and speaker phrases: the run of words next to a speech verb that names a speaker.

Going back from a verb, a phrase takes capitalised words (not sentence adverbs, months or
weekdays), title words ("regional", "governor", "spokesman"), generic speakers ("officials")
and pronouns, and the connectors between them ("Institute for the Study of War"); it stops at
punctuation, quotation marks and other words. Going forward (after an inverted "said") it
does the same from an optional article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.extraction.speakers.lexicon import (
    CAP_STOP,
    CONNECTORS,
    GENERIC_SPEAKERS,
    PRONOUNS,
    TITLE_WORDS,
)
from app.extraction.speakers.phrases import Phrase, analyse, bare, is_cap

TOKEN_RE = re.compile(r"[^\W\d_][\w’'.-]*(?<![.])|\d+(?:[.,]\d+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Tok:
    """A token with its absolute offsets."""

    text: str
    start: int
    end: int


def tokens(text: str, lo: int, hi: int) -> list[Tok]:
    """Tokens of text[lo:hi] with absolute offsets."""
    return [Tok(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text, lo, hi)]


def np_word(tok: Tok) -> bool:
    """Whether a token can be part of a speaker phrase."""
    low = bare(tok.text)
    if not tok.text[:1].isalpha():
        return False
    if is_cap(tok.text):
        return low not in CAP_STOP or low in PRONOUNS
    return low in TITLE_WORDS or low in GENERIC_SPEAKERS or low in PRONOUNS


def phrase_at(toks: list[Tok], i: int, j: int, text: str) -> Phrase | None:
    """Analyse toks[i:j] as a speaker phrase."""
    if i >= j:
        return None
    words = [t.text for t in toks[i:j]]
    return analyse(words, toks[i].start, toks[j - 1].end, text[toks[i].start : toks[j - 1].end])


def backward(toks: list[Tok], i: int, lo: int = 0) -> int:
    """Start index of the speaker phrase that ends just before token i."""
    if i - 1 >= lo and bare(toks[i - 1].text) in PRONOUNS:
        return i - 1
    j = i
    while j > lo:
        if np_word(toks[j - 1]) and bare(toks[j - 1].text) not in PRONOUNS:
            j -= 1
            continue
        k = j
        while k > lo and toks[k - 1].text.lower() in CONNECTORS:
            k -= 1
        if lo < k < j < i and np_word(toks[k - 1]):
            j = k
            continue
        break
    return j


def forward(toks: list[Tok], i: int) -> int:
    """End index of the speaker phrase that starts at token i."""
    j = i
    while j < len(toks) and toks[j].text.lower() in ("the", "a", "an"):
        j += 1
    while j < len(toks):
        k = j
        while k < len(toks) and toks[k].text.lower() in CONNECTORS:
            k += 1
        if k < len(toks) and np_word(toks[k]) and (k == j or j > i):
            j = k + 1
        else:
            break
    return j
