"""`?q=` on the lists of speakers, sources and measures: the rows whose names hold the words.

A match is a case-insensitive substring of any of the given columns, in every script (SQLite
folds with `ct_fold`, Python's casefold; PostgreSQL with lower()). `%`, `_` and `\\` in the
query are themselves, not wildcards.
"""

from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints
from sqlalchemy import Select, String, cast, func, or_
from sqlalchemy.orm import QueryableAttribute

from app.core.fields import clean_text
from app.db import sqlite_functions

MAX_QUERY = 200


LookupText = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_QUERY), AfterValidator(clean_text)
]


def query_field(what: str, example: str) -> Any:
    """The `q` parameter of a list (a LookupText), described."""
    return Field(
        default=None,
        description=f"Only {what} holding these characters, in any case (`%` and `_` as such).",
        examples=[example],
    )


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matching(
    statement: Select[Any], dialect: str, query: str | None, *columns: QueryableAttribute[Any]
) -> Select[Any]:
    """The statement narrowed to rows where any column holds the query (None: all rows)."""
    if query is None or not query.strip():
        return statement
    words = query.strip()
    if dialect == "sqlite":
        pattern, fold = words.casefold(), getattr(func, sqlite_functions.FOLD)
    else:
        pattern, fold = words.lower(), func.lower
    like = f"%{_escaped(pattern)}%"
    return statement.where(
        or_(*(fold(cast(column, String)).like(like, escape="\\") for column in columns))
    )
