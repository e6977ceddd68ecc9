"""`?q=` on the lists of speakers, sources and measures: the rows whose names hold the words.

A match is a substring of any of the given columns, or of any one string of the given JSON
lists (a speaker's aliases: each alias on its own, never the list's JSON text), regardless of
case in every script and of the accents of Latin letters ("gladkov" finds "Gládkov"; SQLite
folds with `ct_fold`, PostgreSQL with lower() and translate() by the same table). `%`, `_` and
`\\` in the query are themselves, not wildcards.
"""

from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints
from sqlalchemy import ColumnElement, Select, String, cast, func, or_, select
from sqlalchemy.orm import QueryableAttribute

from app.core.fields import clean_text
from app.db import sqlite_functions

MAX_QUERY = 200


def _not_blank(value: str) -> str:
    value = clean_text(value).strip()
    if not value:
        raise ValueError("must hold more than spaces")
    return value


LookupText = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_QUERY), AfterValidator(_not_blank)
]


def query_field(what: str, example: str) -> Any:
    """The `q` parameter of a list (a LookupText), described."""
    return Field(
        default=None,
        description=(
            f"Only {what} holding these characters, in any case and with or without accents "
            "(`%` and `_` as such)."
        ),
        examples=[example],
    )


def _unaccented_lower(text: Any) -> Any:
    """PostgreSQL's lower() of the text, without the accents ct_fold drops, its ligatures
    written out as ct_fold writes them."""
    folded = func.translate(
        func.lower(text), sqlite_functions.ACCENTED_LETTERS, sqlite_functions.PLAIN_LETTERS
    )
    for letter, plain in sqlite_functions.LIGATURES.items():
        folded = func.replace(folded, letter, plain)
    return folded


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _list_holds(dialect: str, strings: QueryableAttribute[Any], fold: Any, like: str) -> Any:
    """Whether any string of a JSON list column is like the pattern."""
    if dialect == "sqlite":
        elements = func.json_each(strings).table_valued("value")
    else:
        elements = func.jsonb_array_elements_text(strings).table_valued("value")
    value: ColumnElement[Any] = elements.c.value
    return select(value).where(fold(cast(value, String)).like(like, escape="\\")).exists()


def matching(
    statement: Select[Any],
    dialect: str,
    query: str | None,
    *columns: QueryableAttribute[Any],
    lists: tuple[QueryableAttribute[Any], ...] = (),
) -> Select[Any]:
    """The statement narrowed to rows where any column, or any string of a JSON list, holds
    the query (None: all rows)."""
    if query is None:
        return statement
    if dialect == "sqlite":
        pattern = sqlite_functions.plain(query.casefold())
        fold = getattr(func, sqlite_functions.FOLD)
    else:
        pattern, fold = sqlite_functions.plain(query.lower()), _unaccented_lower
    like = f"%{_escaped(pattern)}%"
    return statement.where(
        or_(
            *(fold(cast(column, String)).like(like, escape="\\") for column in columns),
            *(_list_holds(dialect, strings, fold, like) for strings in lists),
        )
    )
