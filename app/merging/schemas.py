"""The body of a merge request."""

from pydantic import ConfigDict, Field

from app.core.fields import Id, IdOrSlug
from app.core.schemas import StrictInput


class MergeRequest(StrictInput):
    """The resource to merge into this one (id or slug); it is gone afterwards."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"from": "v-gladkov"}]})

    other: IdOrSlug = Field(alias="from")


class MergeByIdRequest(StrictInput):
    """The resource to merge into this one (by id); it is gone afterwards."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"from": 12}]})

    other: Id = Field(alias="from")
