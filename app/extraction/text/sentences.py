"""Paragraphs and sentences with their offsets in the input text.

Paragraphs are the text's non-empty lines. A sentence ends at . ! or ? (with any closing
quotes and brackets) before whitespace and a capital, a digit or an opening quote, except
after abbreviations ("Gov.", "U.S.", "Aug."; a domain name such as "data.example.org" ends a
sentence), initials, list numbers ("1."), and before a short attribution tail ('"Why 74?"
Gladkov asked.' stays one sentence; '"...." He said arrivals rose' does not). "a.m."/"p.m."
followed by a capital ends a sentence unless a weekday, a month or a time zone follows ("6
a.m. Tuesday").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.extraction.speakers.lexicon import SPEECH_VERBS

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "gov", "sen",
    "rep", "rev", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "no", "vs", "inc", "ltd", "co", "corp", "jr", "sr", "approx", "est", "adm",
    "cmdr", "pres", "dept", "govt", "mt", "ft", "fig", "op", "vol",
    # Ukrainian and Russian: place and street words before a name, initials' titles
    "м", "с", "смт", "пгт", "вул", "ул", "просп", "пл", "обл", "ім", "им", "св", "проф",
    "акад", "ген", "див", "см", "ч", "ст", "п", "пп", "буд", "тел", "№",
}  # fmt: skip
BOUNDARY = re.compile(r"[.!?]+[”\"’»')\]]*(?=\s+[“\"‘«(\[A-ZА-ЯЁІЇЄҐ\d])")
WORD_BEFORE = re.compile(r"([A-Za-zА-Яа-яЁёІіЇїЄєҐґ][A-Za-zА-Яа-яЁёІіЇїЄєҐґ.]*)$")
CLOCK_CONTEXT = re.compile(
    r"\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|GMT|UTC|[A-Z]{2,4}T\b|"
    r"local|Kyiv|Moscow|January|February|March|April|May|June|July|August|September|October|"
    r"November|December)"
)
CLOSERS = '”"’»'
# "м." and "с." shorten "місто"/"село" before a name, but after a number or a slash they are
# units ending a sentence ("20 м.", "15 м/с."); so is "см." (centimetres, not "see") after one.
UNIT_ABBREVIATIONS = {"м", "с", "см"}
AFTER_NUMBER = re.compile(r"[\d/]\s?$")
SPACES = re.compile(r"\s*")
WORD_WINDOW = 64
TAIL_WORDS = re.compile(r"\s*((?:[\w’'-]+(?:[\s,]+|(?=[.;!?]))){0,5})")
# An attribution tail ends soon after its verb ('Gladkov asked.', 'he said on Monday,'); 'He
# said arrivals had surpassed ...' starts a sentence of its own.
TAIL_END = re.compile(r"(?:\s+[\w’'-]+){0,3}\s*[.,;!?]")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence's offsets and the index of its paragraph."""

    start: int
    end: int
    paragraph: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Offsets of each non-empty line, trimmed."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if line.strip():
            lead = len(line) - len(line.lstrip())
            spans.append((m.start() + lead, m.start() + len(line.rstrip())))
    return spans


def _word_before(text: str, start: int, end: int) -> re.Match[str] | None:
    """WORD_BEFORE searched in text[start:end], reading only the last few words when it can."""
    lo = max(start, end - WORD_WINDOW)
    word = WORD_BEFORE.search(text, lo, end)
    if word is not None and word.start() == lo and lo > start:
        return WORD_BEFORE.search(text, start, end)
    return word


def _skip_spaces(text: str, pos: int, end: int) -> int:
    """The offset of the first non-space at or after pos (end at most)."""
    m = SPACES.match(text, pos, end)
    return m.end() if m else pos


def _is_boundary(text: str, m: re.Match[str], start: int) -> bool:
    """Whether a terminal punctuation match really ends a sentence."""
    if text[m.start()] == ".":
        word = _word_before(text, start, m.start())
        if word is not None:
            w = word.group(1).lower()
            dotted = "." in w and (
                w not in ("a.m", "p.m") or bool(CLOCK_CONTEXT.match(text, m.end()))
            )
            dotted = dotted and all(len(part) <= 2 for part in w.split("."))  # not "health.org"
            unit = w in UNIT_ABBREVIATIONS and bool(AFTER_NUMBER.search(text, start, word.start()))
            abbreviation = w in ABBREVIATIONS and not unit
            # an initial ("J. Smith"), not a unit glued to its number ("around 27C.")
            glued = text[word.start(1) - 1 : word.start(1)].isdigit()
            initial = len(w) == 1 and word.group(1).isupper() and not glued
            if abbreviation or dotted or initial:
                return False
        if re.fullmatch(r"\W*\d{1,2}", text[start : m.start()]):
            return False
    if m.group()[-1] in CLOSERS:
        tail = TAIL_WORDS.match(text, m.end())
        words = list(re.finditer(r"[\w’']+", tail.group(1))) if tail else []
        verb = next((w for w in words if w.group().lower() in SPEECH_VERBS), None)
        if verb is not None and tail and TAIL_END.match(text, tail.start(1) + verb.end()):
            return False
    return True


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of every paragraph of text, in order."""
    found: list[Sentence] = []
    for index, (p_start, p_end) in enumerate(paragraphs(text)):
        start = p_start
        for m in BOUNDARY.finditer(text, p_start, p_end):
            if _is_boundary(text, m, start):
                found.append(Sentence(start, m.end(), index))
                start = _skip_spaces(text, m.end(), p_end)
        if start < p_end:
            found.append(Sentence(start, p_end, index))
    return found
