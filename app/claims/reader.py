"""Claims as read: one statement per page, nested lists built as JSON by the database."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import Row, Select, select

from app.claims.models import Appearance, Claim, ClaimTag, Figure
from app.comparison.intervals import figure_interval
from app.db.json_sql import json_list
from app.measures.models import Measure
from app.reviews.models import Review
from app.sources.models import Source
from app.speakers.models import Speaker

claims, speakers = Claim.__table__, Speaker.__table__
figures, measures = Figure.__table__, Measure.__table__
appearances, sources = Appearance.__table__, Source.__table__
tags, reviews = ClaimTag.__table__, Review.__table__

FIGURE_FIELDS = (
    "id",
    "measure_id",
    "measure",
    "measure_unit",
    "value",
    "unit",
    "qualifier",
    "lower",
    "upper",
    "as_of",
    "period_start",
    "period_end",
    "norm_value",
    "norm_lower",
    "norm_upper",
)
SOURCE_FIELDS = (
    "source_id",
    "excerpt",
    "url",
    "title",
    "publisher",
    "kind",
    "published_at",
    "language",
)
REVIEW_FIELDS = (
    "id",
    "claim_id",
    "version",
    "created_at",
    "updated_at",
    "reviewer",
    "reviewer_url",
    "url",
    "rating_label",
    "rating_value",
    "best_rating",
    "worst_rating",
    "reviewed_on",
    "summary",
    "language",
)


def _figures_json(dialect: str) -> Any:
    rows = (
        select(
            figures.c.id,
            figures.c.measure_id,
            measures.c.slug.label("measure"),
            measures.c.unit.label("measure_unit"),
            figures.c.value,
            figures.c.unit,
            figures.c.qualifier,
            figures.c.lower,
            figures.c.upper,
            figures.c.as_of,
            figures.c.period_start,
            figures.c.period_end,
            figures.c.norm_value,
            figures.c.norm_lower,
            figures.c.norm_upper,
            figures.c.position,
        )
        .join(measures, measures.c.id == figures.c.measure_id)
        .where(figures.c.claim_id == claims.c.id)
        .correlate(claims)
    )
    return json_list(dialect, rows, fields=FIGURE_FIELDS, order_by=("position", "id"))


def _sources_json(dialect: str) -> Any:
    rows = (
        select(
            appearances.c.source_id,
            appearances.c.excerpt,
            sources.c.url,
            sources.c.title,
            sources.c.publisher,
            sources.c.kind,
            sources.c.published_at,
            sources.c.language,
            appearances.c.position,
        )
        .join(sources, sources.c.id == appearances.c.source_id)
        .where(appearances.c.claim_id == claims.c.id)
        .correlate(claims)
    )
    return json_list(dialect, rows, fields=SOURCE_FIELDS, order_by=("position", "source_id"))


def _tags_json(dialect: str) -> Any:
    rows = select(tags.c.tag).where(tags.c.claim_id == claims.c.id).correlate(claims)
    return json_list(dialect, rows, fields=("tag",), order_by=("tag",), scalar=True)


def _reviews_json(dialect: str) -> Any:
    rows = (
        select(*(reviews.c[name] for name in REVIEW_FIELDS))
        .where(reviews.c.claim_id == claims.c.id)
        .correlate(claims)
    )
    return json_list(dialect, rows, fields=REVIEW_FIELDS, order_by=("id",))


@lru_cache
def claims_select(dialect: str) -> Select[Any]:
    """Every column of a claim's read form, one row per claim."""
    return select(
        claims.c.id,
        claims.c.version,
        claims.c.created_at,
        claims.c.updated_at,
        claims.c.speaker_id,
        speakers.c.slug.label("speaker_slug"),
        speakers.c.name.label("speaker_name"),
        speakers.c.roles.label("speaker_roles"),
        claims.c.text,
        claims.c.quote,
        claims.c.said_on,
        claims.c.channel,
        claims.c.language,
        _tags_json(dialect).label("tags"),
        _sources_json(dialect).label("sources"),
        _figures_json(dialect).label("figures"),
        _reviews_json(dialect).label("reviews"),
    ).join(speakers, speakers.c.id == claims.c.speaker_id)


def _timestamp(value: Any) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value[:10])


def role_on(roles: Sequence[Mapping[str, Any]], day: date) -> dict[str, Any] | None:
    """The role held on a day (the latest started, when several overlap)."""
    held = [
        role
        for role in roles
        if (role.get("start") is None or role["start"] <= day.isoformat())
        and (role.get("end") is None or day.isoformat() <= role["end"])
    ]
    if not held:
        return None
    role = max(held, key=lambda item: item.get("start") or "")
    return {key: role.get(key) for key in ("title", "organization", "start", "end")}


def _figure(raw: Mapping[str, Any], *, tolerance: float) -> dict[str, Any]:
    interval = figure_interval(
        raw["qualifier"],
        raw["norm_value"],
        lower=raw["norm_lower"],
        upper=raw["norm_upper"],
        tolerance=tolerance,
    )
    return {
        "id": raw["id"],
        "measure_id": raw["measure_id"],
        "measure": raw["measure"],
        "value": raw["value"],
        "unit": raw["unit"],
        "qualifier": raw["qualifier"],
        "lower": raw["lower"],
        "upper": raw["upper"],
        "as_of": raw["as_of"],
        "period_start": raw["period_start"],
        "period_end": raw["period_end"],
        "normalized": {
            "unit": raw["measure_unit"],
            "value": raw["norm_value"],
            "low": interval.low,
            "high": interval.high,
            "low_inclusive": interval.low_inclusive,
            "high_inclusive": interval.high_inclusive,
        },
    }


def _source(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": raw["source_id"],
        "url": raw["url"],
        "title": raw["title"],
        "publisher": raw["publisher"],
        "kind": raw["kind"],
        "published_at": _timestamp(raw["published_at"]),
        "language": raw["language"],
        "excerpt": raw["excerpt"],
    }


def _review(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {
        **raw,
        "created_at": _timestamp(raw["created_at"]),
        "updated_at": _timestamp(raw["updated_at"]),
        "reviewed_on": _day(raw["reviewed_on"]),
    }


def _loads(value: Any) -> Any:
    return orjson.loads(value) if isinstance(value, (str, bytes)) else value


def claim_document(row: Row[Any], *, tolerance: float) -> dict[str, Any]:
    """The read form of one claim from one row of claims_select."""
    attached = _loads(row.sources)
    return {
        "id": row.id,
        "version": row.version,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "speaker_id": row.speaker_id,
        "speaker_slug": row.speaker_slug,
        "speaker_name": row.speaker_name,
        "speaker_role": role_on(row.speaker_roles or [], row.said_on),
        "text": row.text,
        "quote": row.quote,
        "said_on": row.said_on,
        "channel": row.channel,
        "language": row.language,
        "tags": _loads(row.tags),
        "appearances": [{"source_id": s["source_id"], "excerpt": s["excerpt"]} for s in attached],
        "sources": [_source(item) for item in attached],
        "figures": [_figure(item, tolerance=tolerance) for item in _loads(row.figures)],
        "reviews": [_review(item) for item in _loads(row.reviews)],
    }


def claim_documents(rows: Iterable[Row[Any]], *, tolerance: float) -> list[dict[str, Any]]:
    """The read forms of several rows, in order."""
    return [claim_document(row, tolerance=tolerance) for row in rows]
