"""What the import and extraction endpoints answer."""

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from app.core.fields import Day, clean_text
from app.core.schemas import StrictInput
from app.newsroom.rows import SourceRef


class ImportedClaim(BaseModel):
    """What became of one row, found by its line (NDJSON) or its JSON path (a JSON document)."""

    line: int | None = Field(default=None, description="The row's line, for NDJSON.")
    path: str | None = Field(
        default=None, description="The row's JSON path, e.g. `$[3]` or `$.claims[3]`."
    )
    id: int
    status: Literal["created", "matched"]
    not_applied: list[Literal["figures", "tags"]] | None = Field(
        default=None,
        description="A matched row's figures or tags (by their words) that the stored claim does "
        "not have: a match adds only sources and reviews, so these were left out (PATCH the "
        "claim to change them). Absent when nothing was.",
        examples=[["figures", "tags"]],
    )
    notes: list[str] = Field(
        default_factory=list,
        description="ClaimReview imports: what was inferred, e.g. a date taken from the "
        "review, and each stored review the document corrected (its id, url, new version and "
        "the fields changed).",
        examples=[
            [
                "no claimDate; said_on taken from the review's date 2024-08-16",
                "review 7 (https://factcheck.example/kursk-area) updated to version 2: "
                "rating_label, rating_value",
            ]
        ],
    )


class ImportResult(BaseModel):
    """Counts of what was (or, in a dry run, would be) created and matched."""

    dry_run: bool
    rows: int
    created: dict[str, int] = Field(examples=[{"claims": 2, "speakers": 1, "sources": 2}])
    matched: dict[str, int] = Field(examples=[{"speakers": 1, "sources": 1}])
    updated: dict[str, int] | None = Field(
        default=None,
        description="ClaimReview imports: the stored reviews (matched by claim and url) that "
        "the document corrected, each now a new version; not counted under `matched`.",
        examples=[{"reviews": 1}],
    )
    repeat_links: dict[str, list[dict[str, Any]]] | None = Field(
        default=None,
        description="When rows carry `repeat_of` or `match=similar`: `linked` (each row's "
        "claim linked as a repeat: `id`, `repeat_of`, `how`, `score`) and `not_linked` "
        "(`id` and `why`).",
        examples=[
            {
                "linked": [{"line": 2, "id": 21, "repeat_of": 17, "how": "matching",
                            "score": 0.81}],
                "not_linked": [],
            }
        ],
    )  # fmt: skip
    claims: list[ImportedClaim]


class ExtractSource(SourceRef):
    """Where an article appeared, as POST /v1/extract/accept takes it: the same fields, types
    and lengths, unknown fields refused."""


class ExtractRequest(StrictInput):
    """An article's text, and optionally when it was said and where it appeared."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "text": "“We control more than 1,000 square kilometres,” the commander said "
                    "on Monday. Since August 6, about 74 villages have been taken.",
                    "said_on": "2024-08-14",
                }
            ]
        }
    )

    text: Annotated[
        str,
        StringConstraints(min_length=1),
        AfterValidator(clean_text),
        Field(
            description="At most CLAIMTRACK_EXTRACT_MAX_CHARS characters (default 200,000); "
            "longer text is refused with 422."
        ),
    ]
    said_on: Day | None = Field(default=None, description="Resolves 'since August 6' and the like.")
    source: ExtractSource | None = Field(
        default=None,
        description="Where the text appeared, as POST /v1/extract/accept takes it (unknown "
        "fields refused); given back once, as the answer's `source`.",
    )


class MeasureSuggestion(BaseModel):
    """A measure an extracted figure may stand on."""

    measure_id: int
    slug: str
    name: str
    score: float = Field(ge=0.5, le=1, examples=[0.83])


class ExtractedFigureRead(BaseModel):
    """A figure in the claim write form, with the words it came from."""

    measure_id: None = Field(default=None, description="Left for the journalist to choose.")
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
    measure_suggestions: list[MeasureSuggestion] = Field(
        description="Stored measures the figure may stand on, best first (at most three): "
        "its unit fits theirs; the score grows with the words of the measure's name and nouns "
        "the sentence holds (0.5: the unit alone)."
    )


class CandidateMatch(BaseModel):
    """A stored claim an extraction candidate may repeat."""

    claim_id: int
    text: str
    score: float
    relation: str = Field(description="As POST /v1/claims/match answers.")
    linkable: bool
    reasons: dict[str, Any]
    reviews: list[dict[str, Any]] = Field(description="The reviews it already has.")


class CandidateRead(BaseModel):
    """A sentence that may be a claim."""

    sentence: str
    start: int
    end: int
    speaker_id: int | None
    speaker_name: str | None
    quote: bool
    language: str | None = Field(
        description="en, uk or ru: the sentence's language, else the text's (null: neither tells).",
        examples=["uk"],
    )
    figures: list[ExtractedFigureRead]
    matches: list[CandidateMatch] | None = Field(
        default=None,
        description="With ?match=true: the stored claims most likely to say the same, best "
        "first (at most three).",
    )


class ExtractResult(BaseModel):
    """Candidate claims; nothing was stored."""

    language: str | None = Field(
        description="The text's language, by its letters and common words: en, uk or ru "
        "(null: no letters, or a language the extractor does not read).",
        examples=["uk"],
    )
    source: ExtractSource | None = Field(
        description="The request's `source`, checked and normalised (null without one): once "
        "for every candidate, and ready to send as POST /v1/extract/accept's `source`."
    )
    candidates: list[CandidateRead]
