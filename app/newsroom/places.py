"""Where a row sits in an import body, and errors that name that place.

A row's place is its line (NDJSON) or its path in a JSON document: `(3,)` for the fourth item
of an array, `("claims", 3)` for a Fact Check Tools claim. Errors name it the same way:
`{"loc": ["body", 3, "figures", 0, "unit"], "line": 3}` for NDJSON;
`{"loc": ["body", 3, "figures", 0, "unit"], "path": "$[3].figures[0].unit"}` for a JSON array;
for rows read out of a ClaimReview or Fact Check Tools document, whose fields are not the
document's, `{"loc": ["body", "claims", 3], "path": "$.claims[3]", "field": "said_on"}`; an error
about a part of that document (an item `"at": ["claimDate"]`, below the row's place) names it:
`{"loc": ["body", "claims", 3, "claimDate"], "path": "$.claims[3].claimDate", "field": "said_on"}`.
"""

from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import ValidationError

from app.core.errors import AppError, Unprocessable
from app.core.problems import validation_errors

# A failed import lists at most this many error items (the problem's errors_not_listed counts
# the rest) and names at most NAMED_ROWS bad rows in its detail.
MAX_REPORTED_ERRORS = 1000
NAMED_ROWS = 20
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


class Reported(Exception):
    """A bad row's error items as JSON, made where the row was read (a worker process): an
    exception object, pydantic's above all, is slow to unpickle, and the server's thread that
    receives it holds the interpreter lock meanwhile (30 ms for a batch's listed errors)."""

    def __init__(self, items: bytes, count: int) -> None:
        """The items (`_found_errors`) as JSON, and how many there are."""
        super().__init__(items, count)
        self.items, self.count = items, count

    @classmethod
    def of(cls, error: Exception) -> "Reported":
        """The error's items, ready to send."""
        found = _found_errors(error)
        return cls(orjson.dumps(found), len(found))


def _found_errors(error: Exception) -> list[dict[str, Any]]:
    if isinstance(error, Reported):
        found: list[dict[str, Any]] = orjson.loads(error.items)
        return found
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
            inside = tuple(item.pop("at", ()))  # a part of the document, below the row's item
            item["loc"], item["path"] = ["body", *where, *inside], json_path((*where, *inside))
            if field:
                item["field"] = json_path(tuple(field)).removeprefix("$").removeprefix(".")
        else:
            item["loc"], item["path"] = ["body", *where, *field], json_path((*where, *field))
    return found


@dataclass(frozen=True)
class Unlisted:
    """The bad rows of a batch past the listing limit, reduced to what a report uses: how many
    rows and error items, and the places of the first NAMED_ROWS. The worker that validates
    rows sends this instead of the errors (thousands of exception objects would cross to the
    server, to be unpickled and counted in its event loop: tens of milliseconds a batch)."""

    rows: int = 0
    items: int = 0
    first: tuple[Where, ...] = ()

    def counted(self, where: Where, items: int) -> "Unlisted":
        """This with one more bad row."""
        first = self.first if len(self.first) >= NAMED_ROWS else (*self.first, where)
        return Unlisted(self.rows + 1, self.items + items, first)


def error_count(error: Exception) -> int:
    """How many error items an error holds, without formatting them."""
    if isinstance(error, Reported):
        return error.count
    if isinstance(error, ValidationError):
        return error.error_count()
    if isinstance(error, AppError) and error.errors:
        return len(error.errors)
    return 1


class ImportErrors:
    """An import's errors: the first MAX_REPORTED_ERRORS items listed, the rest only counted."""

    def __init__(self, *, read_from_document: bool) -> None:
        """Start with no errors."""
        self.read_from_document = read_from_document
        self.items: list[dict[str, Any]] = []
        self.unlisted = 0
        self.bad_rows = 0
        self.first_bad: list[Where] = []

    def room(self) -> int:
        """How many more error items will be listed."""
        return max(0, MAX_REPORTED_ERRORS - len(self.items))

    def add(self, where: Where, error: Exception) -> None:
        """Note a bad row and its error."""
        self.bad_rows += 1
        if len(self.first_bad) < NAMED_ROWS:
            self.first_bad.append(where)
        room = self.room()
        if room <= 0:
            self.unlisted += error_count(error)
            return
        found = row_errors(where, error, read_from_document=self.read_from_document)
        self.items += found[:room]
        self.unlisted += max(0, len(found) - room)

    def add_unlisted(self, unlisted: Unlisted) -> None:
        """Note bad rows whose errors are only counted (they come once the list is full, see
        `room`)."""
        self.bad_rows += unlisted.rows
        self.first_bad += unlisted.first[: NAMED_ROWS - len(self.first_bad)]
        self.unlisted += unlisted.items

    def problem(self, count: int) -> Unprocessable:
        """The 422 for a failed import: how many rows are bad, and the errors (up to a limit)."""
        bad = self.first_bad
        places = [str(where) if isinstance(where, int) else json_path(where) for where in bad]
        listed = ("lines " if isinstance(bad[0], int) else "at ") + ", ".join(places)
        more = ", ..." if self.bad_rows > len(bad) else ""
        unlisted = f"; {self.unlisted} more errors not listed" if self.unlisted else ""
        return Unprocessable(
            f"{self.bad_rows} of {count} rows are invalid ({listed}{more}); "
            f"nothing was imported{unlisted}",
            errors=self.items,
            extra={"invalid_rows": self.bad_rows, "errors_not_listed": self.unlisted},
        )


def misplaced(path: Path, msg: str) -> Unprocessable:
    """The 422 for a document with a part of the wrong type at a path."""
    where = json_path(path)
    return Unprocessable(
        f"{where}: {msg}",
        errors=[{"loc": ["body", *path], "path": where, "msg": msg, "type": "value_error"}],
    )
