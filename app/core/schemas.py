"""Bases for input and output schemas."""

from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator


class InputModel(BaseModel):
    """Client input: unknown fields are refused, so a client can never set id or version."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class StrictInput(InputModel):
    """A JSON body: numbers, booleans and texts as such (no "1" for 1, no 0 for false or a date)."""

    model_config = ConfigDict(strict=True)


class PatchModel(StrictInput):
    """A partial update: only the fields sent are applied; required fields may not be nulled."""

    required_fields: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _no_null_for_required(cls, value: Any, info: ValidationInfo) -> Any:
        """A required field sent as null: the error at that field, not at the body."""
        if value is None and info.field_name in cls.required_fields:
            raise ValueError(f"{info.field_name} cannot be null")
        return value

    def changes(self, *, mode: str = "python") -> dict[str, Any]:
        """The fields the client sent, as plain data."""
        return self.model_dump(exclude_unset=True, mode=mode)


# A resource's record in a hand-written example of its read form, as the demo's records read
# in the OpenAPI document (app.core.openapi_examples shows the times they were made as this).
RECORDED_AT = "2024-08-14T18:00:00Z"
RECORD_EXAMPLE: dict[str, Any] = {
    "version": 1,
    "created_at": RECORDED_AT,
    "updated_at": RECORDED_AT,
}


class ReadModel(BaseModel):
    """What the service returns for one resource."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    created_at: datetime
    updated_at: datetime
