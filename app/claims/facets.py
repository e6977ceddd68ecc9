"""Facet counts over the claims that match the filters: speaker, measure, tag, year."""

from typing import Any, Literal

from sqlalchemy import Integer, Select, String, cast, extract, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.listing import ClaimFilters, selection
from app.claims.models import Claim, ClaimTag, Figure
from app.db.session import dialect_of
from app.measures.models import Measure
from app.speakers.models import Speaker

Facet = Literal["speaker", "measure", "tag", "year"]
FACETS: tuple[Facet, ...] = ("speaker", "measure", "tag", "year")
claims = Claim.__table__


def _year(dialect: str) -> Any:
    if dialect == "sqlite":
        return func.substr(cast(claims.c.said_on, String), 1, 4)
    return cast(cast(extract("year", claims.c.said_on), Integer), String)


def _branch(facet: Facet, matched: Any, dialect: str, size: int) -> Select[Any]:
    count = func.count().label("count")
    if facet == "speaker":
        query = (
            select(
                literal("speaker").label("facet"),
                cast(Speaker.id, String).label("value"),
                Speaker.name.label("label"),
                Speaker.slug.label("slug"),
                count,
            )
            .select_from(matched)
            .join(Speaker, Speaker.id == matched.c.speaker_id)
            .group_by(Speaker.id, Speaker.name, Speaker.slug)
        )
    elif facet == "measure":
        query = (
            select(
                literal("measure").label("facet"),
                cast(Measure.id, String).label("value"),
                Measure.name.label("label"),
                Measure.slug.label("slug"),
                func.count(func.distinct(Figure.claim_id)).label("count"),
            )
            .select_from(matched)
            .join(Figure, Figure.claim_id == matched.c.id)
            .join(Measure, Measure.id == Figure.measure_id)
            .group_by(Measure.id, Measure.name, Measure.slug)
        )
    elif facet == "tag":
        query = (
            select(
                literal("tag").label("facet"),
                ClaimTag.tag.label("value"),
                ClaimTag.tag.label("label"),
                literal(None, String).label("slug"),
                count,
            )
            .select_from(matched)
            .join(ClaimTag, ClaimTag.claim_id == matched.c.id)
            .group_by(ClaimTag.tag)
        )
    else:
        query = (
            select(
                literal("year").label("facet"),
                matched.c.year.label("value"),
                matched.c.year.label("label"),
                literal(None, String).label("slug"),
                count,
            )
            .select_from(matched)
            .group_by(matched.c.year)
        )
    return select(query.order_by(count.desc(), "value").limit(size).subquery())


async def facet_counts(
    session: AsyncSession, *, filters: ClaimFilters, facets: tuple[Facet, ...], size: int
) -> dict[str, list[dict[str, Any]]]:
    """The top `size` values of each facet with their claim counts, in one statement."""
    dialect = dialect_of(session)
    matched = (
        select(claims.c.id, claims.c.speaker_id, _year(dialect).label("year"))
        .where(*selection(dialect, filters))
        .cte("matched")
    )
    branches = [_branch(facet, matched, dialect, size) for facet in facets]
    rows = (await session.execute(union_all(*branches))).all()
    result: dict[str, list[dict[str, Any]]] = {facet: [] for facet in facets}
    for row in rows:
        entry = {"value": _value(row.facet, row.value), "label": row.label, "count": row.count}
        if row.slug is not None:
            entry["slug"] = row.slug
        result[row.facet].append(entry)
    for entries in result.values():
        entries.sort(key=lambda entry: (-entry["count"], str(entry["value"])))
    return result


def _value(facet: str, raw: str) -> int | str:
    return int(raw) if facet in ("speaker", "measure", "year") else raw
