"""Who is quoted: the speaker of each quoted span.

A quote takes the attribution set inside it in dashes («..., — сказав X, — ...»), else the one
written right after it in its sentence ('"...," X said') or right before it ('X said:
"..."'), or the last attribution of the previous paragraph when that paragraph ends with a
colon. A quote carried on into the next paragraph keeps its
speaker either way along the chain; an unattributed quote takes the speaker of another quote
in its paragraph; failing that, a full quotation (five words or more, or a whole paragraph)
takes the last speaker before it, as news copy does when it strings quotes together.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from app.extraction.speakers.resolve import Speaker
from app.extraction.text.quotes import Quote, starts_with_quote
from app.extraction.text.sentences import Sentence


@dataclass(frozen=True, slots=True)
class Said:
    """A resolved attribution: where its verb is and who spoke."""

    pos: int
    speaker: Speaker
    start: int = -1  # where the speaker phrase starts ("after OPEC+ said": at "OPEC+")
    relative: bool = False  # said in a relative clause ("X, which said ..."): start is "which"


class _Document:
    """The text with its quotes, sentences and attributions (each in order) for lookups."""

    def __init__(self, text: str, qs: list[Quote], sents: list[Sentence], said: list[Said]):
        """Keep the parts and the offsets to bisect."""
        self.text, self.qs, self.sents, self.said = text, qs, sents, said
        self.sent_starts = [s.start for s in sents]
        self.said_pos = [a.pos for a in said]

    def sentence_at(self, pos: int) -> Sentence:
        """The sentence that contains pos (or the last one before it)."""
        k = bisect_right(self.sent_starts, pos)
        return self.sents[k - 1] if k else self.sents[0]

    def first_said(self, lo: int, hi: int) -> Said | None:
        """The first attribution in lo..hi."""
        k = bisect_left(self.said_pos, lo)
        return self.said[k] if k < len(self.said) and self.said_pos[k] < hi else None

    def last_said(self, lo: int, hi: int) -> Said | None:
        """The last attribution in lo..hi."""
        k = bisect_left(self.said_pos, hi) - 1
        return self.said[k] if k >= 0 and self.said_pos[k] >= lo else None

    def mate(self, i: int, step: int) -> Quote | None:
        """The quote step places from quote i, when it is in the same paragraph."""
        j = i + step
        if 0 <= j < len(self.qs) and self.qs[j].paragraph == self.qs[i].paragraph:
            return self.qs[j]
        return None


def _own(doc: _Document, i: int) -> Speaker | None:
    """The speaker attributed right after or right before quote i."""
    q = doc.qs[i]
    if (inside := doc.first_said(q.start, q.end)) is not None:  # «..., — сказав X, — ...»
        return inside.speaker
    nxt = doc.mate(i, 1)
    stop = min(doc.sentence_at(max(q.start, q.end - 1)).end, nxt.start if nxt else len(doc.text))
    if (tail := doc.first_said(q.end, stop)) is not None:
        return tail.speaker
    prev = doc.mate(i, -1)
    lo = max(doc.sentence_at(q.start).start, prev.end if prev else 0)
    if (lead := doc.last_said(lo, q.start)) is not None:
        return lead.speaker
    before = _skip_back(doc.text, q.start, str.isspace)
    if before and doc.text[before - 1] == ":" and (colon := doc.last_said(0, before)):
        return colon.speaker
    return None


def _skip_back(text: str, pos: int, skip: Callable[[str], bool]) -> int:
    """The offset before the run of characters ending at pos that skip accepts."""
    while pos > 0 and skip(text[pos - 1]):
        pos -= 1
    return pos


def _carries(text: str, prev: Quote, q: Quote) -> bool:
    """Whether q carries on the quotation left open by prev in the paragraph before."""
    if prev.closed or q.paragraph != prev.paragraph + 1:
        return False
    return starts_with_quote(text, q.start) and _opens_paragraph(text, q)


def _chains(text: str, qs: list[Quote]) -> list[list[int]]:
    """Groups of quote indexes that form one quotation across paragraphs."""
    groups: list[list[int]] = []
    for i, q in enumerate(qs):
        if groups and _carries(text, qs[groups[-1][-1]], q):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _next_owned(qs: list[Quote], owners: list[Speaker | None]) -> list[Speaker | None]:
    """For each quote, the owner of the nearest later owned quote in its paragraph."""
    found: list[Speaker | None] = [None] * len(qs)
    for i in range(len(qs) - 2, -1, -1):
        if qs[i + 1].paragraph == qs[i].paragraph:
            found[i] = owners[i + 1] or found[i + 1]
    return found


def assign(
    text: str, qs: list[Quote], sents: list[Sentence], said: list[Said]
) -> list[Speaker | None]:
    """The speaker of each quote, in the order of qs."""
    doc = _Document(text, qs, sents, said)
    owners = [_own(doc, i) for i in range(len(qs))]
    for group in _chains(text, qs):
        first = next((owners[i] for i in group if owners[i] is not None), None)
        for i in group:
            owners[i] = owners[i] or first
    later = _next_owned(qs, owners)
    earlier: Speaker | None = None
    for i, q in enumerate(qs):
        if i == 0 or qs[i - 1].paragraph != q.paragraph:
            earlier = None
        if owners[i] is None:
            owners[i] = earlier or later[i]
        if owners[i] is None and (_words(text, q) >= 5 or _opens_paragraph(text, q)):
            last = doc.last_said(0, q.start)
            owners[i] = last.speaker if last else None
        earlier = owners[i] or earlier
    return owners


def _words(text: str, q: Quote) -> int:
    """Number of words inside a quote."""
    return len(text[q.start : q.end].split())


def _opens_paragraph(text: str, q: Quote) -> bool:
    """Whether the quote starts its paragraph."""
    before = _skip_back(text, q.start, lambda c: c in " \t")
    return q.start == 0 or (before > 0 and text[before - 1] == "\n")
