"""Keyset cursors and the list envelope shared by every collection."""

import base64
import binascii
import math
from datetime import UTC, date, datetime
from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import quote, urlencode

import orjson
from fastapi import Query, Request, Response
from pydantic import BaseModel, Field

from app.core.errors import BadRequest
from app.core.fields import FIRST_DAY, LAST_DAY

T = TypeVar("T")
MAX_CURSOR_LENGTH = 512
INT64 = range(-(2**63), 2**63)

Limit = Annotated[int, Query(ge=1, le=500, description="Page size, 1 to 500.")]
Cursor = Annotated[
    str | None,
    Query(max_length=MAX_CURSOR_LENGTH, description="Opaque cursor from `next_cursor`."),
]
CountFlag = Annotated[bool, Query(description="Add the exact `total` of matching rows.")]


class Page(BaseModel, Generic[T]):
    """One page of a collection."""

    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )
    total: int | None = Field(default=None, description="Only with `count=true`.")


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _written(day: date) -> date:
    """A day no stored row can lie outside of; databases differ on what they do beyond it."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError("cursor date out of range")
    return day


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        try:
            _written(moment.astimezone(UTC).date())
        except OverflowError:
            raise ValueError("cursor time out of range") from None
    _written(moment.date())
    return moment


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((kind, text),) = value.items()
        if kind == "t" and isinstance(text, str):
            return _moment(text)
        if kind == "d" and isinstance(text, str):
            return _written(date.fromisoformat(text))
        raise ValueError("unknown cursor value")
    if value is None or (isinstance(value, (int, float, str)) and not isinstance(value, bool)):
        return value
    raise ValueError("unexpected cursor value")


def encode_cursor(order: str, key: tuple[Any, ...]) -> str:
    """An opaque cursor for the row after which the next page starts."""
    raw = orjson.dumps([order, [_encode_value(part) for part in key]])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class IsoText:
    """A cursor part that is ISO 8601 text: how SQLite gives back dates and times."""


Kind = type | tuple[type, ...]


def _is_iso(value: Any) -> bool:
    try:
        _moment(value)
    except (TypeError, ValueError):
        return False
    return True


def _fits(value: Any, kind: Kind) -> bool:
    """Whether a cursor part is a value its sort column can hold (one of the kinds, for a tuple)."""
    if isinstance(kind, tuple):
        return any(_fits(value, one) for one in kind)
    if kind is IsoText:
        return isinstance(value, str) and _is_iso(value)
    if kind is object:
        return not isinstance(value, int) or value in INT64
    if isinstance(value, bool):
        return False
    if kind is int:
        return isinstance(value, int) and value in INT64
    if kind is float:
        return (isinstance(value, int) and value in INT64) or (
            isinstance(value, float) and math.isfinite(value)
        )
    if kind is datetime:
        return isinstance(value, datetime) and value.tzinfo is not None
    if kind is date:
        return isinstance(value, date) and not isinstance(value, datetime)
    return False


def decode_cursor(
    cursor: str, *, order: str, kinds: tuple[Kind, ...] | None = None, width: int | None = None
) -> tuple[Any, ...]:
    """The key a cursor carries, one value of each kind; BadRequest when it is not one of ours.

    Without `kinds`, any `width` decoded values are taken (the caller checks them). Days and
    times outside the writable range are refused, not clamped: no row holds one, so such a
    cursor was forged, and the databases disagree on what they make of it.
    """
    kinds = kinds if kinds is not None else (object,) * (width or 0)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_order, key = orjson.loads(raw)
        if cursor_order != order or not isinstance(key, list) or len(key) != len(kinds):
            raise ValueError("cursor belongs to another order")
        values = tuple(_decode_value(part) for part in key)
        if not all(_fits(value, kind) for value, kind in zip(values, kinds, strict=True)):
            raise ValueError("cursor holds values its order cannot have")
        return values
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise BadRequest(
            "cursor is malformed or belongs to another sort order; start again without it",
            errors=[{"loc": ["query", "cursor"], "msg": "invalid cursor", "type": "value_error"}],
        ) from None


def link_next(request: Request, response: Response, next_cursor: str | None) -> None:
    """Set `Link: <...>; rel="next"` when there is a next page."""
    if next_cursor is None:
        return
    # The parameters as parsed, encoded again, and a path relative to this server: nothing a
    # client sent (a raw query with `>` or `;rel=`, a Host header) is copied into the header.
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    query = urlencode([*kept, ("cursor", next_cursor)])
    response.headers["Link"] = f'<{quote(request.url.path)}?{query}>; rel="next"'
