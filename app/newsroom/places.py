"""Where a row sits in an import body, and errors that name that place.

A row's place is its line (NDJSON) or its path in a JSON document: `(3,)` for the fourth item
of an array, `("claims", 3)` for a Fact Check Tools claim. Errors name it the same way:
`{"loc": ["body", 3, "figures", 0, "unit"], "line": 3}` for NDJSON;
`{"loc": ["body", 3, "figures", 0, "unit"], "path": "$[3].figures[0].unit"}` for a JSON array;
for rows read out of a ClaimReview or Fact Check Tools document, whose fields are not the
document's, `{"loc": ["body", "claims", 3], "path": "$.claims[3]", "field": "said_on"}`.
"""

from typing import Any

from pydantic import ValidationError

from app.core.errors import AppError, Unprocessable
from app.core.problems import validation_errors

MAX_REPORTED_ERRORS = 1000
Path = tuple[str | int, ...]
Where = int | Path


def json_path(parts: Path) -> str:
    """`$.claims[3].figures[0]`: parts as a JSONPath."""
    text = "$"
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.isidentifier():
            text += f".{part}"
        else:
            text += f'["{part}"]'
    return text


def place(where: Where) -> dict[str, Any]:
    """`{"line": 4}` or `{"path": "$[3]"}`, for the import report."""
    return {"line": where} if isinstance(where, int) else {"path": json_path(where)}


def _found_errors(error: Exception) -> list[dict[str, Any]]:
    if isinstance(error, ValidationError):
        return validation_errors(error.errors())
    if isinstance(error, AppError) and error.errors:
        return [dict(item) for item in error.errors]
    return [{"loc": [], "msg": getattr(error, "detail", str(error)), "type": "value_error"}]


def row_errors(where: Where, error: Exception, *, read_from_document: bool) -> list[dict[str, Any]]:
    """The error's items, each located in the body at the row's place."""
    found = _found_errors(error)
    for item in found:
        field = [part for part in item["loc"] if part != "body"]
        if isinstance(where, int):
            item["loc"], item["line"] = ["body", where, *field], where
        elif read_from_document:
            item["loc"], item["path"] = ["body", *where], json_path(where)
            if field:
                item["field"] = json_path(tuple(field)).removeprefix("$").removeprefix(".")
        else:
            item["loc"], item["path"] = ["body", *where, *field], json_path((*where, *field))
    return found


def invalid(errors: list[dict[str, Any]], bad: list[Where], count: int) -> Unprocessable:
    """The 422 for a failed import: which rows are bad, and every error (up to a limit)."""
    places = [str(where) if isinstance(where, int) else json_path(where) for where in bad]
    listed = ("lines " if isinstance(bad[0], int) else "at ") + ", ".join(places[:20])
    return Unprocessable(
        f"{len(bad)} of {count} rows are invalid ({listed}{', ...' if len(bad) > 20 else ''}); "
        "nothing was imported",
        errors=errors[:MAX_REPORTED_ERRORS],
    )


def misplaced(path: Path, msg: str) -> Unprocessable:
    """The 422 for a document with a part of the wrong type at a path."""
    where = json_path(path)
    return Unprocessable(
        f"{where}: {msg}",
        errors=[{"loc": ["body", *path], "path": where, "msg": msg, "type": "value_error"}],
    )
