"""Which stored measure an extracted figure may stand on: those whose unit it fits (dimension
and counted nouns, as a write would check), ranked by how many words of the measure's name
and nouns the candidate's sentence shares. Pure: runs in the extraction's worker."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.matching.figures import fits

SUGGESTED = 3
STEM = 5  # letters compared: "kilometres" and "kilometers", "villages" and "village" meet
STOP = frozenset(
    {
        "the", "and", "for", "from", "with", "that", "this", "are", "was", "were", "has",
        "have", "had", "its", "into", "under", "over", "per", "held", "said", "says",
    }
)  # fmt: skip
WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True, slots=True)
class KnownMeasure:
    """A stored measure as suggestions need it."""

    id: int
    slug: str
    name: str
    unit: str
    words: frozenset[str]


def stems(text: str) -> frozenset[str]:
    """The text's words of three letters or more, lower-cased and cut to STEM letters."""
    found = (word.casefold() for word in WORD.findall(text))
    return frozenset(word[:STEM] for word in found if word not in STOP)


def known_measure(row: Sequence[Any]) -> KnownMeasure:
    """A measure row (id, slug, name, unit, nouns) as suggestions read it."""
    measure_id, slug, name, unit, nouns = row
    return KnownMeasure(measure_id, slug, name, unit, stems(" ".join([name, *(nouns or [])])))


def suggestions(
    unit: str, sentence: frozenset[str], measures: Iterable[KnownMeasure]
) -> list[dict[str, Any]]:
    """The best measures for a figure in `unit` said in a sentence of these stems, best
    first: score 0.5 for a unit that fits, up to 1 as the measure's words are in the sentence."""
    ranked = []
    for measure in measures:
        if not fits(unit, measure.unit):
            continue
        shared = len(measure.words & sentence) / len(measure.words) if measure.words else 0.0
        ranked.append((round(0.5 + 0.5 * shared, 3), measure))
    ranked.sort(key=lambda pair: (-pair[0], pair[1].id))
    return [
        {"measure_id": m.id, "slug": m.slug, "name": m.name, "score": score}
        for score, m in ranked[:SUGGESTED]
    ]
