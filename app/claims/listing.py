"""Claim lists: filters, full-text search, sort orders and keyset cursors."""

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import ColumnElement, Select, exists, func, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.models import Appearance, Claim, ClaimTag, Figure
from app.claims.reader import claim_documents, claims_select
from app.core.errors import Unprocessable
from app.core.fields import Id, IdOrSlug, Language, Name, Tag, clean_text
from app.core.pagination import decode_cursor, encode_cursor
from app.db.session import dialect_of
from app.measures.models import Measure
from app.reviews.models import Review
from app.search.query import Term, parse
from app.search.sql import matching_ids, ranked_matches
from app.speakers.models import Speaker

claims = Claim.__table__
SORT_COLUMNS = {"said_on": claims.c.said_on, "created_at": claims.c.created_at}
SortOrder = Literal["relevance", "said_on", "-said_on", "created_at", "-created_at"]
SearchText = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class ClaimFilters(BaseModel):
    """Filters on claims; all given filters must hold."""

    q: SearchText | None = Field(
        default=None,
        description="Full text over claim text, speaker names and aliases, source titles. "
        'Every word must match; "quoted phrase"; prefix*.',
    )
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


def search_terms(filters: ClaimFilters) -> tuple[Term, ...] | None:
    """The parsed `q`, or None; 422 when it holds nothing to search for."""
    if filters.q is None:
        return None
    try:
        return parse(clean_text(filters.q))
    except ValueError as exc:
        raise Unprocessable(f"q: {exc}", loc=["query", "q"]) from None


def _ref_id(model: Any, ref: int | str) -> Any:
    if isinstance(ref, int):
        return ref
    return select(model.id).where(model.slug == ref).scalar_subquery()


def _linked(table: Any, condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(table.claim_id == claims.c.id, condition)


def filter_conditions(filters: ClaimFilters) -> list[ColumnElement[bool]]:
    """SQL conditions for the filters given, `q` aside."""
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
        label = func.lower(Review.rating_label) == filters.rating.lower()
        conditions.append(_linked(Review, label))
    if filters.language is not None:
        conditions.append(claims.c.language == filters.language)
    return conditions


def selection(dialect: str, filters: ClaimFilters) -> list[ColumnElement[bool]]:
    """Every condition of the filters, full-text search included."""
    terms = search_terms(filters)
    conditions = filter_conditions(filters)
    if terms is not None:
        conditions.append(matching_ids(dialect, terms))
    return conditions


@dataclass(frozen=True)
class Ordering:
    """How a page is ordered: a key (ascending unless descending) then the claim id."""

    label: str
    key: ColumnElement[Any]
    descending: bool
    joined: Any = None


def _ordering(dialect: str, sort: str | None, terms: tuple[Term, ...] | None) -> Ordering:
    sort = sort or ("relevance" if terms else "-said_on")
    if sort != "relevance":
        return Ordering(sort, SORT_COLUMNS[sort.lstrip("-")], sort.startswith("-"))
    if terms is None:
        raise Unprocessable("sort=relevance needs a search text in q", loc=["query", "sort"])
    joined, score = ranked_matches(dialect, terms)
    digest = zlib.crc32(repr(terms).encode())
    return Ordering(f"relevance:{digest:08x}", score, descending=False, joined=joined)


def _keyset(statement: Select[Any], ordering: Ordering, cursor: str | None) -> Select[Any]:
    if cursor is not None:
        value, last_id = decode_cursor(cursor, order=ordering.label, width=2)
        if not isinstance(last_id, int):
            raise Unprocessable("cursor is malformed", loc=["query", "cursor"])
        key = tuple_(ordering.key, claims.c.id)
        bound = tuple_(
            literal(value, type_=ordering.key.type), literal(last_id, type_=claims.c.id.type)
        )
        statement = statement.where(key < bound if ordering.descending else key > bound)
    if ordering.descending:
        return statement.order_by(ordering.key.desc(), claims.c.id.desc())
    return statement.order_by(ordering.key, claims.c.id)


def ordered_selection(
    dialect: str,
    filters: ClaimFilters,
    sort: str | None,
    extra: Sequence[ColumnElement[bool]] = (),
) -> tuple[Select[Any], Ordering]:
    """The claims of the filters as read rows, with their sort key, unordered yet."""
    terms = search_terms(filters)
    ordering = _ordering(dialect, sort, terms)
    statement = claims_select(dialect).add_columns(ordering.key.label("sort_key"))
    conditions = [*filter_conditions(filters), *extra]
    if ordering.joined is not None:
        statement = statement.join(ordering.joined, ordering.joined.c.claim_id == claims.c.id)
    elif terms is not None:
        conditions.append(matching_ids(dialect, terms))
    return statement.where(*conditions), ordering


async def page_claims(
    session: AsyncSession,
    *,
    filters: ClaimFilters,
    sort: str | None,
    limit: int,
    cursor: str | None,
    count: bool,
    tolerance: float,
    extra: Sequence[ColumnElement[bool]] = (),
) -> tuple[list[dict[str, Any]], str | None, int | None]:
    """One page of claims as read documents, the next cursor, and the total if asked."""
    dialect = dialect_of(session)
    statement, ordering = ordered_selection(dialect, filters, sort, extra)
    total = None
    if count:
        conditions = [*selection(dialect, filters), *extra]
        counted = select(func.count()).select_from(claims).where(*conditions)
        total = (await session.execute(counted)).scalar_one()
    rows = list(
        (await session.execute(_keyset(statement, ordering, cursor).limit(limit + 1))).all()
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(ordering.label, (rows[-1].sort_key, rows[-1].id))
    return claim_documents(rows, tolerance=tolerance), next_cursor, total


ClaimFiltersQuery = Annotated[ClaimFilters, Query()]
SortQuery = Annotated[
    SortOrder | None,
    Query(
        description="said_on, -said_on, created_at, -created_at, or relevance (the default with q)."
    ),
]
