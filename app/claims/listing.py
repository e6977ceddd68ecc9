"""Claim lists: filters, sort orders and keyset cursors."""

from datetime import date
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Select, exists, func, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.models import Appearance, Claim, ClaimTag, Figure
from app.claims.reader import claim_documents, claims_select
from app.claims.schemas import SortOrder
from app.core.errors import Unprocessable
from app.core.fields import Id, IdOrSlug, Language, Name, Tag
from app.core.pagination import decode_cursor, encode_cursor
from app.db.session import dialect_of
from app.measures.models import Measure
from app.reviews.models import Review
from app.speakers.models import Speaker

claims = Claim.__table__
SORT_COLUMNS = {"said_on": claims.c.said_on, "created_at": claims.c.created_at}


class ClaimFilters(BaseModel):
    """Filters on claims; all given filters must hold."""

    speaker: IdOrSlug | None = Field(default=None, description="Speaker id or slug.")
    measure: IdOrSlug | None = Field(
        default=None, description="Only claims with a figure on this measure (id or slug)."
    )
    source: Id | None = Field(default=None, description="Only claims appearing in this source.")
    tag: Tag | None = None
    said_from: date | None = Field(default=None, description="said_on on or after this date.")
    said_to: date | None = Field(default=None, description="said_on on or before this date.")
    has_figures: bool | None = None
    rating: Name | None = Field(
        default=None, description="Only claims with a review of this rating label (any case)."
    )
    language: Language | None = None


def _ref_id(model: Any, ref: int | str) -> Any:
    if isinstance(ref, int):
        return ref
    return select(model.id).where(model.slug == ref).scalar_subquery()


def _linked(table: Any, condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(table.claim_id == claims.c.id, condition)


def filter_conditions(filters: ClaimFilters) -> list[ColumnElement[bool]]:
    """SQL conditions for the filters given."""
    if filters.said_from and filters.said_to and filters.said_from > filters.said_to:
        raise Unprocessable("said_from is after said_to", loc=["query", "said_from"])
    conditions: list[ColumnElement[bool]] = []
    if filters.speaker is not None:
        conditions.append(claims.c.speaker_id == _ref_id(Speaker, filters.speaker))
    if filters.measure is not None:
        conditions.append(_linked(Figure, Figure.measure_id == _ref_id(Measure, filters.measure)))
    if filters.source is not None:
        conditions.append(_linked(Appearance, Appearance.source_id == filters.source))
    if filters.tag is not None:
        conditions.append(_linked(ClaimTag, ClaimTag.tag == filters.tag))
    if filters.said_from is not None:
        conditions.append(claims.c.said_on >= filters.said_from)
    if filters.said_to is not None:
        conditions.append(claims.c.said_on <= filters.said_to)
    if filters.has_figures is not None:
        has = exists().where(Figure.claim_id == claims.c.id)
        conditions.append(has if filters.has_figures else ~has)
    if filters.rating is not None:
        conditions.append(
            _linked(Review, func.lower(Review.rating_label) == filters.rating.lower())
        )
    if filters.language is not None:
        conditions.append(claims.c.language == filters.language)
    return conditions


def _keyset(statement: Select[Any], sort: str, cursor: str | None) -> Select[Any]:
    column = SORT_COLUMNS[sort.lstrip("-")]
    descending = sort.startswith("-")
    if cursor is not None:
        value, last_id = decode_cursor(cursor, order=sort, width=2)
        if not isinstance(last_id, int):
            raise Unprocessable("cursor is malformed", loc=["query", "cursor"])
        key = tuple_(column, claims.c.id)
        bound = tuple_(literal(value, type_=column.type), literal(last_id, type_=claims.c.id.type))
        statement = statement.where(key < bound if descending else key > bound)
    if descending:
        return statement.order_by(column.desc(), claims.c.id.desc())
    return statement.order_by(column, claims.c.id)


async def page_claims(
    session: AsyncSession,
    *,
    filters: ClaimFilters,
    sort: str,
    limit: int,
    cursor: str | None,
    count: bool,
    tolerance: float,
) -> tuple[list[dict[str, Any]], str | None, int | None]:
    """One page of claims as read documents, the next cursor, and the total if asked."""
    conditions = filter_conditions(filters)
    total = None
    if count:
        counted = select(func.count()).select_from(claims).where(*conditions)
        total = (await session.execute(counted)).scalar_one()
    statement = claims_select(dialect_of(session)).where(*conditions)
    rows = list((await session.execute(_keyset(statement, sort, cursor).limit(limit + 1))).all())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor(sort, (getattr(last, sort.lstrip("-")), last.id))
    return claim_documents(rows, tolerance=tolerance), next_cursor, total


ClaimFiltersQuery = Annotated[ClaimFilters, Query()]
SortQuery = Annotated[SortOrder, Query()]
