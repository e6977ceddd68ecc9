"""History and revert, as the API shows them."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.core.fields import MAX_VERSION
from app.core.schemas import StrictInput


class HistoryRead(BaseModel):
    """One version of a resource."""

    model_config = ConfigDict(from_attributes=True)

    version: int
    action: Literal[
        "create", "update", "delete", "revert", "merge", "merged", "unmerge",
        "link", "confirm", "unlink",
    ] = Field(
        description="`merge`: another resource was merged into this one (`changes` show what "
        "it gained); `merged`: this one was merged into another and is gone; `unmerge`: a "
        "merge into this one was undone. A claim's repeat link (…/repeat-of/history): `link`, "
        "`confirm` (an editor confirmed a link matching made), `unlink`."
    )  # fmt: skip
    actor: str = Field(description="The name of the API key that made the change.")
    at: datetime
    reverted_to: int | None = Field(description="For a revert: the version restored.")
    changes: dict[str, Any] = Field(
        description='Field by field: {"field": {"from": old, "to": new}}.',
        examples=[{"name": {"from": "V. Gladkov", "to": "Vyacheslav Gladkov"}}],
    )
    snapshot: dict[str, Any] = Field(description="The whole resource at this version.")


class RevertRequest(StrictInput):
    """Which version to make current again (as a new version)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 2}]})

    version: int = Field(ge=1, le=MAX_VERSION)
