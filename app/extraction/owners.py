"""Who is quoted: the speaker of each quoted span.

A quote takes the attribution written right after it in its sentence ('"...," X said') or
right before it ('X said: "..."'), or the last attribution of the previous paragraph when
that paragraph ends with a colon. A quote carried on into the next paragraph keeps its
speaker either way along the chain; an unattributed quote takes the speaker of another quote
in its paragraph; failing that, a full quotation (five words or more, or a whole paragraph)
takes the last speaker before it, as news copy does when it strings quotes together.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.extraction.quotes import Quote, starts_with_quote
from app.extraction.sentences import Sentence
from app.extraction.speakers import Speaker


@dataclass(frozen=True, slots=True)
class Said:
    """A resolved attribution: where its verb is and who spoke."""

    pos: int
    speaker: Speaker


def _sentence_at(sents: list[Sentence], pos: int) -> Sentence:
    """The sentence that contains pos (or the last one before it)."""
    return max((s for s in sents if s.start <= pos), key=lambda s: s.start, default=sents[0])


def _own(
    text: str, qs: list[Quote], i: int, sents: list[Sentence], said: list[Said]
) -> Speaker | None:
    """The speaker attributed right after or right before quote i."""
    q = qs[i]
    nxt = next((o.start for o in qs[i + 1 :] if o.paragraph == q.paragraph), len(text))
    stop = min(_sentence_at(sents, max(q.start, q.end - 1)).end, nxt)
    tail = [a for a in said if q.end <= a.pos < stop]
    if tail:
        return tail[0].speaker
    prev = max((o.end for o in qs[:i] if o.paragraph == q.paragraph), default=0)
    lo = max(_sentence_at(sents, q.start).start, prev)
    lead = [a for a in said if lo <= a.pos < q.start]
    if lead:
        return lead[-1].speaker
    before = text[: q.start].rstrip()
    if before.endswith(":") and (colon := [a for a in said if a.pos < len(before)]):
        return colon[-1].speaker
    return None


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


def assign(
    text: str, qs: list[Quote], sents: list[Sentence], said: list[Said]
) -> list[Speaker | None]:
    """The speaker of each quote, in the order of qs."""
    owners = [_own(text, qs, i, sents, said) for i in range(len(qs))]
    for group in _chains(text, qs):
        first = next((owners[i] for i in group if owners[i] is not None), None)
        for i in group:
            owners[i] = owners[i] or first
    for i, q in enumerate(qs):
        if owners[i] is None:
            mates = [j for j, o in enumerate(qs) if o.paragraph == q.paragraph and owners[j]]
            mates.sort(key=lambda j: (j > i, abs(j - i)))
            owners[i] = owners[mates[0]] if mates else None
        if owners[i] is None and (_words(text, q) >= 5 or _opens_paragraph(text, q)):
            earlier = [a for a in said if a.pos < q.start]
            owners[i] = earlier[-1].speaker if earlier else None
    return owners


def _words(text: str, q: Quote) -> int:
    """Number of words inside a quote."""
    return len(text[q.start : q.end].split())


def _opens_paragraph(text: str, q: Quote) -> bool:
    """Whether the quote starts its paragraph."""
    return q.start == 0 or text[: q.start].rstrip(" \t").endswith("\n")
