"""One stored claim scored against a query: text, speaker, figures and date, into a score in
[0, 1], a relation and the reasons. Pure.

Text similarity is a soft, weighted Dice coefficient of the two claims' comparable words
(app.matching.text): a word meets its closest spelling in the other claim (rapidfuzz ratio at
least SOFT), and rarer words weigh more (inverse document frequency among the candidates).
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from rapidfuzz import fuzz, process

from app.core.fields import document_day
from app.matching.figures import Comparison, QueryFigure, Verdict, compare_figures
from app.matching.text import Words, figures_differ, places_differ, read_words

Relation = Literal["same", "repeat", "same_figure", "conflicting_figure", "related"]
LINKED = frozenset({"same", "repeat"})
SOFT = 80.0
# The score: the weighted mean of the signals the query gives (text always; the speaker and
# the date when it names them; figures when some compare), each in [0, 1]. A conflicting
# figure counts half: a checker wants to see it, below the claims that agree.
TEXT_WEIGHT = 0.6
FIGURE_WEIGHT = 0.25
SPEAKER_WEIGHT = 0.1
DATE_WEIGHT = 0.05
FIGURE_SIGNAL = {Verdict.AGREE: 1.0, Verdict.CONFLICT: 0.5}
DATE_SCALE_DAYS = 7
# The text similarity from which two claims say the same thing (with agreeing figures, and no
# other speaker, the lower one).
SAME_TEXT = 0.55
SAME_TEXT_WITH_FIGURES = 0.3
# Same or repeat, at or above this score: the claims would be linked as repeats.
LINK_THRESHOLD = 0.6
WINDOW_DAYS = 7
# A figure read from the text names no measure: it speaks for a claim only if the words meet.
TEXT_FIGURE_FLOOR = 0.2


@dataclass(frozen=True, slots=True)
class Query:
    """What is matched: the words, speaker, day and figures of a claim, stored or not."""

    words: Words
    speaker_id: int | None
    said_on: date | None
    figures: tuple[QueryFigure, ...]
    claim_id: int | None = None


@dataclass(frozen=True, slots=True)
class Scored:
    """A stored claim as a match for the query."""

    claim_id: int
    score: float
    relation: Relation
    linkable: bool
    reasons: dict[str, Any]


def weights(documents: Iterable[Words]) -> dict[str, float]:
    """Inverse document frequency of every word among the documents (query included)."""
    frequency: Counter[str] = Counter()
    total = 0
    for words in documents:
        frequency.update(set(words.words))
        total += 1
    return {word: math.log(1 + total / count) for word, count in frequency.items()}


def _weight(word: str, idf: Mapping[str, float]) -> float:
    return idf.get(word, math.log(2))


def _soft_overlap(words: Sequence[str], others: Sequence[str], idf: Mapping[str, float]) -> float:
    """The weight of the words that meet a word of the others, each by how closely."""
    total = 0.0
    for word in set(words):
        if word.startswith("#"):
            total += _weight(word, idf) if word in others else 0.0
            continue
        best = process.extractOne(word, others, scorer=fuzz.ratio, score_cutoff=SOFT)
        if best is not None:
            total += _weight(word, idf) * best[1] / 100
    return total


def text_similarity(a: Words, b: Words, idf: Mapping[str, float]) -> float:
    """Soft weighted Dice of the two claims' words, in [0, 1]."""
    mass = sum(_weight(w, idf) for w in set(a.words)) + sum(_weight(w, idf) for w in set(b.words))
    if not mass:
        return 0.0
    shared = _soft_overlap(a.words, b.words, idf) + _soft_overlap(b.words, a.words, idf)
    return min(1.0, shared / mass)


def _relation(
    text: float,
    verdict: Verdict,
    *,
    negation: bool,
    other_figures: bool,
    other_speaker: bool,
    other_places: bool = False,
    measured: bool = False,
) -> Relation:
    if verdict is Verdict.CONFLICT:
        return "conflicting_figure"
    if (
        other_figures
        and verdict is Verdict.NONE
        and not measured
        and text >= SAME_TEXT
        and not negation
    ):
        # The same sentence with other numbers in it ("lost 2,300 servicemen" against "lost
        # 2,030 servicemen") and no measure both name to compare them on as intervals (on a
        # shared measure the interval verdict decides: weeks apart, no conflict).
        return "conflicting_figure"
    if negation or other_figures or other_places:
        return "same_figure" if verdict is Verdict.AGREE else "related"
    if text >= SAME_TEXT:
        return "repeat" if other_speaker else "same"
    if verdict is Verdict.AGREE and text >= SAME_TEXT_WITH_FIGURES and not other_speaker:
        return "same"
    return "same_figure" if verdict is Verdict.AGREE else "related"


def score_claim(
    query: Query, claim: Mapping[str, Any], words: Words, idf: Mapping[str, float]
) -> Scored:
    """The stored claim (read form, its words) scored as a match for the query."""
    text = text_similarity(query.words, words, idf)
    compared = compare_figures(query.figures, claim["figures"], window_days=WINDOW_DAYS)
    if text < TEXT_FIGURE_FLOOR and all(f.measure_id is None for f in query.figures):
        compared = Comparison(Verdict.NONE, ())
    same_speaker = None if query.speaker_id is None else query.speaker_id == claim["speaker_id"]
    days = None
    if query.said_on is not None:
        days = abs((document_day(claim["said_on"]) - query.said_on).days)
    negation = query.words.negated != words.negated or query.words.reverses != words.reverses
    other_figures = figures_differ(query.words, words)
    other_places = places_differ(query.words, words)
    signals = [(TEXT_WEIGHT, text)]
    if compared.verdict is not Verdict.NONE:
        signals.append((FIGURE_WEIGHT, FIGURE_SIGNAL[compared.verdict]))
    if same_speaker is not None:
        signals.append((SPEAKER_WEIGHT, float(same_speaker)))
    if days is not None:
        signals.append((DATE_WEIGHT, 1 / (1 + days / DATE_SCALE_DAYS)))
    score = sum(weight * value for weight, value in signals) / sum(w for w, _v in signals)
    relation = _relation(
        text,
        compared.verdict,
        negation=negation,
        other_figures=other_figures,
        other_speaker=same_speaker is False,
        other_places=other_places,
        measured=bool(compared.measures),
    )
    score = round(min(1.0, score), 4)
    reasons = {
        "text_similarity": round(text, 4),
        "same_speaker": same_speaker,
        "same_measure": list(compared.measures),
        "figures": None if compared.verdict is Verdict.NONE else compared.verdict.value,
        "days_apart": days,
        "negation_differs": negation,
        "text_figures_differ": other_figures,
        "text_places_differ": other_places,
    }
    linkable = relation in LINKED and score >= LINK_THRESHOLD
    return Scored(claim["id"], score, relation, linkable, reasons)


def rank(query: Query, claims: Sequence[Mapping[str, Any]], *, limit: int) -> list[Scored]:
    """The claims (read forms) scored as matches for the query, the best `limit`, best first."""
    words = [read_words(claim["text"]) for claim in claims]
    idf = weights([query.words, *words])
    scored = [
        score_claim(query, claim, claim_words, idf)
        for claim, claim_words in zip(claims, words, strict=True)
    ]
    scored.sort(key=lambda match: (-match.score, match.claim_id))
    return scored[:limit]
