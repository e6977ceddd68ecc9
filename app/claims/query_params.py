"""The query string of the claim lists, read by Pydantic directly.

FastAPI re-inspects the annotations of a query-parameter model on every request, which cost
this service more than the database did; these routes take the request, validate its query
string in one call, and document the parameters themselves.
"""

from typing import Any, Literal, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import Field, ValidationError

from app.claims.listing import ClaimFilters, SortOrder
from app.core.pagination import MAX_CURSOR_LENGTH

FACET_NAMES = "speaker|measure|tag|year"
Q = TypeVar("Q", bound=ClaimFilters)


class ListQuery(ClaimFilters):
    """Everything `GET /v1/claims` takes."""

    sort: SortOrder | None = Field(
        default=None,
        description="said_on, -said_on, created_at, -created_at, or relevance (the default "
        "with q: claims whose own text holds every word first, then those found by their "
        "speaker's names or sources' titles; newest said first within each).",
    )
    limit: int = Field(default=50, ge=1, le=500, description="Page size, 1 to 500.")
    cursor: str | None = Field(
        default=None, max_length=MAX_CURSOR_LENGTH, description="Opaque cursor from `next_cursor`."
    )
    count: bool = Field(default=False, description="Add the exact `total` of matching rows.")
    format: Literal["json", "csv", "ndjson"] = Field(
        default="json",
        description="json (a page), or csv / ndjson: every matching claim, streamed, in the "
        "order claims were recorded unless `sort` is given.",
    )


class FacetQuery(ClaimFilters):
    """Everything `GET /v1/claims/facets` takes."""

    facet: str = Field(
        default="speaker,measure,tag,year",
        pattern=rf"^({FACET_NAMES})(,({FACET_NAMES}))*$",
        description="Comma-separated facets: speaker, measure, tag, year.",
    )
    facet_size: int = Field(
        default=20, ge=1, le=100, description="Values per facet, most frequent first."
    )


def read_query(model: type[Q], request: Request) -> Q:
    """The query string validated as `model`; 422 naming each bad parameter."""
    try:
        return model.model_validate(dict(request.query_params))
    except ValidationError as error:
        problems = [{**item, "loc": ("query", *item["loc"])} for item in error.errors()]
        raise RequestValidationError(problems) from None


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A query parameter is absent, never null: drop the null choice and the null default."""
    choices = [choice for choice in schema.get("anyOf", []) if choice != {"type": "null"}]
    if len(choices) == 1:
        schema = {**{k: v for k, v in schema.items() if k != "anyOf"}, **choices[0]}
    if schema.get("default", 0) is None:
        schema = {k: v for k, v in schema.items() if k != "default"}
    return schema


def documented(model: type[ClaimFilters]) -> dict[str, Any]:
    """OpenAPI `parameters` for a query model, for routes that read the query themselves."""
    schema = model.model_json_schema()
    parameters = []
    for name, field in schema["properties"].items():
        description = field.pop("description", None)
        parameter: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": False,
            "schema": _without_null(field),
        }
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return {"parameters": parameters}
