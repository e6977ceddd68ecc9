"""Claim input and output, with figures, appearances and tags."""

from datetime import date, datetime
from typing import Annotated, Any, Literal, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    StringConstraints,
    model_validator,
)

from app.claims.refs import IdOrName
from app.core.errors import FieldError
from app.core.fields import Amount, Day, Id, Language, LongText, Name, Tag
from app.core.schemas import PatchModel, ReadModel, StrictInput
from app.measures.schemas import UnitText
from app.reviews.schemas import ReviewRead
from app.speakers.schemas import RoleRead

Qualifier = Literal[
    "exact", "approximately", "at_least", "more_than", "at_most", "less_than", "range"
]

FIGURE_EXAMPLE: dict[str, Any] = {
    "measure_id": "kursk-area-held-by-ukraine",
    "value": 1000,
    "unit": "square kilometres",
    "qualifier": "more_than",
    "as_of": "2024-08-14",
    "period_start": "2024-08-06",
    "period_end": "2024-08-14",
}
CLAIM_EXAMPLE: dict[str, Any] = {
    "speaker_id": "volodymyr-zelensky",
    "text": "We have 74 communities under our control",
    "quote": True,
    "said_on": "2024-08-14",
    "channel": "X",
    "language": "en",
    "appearances": [{"source_id": 1, "excerpt": None}],
    "tags": ["kursk-incursion"],
    "figures": [
        {
            "measure_id": "kursk-communities-held-by-ukraine",
            "value": 74,
            "unit": "communities",
            "qualifier": "exact",
        }
    ],
}


FigureWords = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Offset = Annotated[int, Field(ge=0, le=100_000_000)]


def named(data: Any, name: str, field: str) -> Any:
    """The input with `name` (as imports write it: "speaker", "measure") sent as `field`
    ("speaker_id", "measure_id"): either takes an id, slug, name or alias; both at once are
    refused, naming them."""
    if not isinstance(data, dict) or name not in data:
        return data
    if field in data:
        raise FieldError(name, f"send {name} or {field}, not both")
    renamed = {key: value for key, value in data.items() if key != name}
    renamed[field] = data[name]
    return renamed


class Named(BaseModel):
    """An input whose reference (`speaker_id`, `measure_id`) may come under the name imports
    write (`speaker`, `measure`): the name it came under is kept, so a problem with it names
    the field the client sent."""

    _sent: str | None = PrivateAttr(default=None)

    def sent_as(self, field: str) -> str:
        """`field`, or the name it was sent under."""
        return self._sent if self._sent is not None and field.startswith(self._sent) else field


def _named_model(data: Any, handler: Any, name: str, field: str) -> Any:
    model = handler(named(data, name, field))
    if isinstance(data, dict) and name in data:
        model._sent = name
    return model


class FigureIn(StrictInput, Named):
    """One number in a claim. `range` takes lower and upper; no other qualifier does."""

    model_config = ConfigDict(json_schema_extra={"examples": [FIGURE_EXAMPLE]})

    id: Id | None = Field(
        default=None,
        description="On update: the figure being kept or changed; left out, a new one.",
    )
    measure_id: IdOrName = Field(
        description="The measure: its id, slug or name (`measure`, as imports write it, is "
        "taken too)."
    )
    value: Amount | None = Field(
        default=None, description="Required, except for a range, where it defaults to the middle."
    )
    unit: UnitText = Field(description="As written: km², sq mi, hectares, people, count...")
    qualifier: Qualifier = "exact"
    lower: Amount | None = None
    upper: Amount | None = None
    as_of: Day | None = Field(default=None, description="Defaults to the claim's said_on.")
    period_start: Day | None = None
    period_end: Day | None = None
    text: FigureWords | None = Field(
        default=None,
        description="The words the figure was read from, verbatim (as POST /v1/extract gives).",
        examples=["more than 1,000 square kilometres"],
    )
    start: Offset | None = Field(
        default=None, description="Where those words start in the source's text (characters)."
    )
    end: Offset | None = Field(default=None, description="Where they end (exclusive).")

    @model_validator(mode="wrap")
    @classmethod
    def _measure(cls, data: Any, handler: ModelWrapValidatorHandler["FigureIn"]) -> "FigureIn":
        return cast("FigureIn", _named_model(data, handler, "measure", "measure_id"))

    @model_validator(mode="after")
    def _consistent(self) -> "FigureIn":
        if self.qualifier == "range":
            if self.lower is None or self.upper is None:
                missing = "lower" if self.lower is None else "upper"
                raise FieldError(missing, "a range needs both lower and upper")
            if self.lower > self.upper:
                raise FieldError(
                    "lower", f"lower ({self.lower:g}) is greater than upper ({self.upper:g})"
                )
            if self.value is None:
                self.value = (self.lower + self.upper) / 2
        elif self.lower is not None or self.upper is not None:
            raise FieldError(
                "lower" if self.lower is not None else "upper",
                f"lower and upper are only for qualifier 'range', not {self.qualifier!r}",
            )
        if self.value is None:
            raise FieldError("value", "value is required")
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise FieldError("period_end", "period_start is after period_end")
        check_offsets(self.start, self.end)
        return self


def check_offsets(start: int | None, end: int | None) -> None:
    """The words' offsets: both or neither, the start before the end."""
    if (start is None) != (end is None):
        raise FieldError(
            "end" if end is None else "start",
            "start and end go together: send both offsets or neither",
        )
    if start is not None and end is not None and start >= end:
        raise FieldError("end", f"start ({start}) is not before end ({end})")


class AppearanceIn(StrictInput):
    """Where the claim appears."""

    source_id: Id
    excerpt: LongText | None = None


def _unique_sources(appearances: list[AppearanceIn] | None) -> None:
    if appearances is None:
        return
    seen: set[int] = set()
    for appearance in appearances:
        if appearance.source_id in seen:
            raise FieldError(
                "appearances", f"source {appearance.source_id} is listed twice in appearances"
            )
        seen.add(appearance.source_id)


class ClaimCreate(StrictInput, Named):
    """A new claim: a speaker's statement, where it appeared, and its figures."""

    model_config = ConfigDict(json_schema_extra={"examples": [CLAIM_EXAMPLE]})

    speaker_id: IdOrName = Field(
        description="Who said it: a speaker's id, slug, name or alias (`speaker`, as imports "
        "write it, is taken too)."
    )
    text: LongText
    quote: bool = False
    said_on: Day
    channel: Name | None = Field(default=None, examples=["Telegram"])
    language: Language | None = None
    appearances: list[AppearanceIn] = Field(default_factory=list, max_length=50)
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    figures: list[FigureIn] = Field(default_factory=list, max_length=100)

    @model_validator(mode="wrap")
    @classmethod
    def _speaker(
        cls, data: Any, handler: ModelWrapValidatorHandler["ClaimCreate"]
    ) -> "ClaimCreate":
        return cast("ClaimCreate", _named_model(data, handler, "speaker", "speaker_id"))

    @model_validator(mode="after")
    def _no_repeats(self) -> "ClaimCreate":
        _unique_sources(self.appearances)
        return self


class ClaimUpdate(PatchModel, Named):
    """Changes to a claim; `figures`, `appearances` and `tags`, when sent, replace the lists."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"text": "Corrected wording"}]})
    required_fields = frozenset(
        {"speaker_id", "text", "quote", "said_on", "appearances", "tags", "figures"}
    )

    speaker_id: IdOrName | None = Field(
        default=None, description="A speaker's id, slug, name or alias (or send `speaker`)."
    )
    text: LongText | None = None
    quote: bool | None = None
    said_on: Day | None = None
    channel: Name | None = None
    language: Language | None = None
    appearances: list[AppearanceIn] | None = Field(default=None, max_length=50)
    tags: list[Tag] | None = Field(default=None, max_length=50)
    figures: list[FigureIn] | None = Field(default=None, max_length=100)

    @model_validator(mode="wrap")
    @classmethod
    def _speaker(
        cls, data: Any, handler: ModelWrapValidatorHandler["ClaimUpdate"]
    ) -> "ClaimUpdate":
        return cast("ClaimUpdate", _named_model(data, handler, "speaker", "speaker_id"))

    @model_validator(mode="after")
    def _no_repeats(self) -> "ClaimUpdate":
        _unique_sources(self.appearances)
        return self


class Normalized(BaseModel):
    """The figure in its measure's unit, and the interval its words allow (null = unbounded)."""

    unit: str = Field(examples=["km²"])
    value: float = Field(examples=[1000.0])
    low: float | None = Field(examples=[1000.0])
    high: float | None = Field(examples=[None])
    low_inclusive: bool = Field(examples=[False])
    high_inclusive: bool = Field(examples=[True])


class FigureRead(BaseModel):
    """A figure as stored, with its normalised form."""

    id: int
    measure_id: int
    measure: str = Field(description="The measure's slug.", examples=["kursk-area-held-by-ukraine"])
    value: float
    unit: str
    qualifier: Qualifier
    lower: float | None
    upper: float | None
    as_of: date
    period_start: date | None
    period_end: date | None
    text: str | None = Field(default=None, description="The words it was read from.")
    start: int | None = Field(default=None, description="Their start in the source's text.")
    end: int | None = Field(default=None, description="Their end in the source's text.")
    normalized: Normalized


class AppearanceRead(BaseModel):
    """A source the claim appears in."""

    source_id: int
    excerpt: str | None


class ClaimSource(BaseModel):
    """A source of the claim, embedded."""

    id: int
    url: str
    title: str | None
    publisher: str | None
    kind: str
    published_at: datetime | None
    language: str | None
    excerpt: str | None


class FacetValue(BaseModel):
    """One value of a facet and how many matching claims have it."""

    value: int | str = Field(examples=[3, "kursk-incursion", 2024])
    label: str = Field(examples=["Vyacheslav Gladkov"])
    slug: str | None = Field(default=None, examples=["vyacheslav-gladkov"])
    count: int


class FacetsRead(BaseModel):
    """Counts per facet value, most frequent first."""

    facets: dict[str, list[FacetValue]]


class RepeatLinkRead(BaseModel):
    """How a claim was linked as a repeat of another."""

    claim_id: int = Field(description="The claim repeated: the original of the group.")
    how: Literal["matching", "editor"] = Field(
        description="`matching` (linked when the claim came in, its score at least the "
        "linking threshold) or `editor` (linked by a person)."
    )
    linked_by: str = Field(description="The name of the API key that linked it.")
    score: float | None = Field(description="The match score, for a link made by matching.")
    confirmed: bool = Field(description="An editor linked it, or confirmed the match.")
    linked_at: datetime


class RepeatLinkIn(StrictInput):
    """Link a claim as a repeat of another."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"claim_id": 4}]})

    claim_id: Id = Field(
        description="The claim it repeats; when that one repeats a third, the link goes to the "
        "third (the original of the group)."
    )


class ClaimRead(ReadModel):
    """A claim with its speaker's name and role, sources, figures and reviews."""

    speaker_id: int
    speaker_slug: str
    speaker_name: str
    speaker_role: RoleRead | None = Field(description="The role the speaker held on said_on.")
    text: str
    quote: bool
    said_on: date
    channel: str | None
    language: str | None
    tags: list[str]
    appearances: list[AppearanceRead]
    sources: list[ClaimSource]
    figures: list[FigureRead]
    reviews: list[ReviewRead]
    repeat_of: RepeatLinkRead | None = Field(
        default=None, description="The claim this one repeats (the original of its group)."
    )
    repeats: list[int] = Field(
        default_factory=list, description="Ids of the claims linked as repeats of this one."
    )
    known_reviews: list[ReviewRead] = Field(
        default_factory=list,
        description="Reviews of the other claims of its group (its original and repeats): "
        "what was already checked of the same claim said elsewhere.",
    )
    snippet: str | None = Field(
        default=None,
        description="In a list searched with `q`: the text around the first match, "
        "HTML-escaped, the query's words in <mark>…</mark>.",
        examples=["The <mark>Kursk</mark> front holds"],
    )
