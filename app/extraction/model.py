"""Public data types of the extraction package."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class KnownSpeaker:
    """A speaker the caller already knows, with the names and titles it goes by."""

    id: int
    names: tuple[str, ...]
    kind: str
    titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExtractedFigure:
    """One figure found in the text, with its qualifier and the period it covers."""

    value: float
    unit: str
    qualifier: str
    lower: float | None
    upper: float | None
    as_of: date | None
    period_start: date | None
    period_end: date | None
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence (or quoted span) that is attributed to someone or carries a figure."""

    sentence: str
    start: int
    end: int
    speaker_id: int | None
    speaker_name: str | None
    quote: bool
    figures: tuple[ExtractedFigure, ...]
