"""Tokens and speaker phrases: the run of words next to a speech verb that names a speaker.

Going back from a verb, a phrase takes capitalised words (not sentence adverbs, months or
weekdays), title words ("regional", "governor", "spokesman"), generic speakers ("officials")
and pronouns, and the connectors between them ("Institute for the Study of War"); it stops at
punctuation, quotation marks and other words. Going forward (after an inverted "said") it
does the same from an optional article. A description in lower-case words before a name
("the regional weather service Meteoline", "station manager Ellen Hart") is read by
`described`: the name speaks, the words are its titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.extraction.speakers.lexicon import (
    CAP_STOP,
    CONNECTORS,
    DESCRIPTOR_STOP,
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


def _ordinal(number: Tok, suffix: Tok) -> bool:
    """Whether the two tokens write an ordinal ("7" "th", glued)."""
    glued = number.end == suffix.start
    return glued and number.text.isdigit() and suffix.text.lower() in ("st", "nd", "rd", "th")


def backward(toks: list[Tok], i: int, lo: int = 0) -> int:
    """Start index of the speaker phrase that ends just before token i."""
    if i - 1 >= lo and bare(toks[i - 1].text) in PRONOUNS:
        return i - 1
    j = i
    while j > lo:
        if np_word(toks[j - 1]) and bare(toks[j - 1].text) not in PRONOUNS:
            j -= 1
            continue
        if j - 2 >= lo and j < i and is_cap(toks[j].text) and _ordinal(toks[j - 2], toks[j - 1]):
            j -= 2  # "the 7th Coastal Brigade"
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


def _lower_word(word: str) -> bool:
    """A lower-case word, hyphenated ones included ('state-run', 'non-profit')."""
    return word.replace("-", "").isalpha() and word.islower() and not word.startswith("-")


def described(toks: list[Tok], k: int, text: str, whole: bool = False) -> Phrase | None:
    """A speaker phrase at token k made of lower-case words describing a name that follows:
    'the regional weather service Meteoline', 'station manager Ellen Hart'. With whole, a
    description that names nobody and ends the clause ('the national disaster management
    agency') is the speaker as written. None when neither."""
    j = k
    while j < len(toks) and toks[j].text.lower() in ("the", "a", "an"):
        j += 1
    m = j
    while m < len(toks) and m - j < 5 and _lower_word(toks[m].text):
        if toks[m].text in DESCRIPTOR_STOP:
            break
        m += 1
    if m == j:
        return None
    if m < len(toks) and is_cap(toks[m].text) and np_word(toks[m]):
        p = phrase_at(toks, m, forward(toks, m), text)
        if p is None or p.kind not in ("name", "org"):
            return None
        titles = tuple(bare(t.text) for t in toks[j:m]) + p.titles
        return Phrase(p.kind, p.text, p.name, titles, p.head, p.start, p.end)
    ends = m == len(toks) or not toks[m].text[:1].isalnum() or toks[m].text in DESCRIPTOR_STOP
    if whole and ends and m - j > 1:
        start, end = toks[j].start, toks[m - 1].end
        titles = tuple(bare(t.text) for t in toks[j:m])
        return Phrase("title", text[start:end], "", titles, titles[-1], start, end)
    return None
