"""Many rows of one table in one INSERT statement, on either engine.

SQLite takes them as an executemany (one prepared statement stepped in C, per row). On
PostgreSQL an executemany still runs the statement once per row on the server; here each
column goes as one array and the rows come out of `unnest`: one statement, one plan, one
round trip, whatever the number of rows (a 10,000-claim import inserts several times faster).
Column values are bound as the column's type would bind them (UTC times, JSON as text), and a
column the rows leave out gets its default if that is a constant (a default computed per row,
such as a time, must be given: leaving it out is a TypeError on either engine).
"""

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Column, Table, insert, text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession


async def insert_many(session: AsyncSession, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert the rows, which all name the same columns (those of the first row)."""
    if not rows:
        return
    names = list(rows[0])
    defaults = _defaults(table, names)
    dialect = session.get_bind().dialect
    if dialect.name != "postgresql":
        await session.execute(insert(table), list(rows))
        return
    columns = [table.c[name] for name in names] + [table.c[name] for name in defaults]
    arrays = []
    for column in columns:
        bind = _binder(column, dialect)
        if column.name in defaults:
            value = defaults[column.name]
            arrays.append([bind(value)] * len(rows))
        else:
            name = column.name
            arrays.append([bind(row[name]) for row in rows])
    targets = ", ".join(dialect.identifier_preparer.quote(column.name) for column in columns)
    sources = ", ".join(
        f"CAST(:c{index} AS {column.type.compile(dialect=dialect)}[])"
        for index, column in enumerate(columns)
    )
    statement = text(
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({targets}) "
        f"SELECT * FROM unnest({sources})"
    )
    await session.execute(statement, {f"c{i}": values for i, values in enumerate(arrays)})


def _defaults(table: Table, given: Sequence[str]) -> dict[str, Any]:
    """The values of the columns left out that have a client-side default (a constant)."""
    defaults = {}
    for column in table.columns:
        default = column.default
        if column.name in given or default is None:
            continue  # the database's own default (a server default, a sequence) or NULL
        if not default.is_scalar:
            raise TypeError(f"{table.name}.{column.name} has a computed default: give its value")
        defaults[column.name] = default.arg  # type: ignore[attr-defined]
    return defaults


def _binder(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any]:
    """What the column's type does to a value before it is sent."""
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return lambda value: value
    return lambda value: None if value is None else process(value)
