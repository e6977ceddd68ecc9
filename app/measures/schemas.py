"""Measure input and output."""

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from app.core.errors import FieldError
from app.core.fields import Description, Slug, Title, clean_name
from app.core.schemas import RECORD_EXAMPLE, PatchModel, ReadModel, StrictInput
from app.db.lookup import LookupText, query_field
from app.units import UnitError, parse_unit
from app.units.nouns import is_noun_entry

MeasureKind = Literal["quantity", "count"]


def _known_unit(value: str) -> str:
    try:
        parse_unit(value)
    except UnitError as exc:
        raise ValueError(str(exc)) from None
    return value


UnitText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64),
    AfterValidator(clean_name),
    Field(examples=["km²"]),
]
MeasureUnit = Annotated[UnitText, AfterValidator(_known_unit)]


def _count_noun(value: str) -> str:
    if not is_noun_entry(value):
        raise ValueError(f"{value!r} is not a count noun or noun class claimtrack knows")
    return value.lower()


CountNoun = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, strip_whitespace=True),
    AfterValidator(_count_noun),
]
NounList = Annotated[
    list[CountNoun],
    Field(
        max_length=50,
        description="Count nouns (or noun classes such as `persons`, `vehicles`) a figure on this "
        "measure may count, besides the unit's own noun and generic `count`/`items`. Empty: "
        "the nouns of the unit's class (a measure in `people` takes `civilians`, not `tanks`).",
        examples=[["households", "persons"]],
    ),
]

MEASURE_EXAMPLE: dict[str, Any] = {
    "slug": "kursk-area-held-by-ukraine-example",
    "name": "Russian territory in Kursk Oblast held by Ukrainian forces (example)",
    "unit": "km²",
    "kind": "quantity",
    "nouns": [],
    "description": "Area of Kursk Oblast under Ukrainian control since the August 2024 incursion.",
}
COUNT_MEASURE_EXAMPLE: dict[str, Any] = {
    "slug": "kursk-evacuees-example",
    "name": "People evacuated from the Kursk border districts (example)",
    "unit": "people",
    "kind": "count",
    "nouns": ["persons", "households"],
    "description": "Evacuees, counted in people or, where officials say so, in households.",
}


def check_kind_matches_unit(kind: str | None, unit: str | None) -> None:
    """A count measure takes a count unit, a quantity measure any other."""
    if kind is None or unit is None:
        return
    is_count = parse_unit(unit).dimension == "count"
    if (kind == "count") != is_count:
        expected = (
            "a count unit such as 'count' or 'people'" if kind == "count" else "a non-count unit"
        )
        raise FieldError("unit", f"a {kind} measure needs {expected}, not {unit!r}")


class MeasureCreate(StrictInput):
    """A new measure; figures on it are compared in its unit."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [MEASURE_EXAMPLE, COUNT_MEASURE_EXAMPLE]}
    )

    slug: Slug | None = None
    name: Title
    unit: MeasureUnit
    kind: MeasureKind | None = Field(
        default=None, description="`count` or `quantity`; inferred from the unit when left out."
    )
    nouns: NounList = Field(default_factory=list)
    description: Description | None = None

    @model_validator(mode="after")
    def _kind(self) -> "MeasureCreate":
        if self.kind is None:
            self.kind = "count" if parse_unit(self.unit).dimension == "count" else "quantity"
        check_kind_matches_unit(self.kind, self.unit)
        return self


class MeasureUpdate(PatchModel):
    """Changes to a measure; a new unit re-expresses every figure on it."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"unit": "sq mi"}, {"nouns": ["persons", "households"]}]}
    )
    required_fields = frozenset({"slug", "name", "unit", "kind", "nouns"})

    slug: Slug | None = None
    name: Title | None = None
    unit: MeasureUnit | None = None
    kind: MeasureKind | None = None
    nouns: NounList | None = None
    description: Description | None = None


class MeasureRead(ReadModel):
    """A measure."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"id": 1, **RECORD_EXAMPLE, **MEASURE_EXAMPLE}]}
    )

    slug: str
    name: str
    unit: str
    kind: MeasureKind
    nouns: list[str]
    description: str | None


class MeasureFilters(BaseModel):
    """Filters on the list of measures."""

    q: LookupText | None = query_field("measures whose name, slug or unit is", "territory")
