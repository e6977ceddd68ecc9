"""Speaker input and output."""

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.core.errors import FieldError
from app.core.fields import Day, Description, Name, Slug
from app.core.schemas import RECORD_EXAMPLE, PatchModel, ReadModel, StrictInput
from app.db.lookup import LookupText, query_field

SpeakerKind = Literal["person", "organization"]
WikidataId = Annotated[
    str, StringConstraints(pattern=r"^Q[1-9][0-9]{0,11}$"), Field(examples=["Q3874799"])
]


class Role(StrictInput):
    """A title a speaker held from start to end (either open)."""

    title: Name = Field(examples=["Governor of Belgorod Oblast"])
    organization: Name | None = Field(default=None, examples=["Belgorod Oblast"])
    start: Day | None = Field(default=None, examples=["2020-09-18"])
    end: Day | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Role":
        if self.start and self.end and self.start > self.end:
            raise FieldError("end", "role start is after its end")
        return self


SPEAKER_EXAMPLE: dict[str, Any] = {
    "name": "Vyacheslav Gladkov",
    "kind": "person",
    "aliases": ["Gladkov", "Belgorod governor"],
    "description": "Governor of Russia's Belgorod Oblast.",
    "wikidata_id": "Q4502218",
    "roles": [
        {
            "title": "Governor of Belgorod Oblast",
            "organization": "Belgorod Oblast",
            "start": "2020-09-18",
        }
    ],
}


class SpeakerCreate(StrictInput):
    """A new speaker; the slug is made from the name when left out."""

    model_config = ConfigDict(json_schema_extra={"examples": [SPEAKER_EXAMPLE]})

    slug: Slug | None = None
    name: Name
    kind: SpeakerKind = "person"
    aliases: list[Name] = Field(default_factory=list, max_length=50)
    description: Description | None = None
    wikidata_id: WikidataId | None = None
    roles: list[Role] = Field(default_factory=list, max_length=50)


class SpeakerUpdate(PatchModel):
    """Changes to a speaker; fields left out stay as they are."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"aliases": ["Gladkov"]}]})
    required_fields = frozenset({"slug", "name", "kind", "aliases", "roles"})

    slug: Slug | None = None
    name: Name | None = None
    kind: SpeakerKind | None = None
    aliases: list[Name] | None = Field(default=None, max_length=50)
    description: Description | None = None
    wikidata_id: WikidataId | None = None
    roles: list[Role] | None = Field(default=None, max_length=50)


class RoleRead(BaseModel):
    """A role as stored."""

    title: str
    organization: str | None = None
    start: date | None = None
    end: date | None = None


class SpeakerRead(ReadModel):
    """A speaker."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"id": 1, **RECORD_EXAMPLE, "slug": "vyacheslav-gladkov", **SPEAKER_EXAMPLE}
            ]
        }
    )

    slug: str
    name: str
    kind: SpeakerKind
    aliases: list[str]
    description: str | None
    wikidata_id: str | None
    roles: list[RoleRead]


class SpeakerFilters(BaseModel):
    """Filters on the list of speakers."""

    q: LookupText | None = query_field("speakers whose name, slug or an alias is", "zelensk")
