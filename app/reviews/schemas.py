"""Review input and output: the ClaimReview fields of a fact-check."""

from datetime import date
from typing import Any

from pydantic import ConfigDict, Field, model_validator
from pydantic.types import FiniteFloat

from app.core.errors import FieldError
from app.core.fields import Day, Description, Language, Name
from app.core.schemas import RECORD_EXAMPLE, PatchModel, ReadModel, StrictInput
from app.sources.schemas import Url

REVIEW_EXAMPLE: dict[str, Any] = {
    "reviewer": "Kyiv Independent Fact Check",
    "reviewer_url": "https://kyivindependent.com",
    "url": "https://kyivindependent.com/fact-check/kursk-area",
    "rating_label": "Mostly true",
    "rating_value": 4,
    "best_rating": 5,
    "worst_rating": 1,
    "reviewed_on": "2024-08-16",
    "summary": "ISW's maps put the area at about 800 km² on the day of the claim.",
    "language": "en",
}


def check_scale(worst: float | None, best: float | None, value: float | None) -> None:
    if worst is not None and best is not None and worst >= best:
        raise FieldError("worst_rating", "worst_rating must be below best_rating")
    if value is None:
        return
    if (worst is not None and value < worst) or (best is not None and value > best):
        raise FieldError(
            "rating_value", "rating_value must lie between worst_rating and best_rating"
        )


class ReviewCreate(StrictInput):
    """A fact-checker's verdict on a claim."""

    model_config = ConfigDict(json_schema_extra={"examples": [REVIEW_EXAMPLE]})

    reviewer: Name
    reviewer_url: Url | None = None
    url: Url = Field(description="The fact-check article.")
    rating_label: Name
    rating_value: FiniteFloat | None = None
    best_rating: FiniteFloat | None = None
    worst_rating: FiniteFloat | None = None
    reviewed_on: Day | None = None
    summary: Description | None = None
    language: Language | None = None

    @model_validator(mode="after")
    def _scale(self) -> "ReviewCreate":
        check_scale(self.worst_rating, self.best_rating, self.rating_value)
        return self


class ReviewUpdate(PatchModel):
    """Changes to a review."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"rating_label": "Half true"}]})
    required_fields = frozenset({"reviewer", "rating_label", "url"})

    reviewer: Name | None = None
    reviewer_url: Url | None = None
    url: Url | None = None
    rating_label: Name | None = None
    rating_value: FiniteFloat | None = None
    best_rating: FiniteFloat | None = None
    worst_rating: FiniteFloat | None = None
    reviewed_on: Day | None = None
    summary: Description | None = None
    language: Language | None = None


class ReviewRead(ReadModel):
    """A review."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"id": 1, **RECORD_EXAMPLE, "claim_id": 2, **REVIEW_EXAMPLE}]
        }
    )

    claim_id: int
    reviewer: str
    reviewer_url: str | None
    url: str | None
    rating_label: str = Field(examples=["Mostly true"])
    rating_value: float | None
    best_rating: float | None
    worst_rating: float | None
    reviewed_on: date | None
    summary: str | None
    language: str | None
