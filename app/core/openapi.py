"""Documented error responses and path parameters shared by every router."""

from typing import Annotated, Any

from fastapi import Path, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

from app.core.fields import MAX_ID


class ValidationIssue(BaseModel):
    """One problem with one field."""

    loc: list[str | int] = Field(examples=[["body", "figures", 0, "unit"]])
    msg: str = Field(examples=["unknown unit 'blorps'"])
    type: str | None = Field(default=None, examples=["value_error"])


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = Field(examples=["https://claimtrack.dev/problems/validation-error"])
    title: str = Field(examples=["Validation failed"])
    status: int = Field(examples=[422])
    detail: str = Field(examples=["body.figures[0].unit: unknown unit 'blorps'"])
    errors: list[ValidationIssue] | None = None


DESCRIPTIONS = {
    400: "The request cannot be read: malformed JSON, nesting too deep, a bad cursor.",
    401: "No valid API key.",
    403: "The API key lacks the scope this needs.",
    404: "No such resource.",
    408: "The streamed body stopped arriving or came too slowly; nothing was written.",
    409: "The change conflicts with other records (a taken slug or URL, a resource in use).",
    412: "If-Match named a stale version; nothing changed.",
    413: "The body is larger than allowed.",
    415: "The body is not JSON.",
    422: "The content is invalid; `errors` names each field and the reason.",
    428: "This server requires If-Match on changes.",
    429: "Too many requests; see Retry-After.",
}
READ_ERRORS = (400, 401, 404, 422, 429)
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "If-None-Match named the current ETag: your copy is current (no body)."}
}
WRITE_ERRORS = (400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 429)


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the given error statuses."""
    return {
        code: {
            "description": DESCRIPTIONS[code],
            "model": Problem,
        }
        for code in codes
    }


RefPath = Annotated[
    str,
    Path(
        pattern=r"^(?:[0-9]{1,19}|[a-z0-9]+(?:-[a-z0-9]+)*)$",
        max_length=100,
        description="The numeric id, or the slug.",
        examples=["1"],
    ),
]
IdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The numeric id.", examples=[1])]
ID_PARAMETER = {
    "name": "claim_id",
    "in": "path",
    "required": True,
    "description": "The numeric id.",
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID, "examples": [1]},
}


def path_id(request: Request, name: str) -> int:
    """An id from the path, read by hand on the hottest route; 422 like any other id."""
    raw = request.path_params[name]
    if raw.isascii() and raw.isdigit() and len(raw) <= 19 and 1 <= int(raw) <= MAX_ID:
        return int(raw)
    message = f"Input should be a whole number from 1 to {MAX_ID}"
    problem = {"loc": ("path", name), "msg": message, "type": "int_parsing", "input": raw}
    raise RequestValidationError([problem])
