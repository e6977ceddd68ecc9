"""The documented shapes of comparison responses."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field


class IntervalRead(BaseModel):
    """The numbers a figure's words allow; null ends are unbounded."""

    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool


class FigureRef(IntervalRead):
    """A short reference to a figure."""

    figure_id: int
    claim_id: int
    speaker: str
    speaker_id: int
    qualifier: str
    value: float
    as_of: date
    said_on: date = Field(description="When the claim holding the figure was made.")


class SpeakerRef(BaseModel):
    """Who gave a figure."""

    id: int
    slug: str | None = None
    name: str


class SourceRef(BaseModel):
    """The first source a claim appears in."""

    id: int
    url: str
    title: str | None


class Written(BaseModel):
    """The figure as written, before conversion."""

    value: float
    unit: str
    lower: float | None
    upper: float | None


class ComparedFigure(BaseModel):
    """A figure in the report's unit."""

    figure_id: int
    claim_id: int
    speaker: SpeakerRef
    measure: str
    qualifier: str
    value: float
    interval: IntervalRead
    as_of: date
    period_start: date | None
    period_end: date | None
    said_on: date
    written: Written
    source: SourceRef | None


class ComparisonFigure(ComparedFigure):
    """A figure of a measure comparison, and the later statement that superseded it, if any."""

    superseded_by: int | None = Field(
        description="The figure its speaker later gave for the same as_of or period with "
        "another value; a superseded figure is left out of conflicts, consensus and summary "
        "unless include_superseded=true."
    )


class RevisionRead(BaseModel):
    """An earlier figure a speaker later changed."""

    kind: Literal["restated", "later_as_of"] = Field(
        description="restated: a later statement about the same as_of or period (`to` "
        "supersedes `from`); later_as_of: a figure for a later as_of (both stand)."
    )
    from_: FigureRef = Field(alias="from")
    to: FigureRef
    days: int = Field(deprecated=True, description="Same as days_between_as_of.")
    days_between_as_of: int = Field(description="Days from `from`'s as_of to `to`'s.")
    days_between_statements: int = Field(
        description="Days from `from`'s said_on to `to`'s; negative for a later_as_of revision "
        "whose `to` was said first."
    )
    change: float
    change_percent: float | None


class SpeakerFiguresRead(BaseModel):
    """One speaker's figures on the measure."""

    speaker: SpeakerRef
    count: int = Field(description="All the speaker's figures, superseded ones included.")
    superseded: int = Field(description="How many of them a later statement superseded.")
    latest: FigureRef = Field(
        description="The newest figure not superseded: latest as_of, then latest said_on."
    )
    revisions: list[RevisionRead] = Field(
        description="The latest `revisions_limit` revisions (default 3), in the order said."
    )
    revisions_total: int = Field(description="All the speaker's revisions.")


class SummaryRead(BaseModel):
    """The spread of the values."""

    count: int
    speakers: int
    min: float | None
    max: float | None
    median: float | None
    spread: float | None
    ratio: float | None
    superseded_left_out: int = Field(
        description="Superseded figures not counted (0 with include_superseded=true)."
    )


class ConflictRead(BaseModel):
    """Two figures from different speakers, close in time, whose intervals share nothing."""

    a: FigureRef
    b: FigureRef
    gap: float = Field(description="Distance between the intervals, in the report's unit.")
    gap_percent: float | None = Field(description="The gap in percent of the smaller figure.")
    days_apart: int


class ConsensusRead(IntervalRead):
    """What the latest figure of each speaker in the final window all allow."""

    from_: date = Field(alias="from")
    to: date
    figure_ids: list[int]


class MeasureRef(BaseModel):
    """The measure compared."""

    id: int
    slug: str
    name: str
    unit: str


class ComparisonRead(BaseModel):
    """Every figure on a measure in one unit, by speaker, with conflicts and consensus."""

    measure: MeasureRef
    unit: str
    window_days: int
    from_: date | None = Field(alias="from")
    to: date | None
    include_superseded: bool
    figures: list[ComparisonFigure] = Field(
        description="The first `figures_limit` figures (default 100), oldest first, or the page "
        "after `figures_cursor`; `GET /v1/measures/{id}/figures` pages them too."
    )
    figures_total: int = Field(description="Every figure within from/to, superseded included.")
    figures_next_cursor: str | None = Field(
        description="Pass as `figures_cursor` for the next page of figures; null at the end."
    )
    by_speaker: list[SpeakerFiguresRead] = Field(
        description="Speakers in order of their first figure: the first `speakers_limit` "
        "(default 100), or the page after `speakers_cursor`."
    )
    by_speaker_total: int = Field(description="Every speaker with a figure within from/to.")
    by_speaker_next_cursor: str | None = Field(
        description="Pass as `speakers_cursor` for the next speakers; null at the end."
    )
    summary: SummaryRead = Field(description="Over every figure counted, not only those listed.")
    conflicts: list[ConflictRead] = Field(
        description="The `conflict_limit` most severe conflicts (default 500) among all figures: "
        "largest gap_percent first (null counts as 0), then largest gap."
    )
    conflicts_total: int = Field(description="Every conflicting pair, listed or not.")
    consensus: ConsensusRead | None


class FiguresPage(BaseModel):
    """A page of a measure comparison's figures."""

    items: list[ComparisonFigure]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")
    total: int = Field(description="Every figure within from/to.")


class RatedFigure(ComparedFigure):
    """A compared figure with its period's length and rate per day."""

    days_covered: int | None
    rate_per_day: float | None
    rate_unit: str | None


class Rates(BaseModel):
    """Both figures' rates per day, each with its figure's qualifier (a rate from "more than
    1,000" is more than its value)."""

    a: float
    b: float
    a_qualifier: str
    b_qualifier: str
    ratio: float | None
    unit: str


class PairRead(BaseModel):
    """Figure b against figure a (derived numbers to four significant digits)."""

    a: FigureRef
    b: FigureRef
    same_measure: bool
    difference: float
    ratio: float | None
    percent_difference: float | None
    overlap: bool | None = Field(description="null when the figures are on different measures")
    relation: str | None = Field(description="null when the figures are on different measures")
    days_apart: int
    rates: Rates | None


class CompareBlock(BaseModel):
    """Figures in one unit, with every pair compared."""

    unit: str
    measures: list[MeasureRef]
    same_measure: bool
    note: str | None
    figures: list[RatedFigure]
    pairs: list[PairRead]


class CompareRead(BaseModel):
    """One block for `figures=`, one per measure for `claims=`."""

    comparisons: list[CompareBlock]
