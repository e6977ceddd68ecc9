"""Small helpers shared by the extraction tests."""

from collections.abc import Sequence
from datetime import date

from app.extraction import Candidate, ExtractedFigure, KnownSpeaker, extract

SAID_ON = date(2024, 8, 20)


def figures(text: str, said_on: date | None = SAID_ON) -> list[ExtractedFigure]:
    """Every figure extracted from text."""
    return [f for c in extract(text, said_on=said_on) for f in c.figures]


def one(text: str, said_on: date | None = SAID_ON) -> ExtractedFigure:
    """The only figure extracted from text."""
    found = figures(text, said_on)
    assert len(found) == 1, found
    return found[0]


def candidates(
    text: str, speakers: Sequence[KnownSpeaker] = (), said_on: date | None = SAID_ON
) -> list[Candidate]:
    """Candidates extracted from text."""
    return extract(text, said_on=said_on, speakers=speakers)


def speaker_of(text: str, value: float, speakers: Sequence[KnownSpeaker] = ()) -> Candidate:
    """The candidate holding the figure with this value."""
    for c in candidates(text, speakers):
        if any(abs(f.value - value) < 1e-9 for f in c.figures):
            return c
    raise AssertionError(f"no figure {value} in {text!r}")
