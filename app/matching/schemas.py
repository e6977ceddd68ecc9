"""What POST /v1/claims/match takes, and what it and GET /v1/claims/{id}/similar answer."""

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from app.claims.refs import IdOrName
from app.claims.schemas import ClaimRead, FigureIn
from app.core.fields import Day, Language, clean_text
from app.core.schemas import StrictInput
from app.matching.score import LINK_THRESHOLD, Relation
from app.reviews.schemas import ReviewRead

MAX_MATCH_TEXT = 2000
MAX_MATCH_FIGURES = 20
MATCH_EXAMPLE: dict[str, Any] = {
    "text": "Ukraine has captured over a thousand km² of Russian land in Kursk since 6 August",
    "language": "en",
    "speaker": "government-of-ukraine",
    "said_on": "2024-08-14",
}


class MatchRequest(StrictInput):
    """A claim to look for among the stored ones; only its text is required."""

    model_config = ConfigDict(json_schema_extra={"examples": [MATCH_EXAMPLE]})

    text: Annotated[
        str,
        StringConstraints(min_length=1, max_length=MAX_MATCH_TEXT),
        AfterValidator(clean_text),
        Field(description=f"The claim's words, at most {MAX_MATCH_TEXT} characters."),
    ]
    language: Language | None = Field(
        default=None,
        description="The text's language, for the record: English, Ukrainian and Russian are "
        "compared with each other whatever it says.",
    )
    speaker: IdOrName | None = Field(
        default=None,
        description="Who said it: a speaker's id, slug, name or alias (unknown: 404).",
        examples=["volodymyr-zelensky"],
    )
    said_on: Day | None = None
    figures: list[FigureIn] = Field(
        default_factory=list,
        max_length=MAX_MATCH_FIGURES,
        description="Figures in the claim write form; without them, figures are read from "
        "the text (on any measure whose unit they fit).",
    )


class MatchReasons(BaseModel):
    """Why the stored claim matched: each signal's value."""

    text_similarity: float = Field(
        description="Words shared after numbers, units, scripts and endings are normalised, "
        "0 to 1.",
        examples=[0.71],
    )
    same_speaker: bool | None = Field(description="Null when the query names no speaker.")
    same_measure: list[str] = Field(
        description="Slugs of the claim's measures the query's figures were compared on.",
        examples=[["kursk-area-held-by-ukraine"]],
    )
    figures: str | None = Field(
        description="`agree` (intervals overlap), `conflict` (none overlaps, within 7 days), "
        "or null when no figure compares.",
        examples=["agree"],
    )
    days_apart: int | None = Field(description="Between said_on dates; null without one.")
    negation_differs: bool = Field(
        description="One of the two texts negates (not, never, halted, denied...), the other not."
    )
    text_figures_differ: bool = Field(
        description="Both texts state figures of one kind (an area, a count...) and each has "
        "one the other lacks: without a measure to compare them on, the claims are only "
        "`related`."
    )
    text_places_differ: bool = Field(
        False,
        description="Both texts say where or when (a region, a town, a month) and share no "
        "place: the claims are at most `same_figure`, never `same` or `repeat`.",
    )


class MatchRead(BaseModel):
    """A stored claim that may say the same thing as the query."""

    claim_id: int
    score: float = Field(ge=0, le=1, examples=[0.83])
    relation: Relation = Field(
        description="`same` (same statement), `repeat` (same words, another speaker), "
        "`same_figure` (same measure, compatible interval), `conflicting_figure` (same "
        "measure, incompatible interval, about the same time; or, with no measure both "
        "name, the same sentence with other numbers in it), `related`."
    )
    linkable: bool = Field(
        description=f"`same` or `repeat` with a score of at least {LINK_THRESHOLD}: "
        "what would be linked as a repeat."
    )
    reasons: MatchReasons
    reviews: list[ReviewRead] = Field(description="The reviews the claim already has.")
    claim: ClaimRead


class MatchList(BaseModel):
    """The best matches, best first."""

    items: list[MatchRead]
    threshold: float = Field(
        description="The score from which a `same` or `repeat` match is linkable.",
        examples=[LINK_THRESHOLD],
    )
