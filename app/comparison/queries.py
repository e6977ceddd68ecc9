"""The statements that fetch figures for comparison: in full (claim, speaker, first source), or
only what the analysis of a whole measure reads."""

from functools import lru_cache
from typing import Any

from sqlalchemy import Select, select

from app.claims.models import Appearance, Claim, Figure
from app.measures.models import Measure
from app.sources.models import Source
from app.speakers.models import Speaker

figures, claims, speakers = Figure.__table__, Claim.__table__, Speaker.__table__
measures, sources, appearances = Measure.__table__, Source.__table__, Appearance.__table__


@lru_cache
def figure_rows() -> Select[Any]:
    """Figures with what a comparison shows about them, oldest first."""
    first_source = (
        select(appearances.c.source_id)
        .where(appearances.c.claim_id == claims.c.id)
        .order_by(appearances.c.position, appearances.c.source_id)
        .limit(1)
        .correlate(claims)
        .scalar_subquery()
    )
    return (
        select(
            figures.c.id,
            figures.c.claim_id,
            figures.c.measure_id,
            figures.c.qualifier,
            figures.c.value,
            figures.c.unit,
            figures.c.lower,
            figures.c.upper,
            figures.c.norm_value,
            figures.c.norm_lower,
            figures.c.norm_upper,
            figures.c.as_of,
            figures.c.period_start,
            figures.c.period_end,
            claims.c.said_on,
            claims.c.speaker_id,
            speakers.c.name.label("speaker_name"),
            speakers.c.slug.label("speaker_slug"),
            measures.c.slug.label("measure_slug"),
            measures.c.name.label("measure_name"),
            measures.c.unit.label("measure_unit"),
            sources.c.id.label("source_id"),
            sources.c.url.label("source_url"),
            sources.c.title.label("source_title"),
        )
        .join(claims, claims.c.id == figures.c.claim_id)
        .join(speakers, speakers.c.id == claims.c.speaker_id)
        .join(measures, measures.c.id == figures.c.measure_id)
        .outerjoin(sources, sources.c.id == first_source)
        .order_by(figures.c.as_of, claims.c.said_on, figures.c.id)
    )


@lru_cache
def analysed_rows() -> Select[Any]:
    """What the analysis of a measure reads of each figure, oldest first: no words as written,
    no source (a measure can hold tens of thousands of figures; only a page is shown in full)."""
    return (
        select(
            figures.c.id,
            figures.c.claim_id,
            figures.c.qualifier,
            figures.c.norm_value,
            figures.c.norm_lower,
            figures.c.norm_upper,
            figures.c.as_of,
            figures.c.period_start,
            figures.c.period_end,
            claims.c.said_on,
            claims.c.speaker_id,
            speakers.c.name.label("speaker_name"),
        )
        .join(claims, claims.c.id == figures.c.claim_id)
        .join(speakers, speakers.c.id == claims.c.speaker_id)
        .order_by(figures.c.as_of, claims.c.said_on, figures.c.id)
    )
