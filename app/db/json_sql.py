"""Nested rows as JSON built by the database, so one statement returns a whole document."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.sql.selectable import ScalarSelect, Subquery


def json_object(dialect: str, fields: dict[str, ColumnElement[Any]]) -> ColumnElement[Any]:
    """A JSON object from named columns."""
    arguments: list[ColumnElement[object]] = []
    for key, column in fields.items():
        arguments += [literal_column(f"'{key}'"), column]
    if dialect == "sqlite":
        return func.json_object(*arguments)
    return func.json_build_object(*arguments)


def _element(
    dialect: str, sub: Subquery, fields: Sequence[str], *, scalar: bool
) -> ColumnElement[object]:
    if scalar:
        return sub.c[fields[0]]
    return json_object(dialect, {name: sub.c[name] for name in fields})


def json_list(
    dialect: str,
    rows: Select[tuple[object, ...]],
    *,
    fields: Sequence[str],
    order_by: Sequence[str],
    scalar: bool = False,
) -> ScalarSelect[str]:
    """A subquery giving rows (correlated by the caller) as a JSON array, '[]' when none."""
    if dialect == "sqlite":
        ordered = rows.order_by(*(rows.selected_columns[name] for name in order_by)).subquery()
        element = _element(dialect, ordered, fields, scalar=scalar)
        return select(func.json_group_array(element)).scalar_subquery()
    sub = rows.subquery()
    element = _element(dialect, sub, fields, scalar=scalar)
    aggregated = func.json_agg(aggregate_order_by(element, *(sub.c[name] for name in order_by)))
    return select(func.coalesce(aggregated, literal_column("'[]'::json"))).scalar_subquery()
