"""Candidate claims: sentences that are attributed to someone or carry a figure.

A candidate is one sentence. Its speaker is the speaker of its first figure: the quote's
speaker for a figure inside quotation marks, else the first attribution in the sentence,
else the speaker of a quote in the sentence. A sentence whose clauses have different
speakers ("Organisers said 20,000 took part, while police put the figure at 15,000") or
whose attribution sits in a subordinate clause ("Prices topped $80 after OPEC+ said it would
keep cuts of 2.2 million barrels a day") is split: each figure takes the attribution of its
clause, else the sentence's main-clause attribution, else nobody; consecutive figures with
one speaker make one candidate. quote is True when a figure (or, in a sentence
without figures, any of its words) is inside quotation marks. Each figure gets the period
expression nearest to it in its sentence; as_of defaults to said_on.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date

from app.extraction.budget import UNLIMITED, Budget, checked
from app.extraction.figures.quantities import Found, find_figures
from app.extraction.model import Candidate, ExtractedFigure, KnownSpeaker
from app.extraction.periods.resolve import Periods
from app.extraction.periods.scope import CLAUSE_END, Scope
from app.extraction.speakers.attribution import find_attributions
from app.extraction.speakers.owners import Said, assign
from app.extraction.speakers.resolve import Resolver, Speaker
from app.extraction.text.quotes import Quote, Quotes, blank_quotes, find_quotes
from app.extraction.text.sentences import Sentence, paragraphs, split_sentences


def _attributions(
    masked: str, sents: list[Sentence], resolver: Resolver, budget: Budget
) -> list[Said]:
    """Resolve every attribution in document order."""
    said: list[Said] = []
    for s in sents:
        budget.check()
        resolver.note_organisations(masked[s.start : s.end], s.start)
        for a in find_attributions(masked, s.start, s.end):
            speaker = resolver.resolve(a.phrase, a.verb)
            if speaker is not None:
                if a.clause is None:
                    said.append(Said(a.verb, speaker, a.phrase.start))
                else:  # the attribution lives in its relative clause, from "which"/"who"
                    said.append(Said(a.verb, speaker, a.clause, relative=True))
        resolver.note_mentions(masked[s.start : s.end], s.end)
    return said


def _figure(text: str, s: Sentence, f: Found, scope: Scope) -> ExtractedFigure:
    """An ExtractedFigure from a figure found in sentence s."""
    p = scope.period_for(f.start, f.end)
    start, end = s.start + f.start, s.start + f.end
    return ExtractedFigure(
        value=f.value,
        unit=f.unit,
        qualifier=f.qualifier,
        lower=f.lower,
        upper=f.upper,
        as_of=p.as_of,
        period_start=p.period_start,
        period_end=p.period_end,
        text=text[start:end],
        start=start,
        end=end,
    )


class _Owners:
    """Speakers of quotes and of sentences."""

    def __init__(self, quotes: Quotes, owners: list[Speaker | None], said: list[Said]):
        """Keep the quote owners and the attributions."""
        self.quotes, self.owners, self.said = quotes, owners, said
        self._said_pos = [a.pos for a in said]

    def of_quote(self, q: Quote) -> Speaker | None:
        """The speaker of a quote."""
        return self.owners[self.quotes.index(q)]

    def in_sentence(self, s: Sentence) -> list[Said]:
        """The attributions in a sentence, in order."""
        lo, hi = bisect_left(self._said_pos, s.start), bisect_left(self._said_pos, s.end)
        return self.said[lo:hi]

    def of_sentence(self, s: Sentence) -> Speaker | None:
        """The first attribution in a sentence, else the speaker of a quote in it."""
        k = bisect_left(self._said_pos, s.start)
        if k < len(self.said) and self._said_pos[k] < s.end:
            return self.said[k].speaker
        quoted = self.quotes.overlapping(s.start, s.end)
        return next((sp for q in quoted if (sp := self.of_quote(q)) is not None), None)


SUBORDINATOR_RE = re.compile(
    r"\b(?:after|before|when|because|since|until|once|as|although|though|whereas|while|if)"
    r"\s+(?:the\s+|a\s+|an\s+)?$",
    re.I,
)


def _by_clause(
    text: str, s: Sentence, figures: Sequence[ExtractedFigure], owners: _Owners
) -> list[Speaker | None] | None:
    """Each figure's speaker when the sentence's attributions differ by clause or one is in a
    subordinate clause; None when one attribution speaks for the whole sentence."""
    said = [a for a in owners.in_sentence(s) if a.start >= s.start]
    relative = [a for a in said if a.relative]  # "X, which said ...": from "which"
    subordinate = {
        id(a): m.start()
        for a in said
        if (m := SUBORDINATOR_RE.search(text, max(s.start, a.start - 16), a.start))
    } | {id(a): a.start for a in relative}
    if len({(a.speaker.id, a.speaker.name) for a in said}) < 2 and not subordinate:
        return None
    bounds = [m.start() for m in CLAUSE_END.finditer(text, s.start, s.end)]  # absolute
    closes = [  # a relative clause ends at its next comma: "X, which said 3%, held 5.25%"
        comma for a in relative if (comma := text.find(",", a.pos, s.end)) != -1
    ]
    bounds = sorted({*bounds, *subordinate.values(), *closes})
    main = next((a.speaker for a in said if id(a) not in subordinate), None)
    speakers = []
    for f in figures:
        clause = bisect_right(bounds, f.start)
        mine = next((a for a in said if bisect_right(bounds, min(a.start, a.pos)) == clause), None)
        speakers.append(mine.speaker if mine else main)
    return speakers


def _candidates(
    text: str, s: Sentence, owners: _Owners, spans: Periods, budget: Budget
) -> list[Candidate]:
    """The candidates of one sentence: none, one, or one per run of figures with a speaker."""
    budget.check()
    said_on = spans.said_on
    sentence = text[s.start : s.end]
    periods = spans.of(sentence, s.paragraph)
    found = find_figures(sentence, [(p.start, p.end) for p in periods], budget.check)
    scope = Scope(sentence, periods, said_on)
    figures = tuple(_figure(text, s, f, scope) for f in checked(found, budget.check))
    quotes = [owners.quotes.inside(f.start) for f in figures]
    speaker = owners.of_sentence(s)
    if quotes and quotes[0] is not None:
        speaker = owners.of_quote(quotes[0]) or speaker
    in_quote = any(quotes) if figures else bool(owners.quotes.overlapping(s.start, s.end))
    if not figures and speaker is None:
        return []
    each = _by_clause(text, s, figures, owners) if figures else None
    if each is None:
        return [_candidate(sentence, s, speaker, in_quote, figures)]
    each = [owners.of_quote(q) or sp if q else sp for q, sp in zip(quotes, each, strict=True)]
    runs: list[tuple[Speaker | None, list[int]]] = []
    for i, sp in enumerate(each):
        if runs and runs[-1][0] == sp:
            runs[-1][1].append(i)
        else:
            runs.append((sp, [i]))
    return [
        _candidate(sentence, s, sp, any(quotes[i] for i in idx), tuple(figures[i] for i in idx))
        for sp, idx in runs
    ]


def _candidate(
    sentence: str,
    s: Sentence,
    speaker: Speaker | None,
    in_quote: bool,
    figures: tuple[ExtractedFigure, ...],
) -> Candidate:
    """A candidate for (part of) a sentence."""
    return Candidate(
        sentence=sentence,
        start=s.start,
        end=s.end,
        speaker_id=speaker.id if speaker else None,
        speaker_name=speaker.name if speaker else None,
        quote=in_quote,
        figures=figures,
    )


def extract(
    text: str,
    *,
    said_on: date | None = None,
    speakers: Sequence[KnownSpeaker] = (),
    budget: Budget = UNLIMITED,
) -> list[Candidate]:
    """Candidate claims in text, in order; raises budget.Stopped when the budget says stop."""
    quotes = [q for i, (a, b) in enumerate(paragraphs(text)) for q in find_quotes(text, a, b, i)]
    masked = blank_quotes(text, quotes)
    sents = split_sentences(text)
    said = _attributions(masked, sents, Resolver(speakers), budget)
    owners = _Owners(Quotes(quotes), assign(text, quotes, sents, said), said)
    spans = Periods(said_on)
    return [c for s in sents for c in _candidates(text, s, owners, spans, budget)]
