"""Source input and output."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from app.core.fields import Language, Moment, Name, Title, clean_name, clean_text
from app.core.schemas import RECORD_EXAMPLE, PatchModel, ReadModel, StrictInput
from app.db.lookup import LookupText, query_field
from app.sources.urls import normalize_url

SourceKind = Literal[
    "article", "social_post", "interview", "press_release", "report", "video", "other"
]
Url = Annotated[
    str,
    StringConstraints(min_length=1, max_length=2048),
    AfterValidator(clean_name),
    AfterValidator(normalize_url),
    Field(examples=["https://t.me/vvgladkov/1234"]),
]

MAX_SOURCE_TEXT = 1_000_000
SourceText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_SOURCE_TEXT),
    AfterValidator(clean_text),
    Field(
        description="The text its claims were read from (an article as sent to POST "
        "/v1/extract): figures' `start`/`end` are offsets into it. At most 1,000,000 characters."
    ),
]

SOURCE_EXAMPLE: dict[str, Any] = {
    "url": "https://www.politico.eu/article/ukraine-kursk-incursion-russia-troops-redeploy/",
    "title": "Russia redeploys troops to Kursk, Ukraine's military says",
    "publisher": "Politico",
    "kind": "interview",
    "published_at": "2024-08-14T09:00:00Z",
    "language": "en",
}


class SourceCreate(StrictInput):
    """A new source; its URL is normalised before the uniqueness check."""

    model_config = ConfigDict(json_schema_extra={"examples": [SOURCE_EXAMPLE]})

    url: Url
    title: Title | None = None
    publisher: Name | None = None
    kind: SourceKind = "article"
    published_at: Moment | None = Field(default=None, examples=["2024-08-14T09:00:00Z"])
    language: Language | None = None
    text: SourceText | None = None


class SourceUpdate(PatchModel):
    """Changes to a source."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"title": "A better title"}]})
    required_fields = frozenset({"url", "kind"})

    url: Url | None = None
    title: Title | None = None
    publisher: Name | None = None
    kind: SourceKind | None = None
    published_at: Moment | None = None
    language: Language | None = None
    text: SourceText | None = None


class SourceListed(ReadModel):
    """A source as lists and exports give it: without its text (GET /v1/sources/{id} has it)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"id": 1, **RECORD_EXAMPLE, **SOURCE_EXAMPLE}]}
    )

    url: str
    title: str | None
    publisher: str | None
    kind: SourceKind
    published_at: datetime | None
    language: str | None


class SourceRead(SourceListed):
    """A source."""

    # Not SourceListed's example, which has no text: the demo's (app.core.openapi_examples).
    model_config = ConfigDict(json_schema_extra=None)

    text: str | None = Field(description="The text its claims were read from, if recorded.")


class SourceFilters(BaseModel):
    """Filters on the list of sources."""

    url: Url | None = Field(default=None, description="Only the source with this URL (normalised).")
    q: LookupText | None = query_field(
        "sources whose title, publisher or URL is", "kyiv independent"
    )
