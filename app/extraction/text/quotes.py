"""Quoted spans in a paragraph, and quotes that carry on into the next paragraph.

Curly double quotes pair as “ ”, guillemets (Ukrainian and Russian) as « »; straight double
quotes alternate. Single quotes ‘ ’ are
read as quotation marks only in a paragraph without double quotes (British style), and then
’ closes only next to punctuation, so apostrophes stay apostrophes. A quote left open at the
end of a paragraph runs to that end; when the next paragraph starts with a quote mark, the
two are one quotation by one speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

OPENERS = '“"‘«'
QUOTED_NAME = re.compile(r"[A-ZА-ЯІЇЄҐЁ][\w’'&-]*(?:[ -][\w’'&-]+){0,3}")
# ", — сказав тренер Роман Остапчук, —" inside a quotation: the dashes set the attribution off.
INSIDE_ATTRIBUTION = re.compile(r",?\s+[—–]\s+([^—–«»“”\n]{3,120}?),?\s+[—–]\s+")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted span: offset of its opening mark, offset after its closing mark."""

    start: int
    end: int
    closed: bool
    paragraph: int


def _single_closes(text: str, i: int) -> bool:
    """Whether ’ at i closes a single-quoted span rather than being an apostrophe."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in ".,!?;:—–-" or after in ".,;:!?)" or after == "\n"


def find_quotes(text: str, start: int, end: int, paragraph: int) -> list[Quote]:
    """Quoted spans between start and end (one paragraph)."""
    doubles = any(c in text[start:end] for c in '“”"«»')
    found: list[Quote] = []
    open_at: int | None = None
    for i in range(start, end):
        c = text[i]
        if open_at is None:
            opens = c in '“"«' or (c == "‘" and not doubles)
            if opens and (i == start or not text[i - 1].isalnum()):
                open_at = i
        elif c in '”"»' or (c == "’" and not doubles and _single_closes(text, i)):
            found.append(Quote(open_at, i + 1, True, paragraph))
            open_at = None
    if open_at is not None:
        found.append(Quote(open_at, end, False, paragraph))
    return found


def starts_with_quote(text: str, start: int) -> bool:
    """Whether the paragraph at start opens with a quote mark."""
    return text[start : start + 1] in tuple(OPENERS)


def blank_quotes(text: str, quotes: list[Quote]) -> str:
    """text with every quoted character replaced by a space (marks and offsets kept), except
    a name in quotation marks («Гражданский контроль», “Eleven Ravens”: up to four words, the
    first capitalised, no punctuation) and an attribution set in dashes inside a quotation
    («Ми виграли п'ять матчів, — сказав тренер Роман Остапчук, — і набрали 16 очок»)."""
    chars = list(text)
    for q in quotes:
        last = q.end - 1 if q.closed else q.end
        if q.closed and QUOTED_NAME.fullmatch(text, q.start + 1, last):
            continue
        kept = [m.span(1) for m in INSIDE_ATTRIBUTION.finditer(text, q.start + 1, last)]
        for i in range(q.start + 1, last):
            if chars[i] != "\n" and not any(a <= i < b for a, b in kept):
                chars[i] = " "
    return "".join(chars)


class Quotes:
    """A document's quotes in order, found by offset in logarithmic time."""

    def __init__(self, quotes: list[Quote]):
        """Keep the quotes (in order, not overlapping) and their end offsets."""
        self.all = quotes
        self._ends = [q.end for q in quotes]
        self._index = {q.start: i for i, q in enumerate(quotes)}

    def index(self, q: Quote) -> int:
        """The position of quote q in the document's order."""
        return self._index[q.start]

    def overlapping(self, start: int, end: int) -> list[Quote]:
        """The quotes that share a character with start..end."""
        found = []
        for q in self.all[bisect_right(self._ends, start) :]:
            if q.start >= end:
                break
            found.append(q)
        return found

    def inside(self, pos: int) -> Quote | None:
        """The quote that contains offset pos."""
        return next(iter(self.overlapping(pos, pos + 1)), None)
