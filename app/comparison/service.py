"""Comparisons: one measure's figures over time, and figures or claims side by side."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.models import Figure
from app.comparison.analysis import (
    Observation,
    by_speaker,
    conflicts,
    final_consensus,
    standing,
    summarize,
)
from app.comparison.documents import (
    conflict_document,
    consensus_document,
    measure_figure_document,
    pair_document,
    rated_figure_document,
    speaker_document,
    summary_document,
)
from app.comparison.intervals import figure_interval, map_interval
from app.comparison.pairs import compare
from app.comparison.queries import figure_rows
from app.core.errors import NotFound, Unprocessable
from app.db.crud import load_one
from app.measures.models import Measure
from app.units import IncompatibleUnitsError, UnitError, converter, dimension_of

MAX_COMPARED = 20


def _observation(
    row: Row[Any], to_report: Callable[[float], float], tolerance: float
) -> Observation:
    interval = figure_interval(
        row.qualifier,
        row.norm_value,
        lower=row.norm_lower,
        upper=row.norm_upper,
        tolerance=tolerance,
    )
    source = None
    if row.source_id is not None:
        source = {"id": row.source_id, "url": row.source_url, "title": row.source_title}
    return Observation(
        figure_id=row.id,
        claim_id=row.claim_id,
        speaker_id=row.speaker_id,
        speaker=row.speaker_name,
        qualifier=row.qualifier,
        value=to_report(row.norm_value),
        interval=map_interval(interval, to_report),
        as_of=row.as_of,
        period_start=row.period_start,
        period_end=row.period_end,
        said_on=row.said_on,
        extra={
            "speaker_slug": row.speaker_slug,
            "measure_slug": row.measure_slug,
            "written": {
                "value": row.value,
                "unit": row.unit,
                "lower": row.lower,
                "upper": row.upper,
            },
            "source": source,
        },
    )


def report_converter(measure_unit: str, unit: str) -> Callable[[float], float]:
    """From the measure's unit to the report's; 422 naming both when they do not convert."""
    try:
        return converter(measure_unit, unit)
    except UnitError as exc:
        raise Unprocessable(f"cannot report in {unit!r}: {exc}", loc=["query", "unit"]) from None


@dataclass(frozen=True, slots=True)
class ComparisonQuery:
    """What a measure comparison is asked for."""

    date_from: date | None = None
    date_to: date | None = None
    window_days: int = 7
    unit: str | None = None
    conflict_limit: int = 500
    include_superseded: bool = False


async def measure_comparison(
    session: AsyncSession, ref: str, query: ComparisonQuery, *, tolerance: float
) -> dict[str, Any]:
    """Every figure on a measure in one unit, with speakers, summary, conflicts, consensus."""
    measure = await load_one(session, Measure, ref, what="measure")
    report_unit = query.unit or measure.unit
    to_report = report_converter(measure.unit, report_unit)
    as_of = Figure.__table__.c.as_of
    statement = figure_rows().where(Figure.__table__.c.measure_id == measure.id)
    if query.date_from is not None:
        statement = statement.where(as_of >= query.date_from)
    if query.date_to is not None:
        statement = statement.where(as_of <= query.date_to)
    rows = (await session.execute(statement)).all()
    observations = [_observation(row, to_report, tolerance) for row in rows]
    speakers = by_speaker(observations)
    superseded = {figure: by for group in speakers for figure, by in group.superseded.items()}
    counted = observations if query.include_superseded else standing(observations, superseded)
    window = query.window_days
    found = conflicts(counted, window_days=window, limit=query.conflict_limit)
    return {
        "measure": {
            "id": measure.id,
            "slug": measure.slug,
            "name": measure.name,
            "unit": measure.unit,
        },
        "unit": report_unit,
        "window_days": window,
        "from": query.date_from,
        "to": query.date_to,
        "include_superseded": query.include_superseded,
        "figures": [
            measure_figure_document(item, superseded_by=superseded.get(item.figure_id))
            for item in observations
        ],
        "by_speaker": [speaker_document(group) for group in speakers],
        "summary": summary_document(
            summarize(counted), superseded=len(observations) - len(counted)
        ),
        "conflicts": [conflict_document(c) for c in found.most_severe],
        "conflicts_total": found.total,
        "consensus": consensus_document(final_consensus(counted, window_days=window)),
    }


def _dimension_problem(rows: Sequence[Row[Any]], unit: str) -> str:
    first = rows[0]
    described = ", ".join(
        f"figure {row.id} is {dimension_of(row.measure_unit)} ({row.measure_unit}, measure "
        f"{row.measure_slug!r})"
        for row in rows
        if row is first or not _convertible(row.measure_unit, unit)
    )
    return f"figures of different dimensions cannot be compared: {described}"


def _convertible(source: str, target: str) -> bool:
    try:
        converter(source, target)
    except UnitError:
        return False
    return True


def _block(rows: Sequence[Row[Any]], *, unit: str | None, tolerance: float) -> dict[str, Any]:
    report_unit = unit or rows[0].measure_unit
    observations = []
    for row in rows:
        try:
            to_report = converter(row.measure_unit, report_unit)
        except IncompatibleUnitsError:
            raise Unprocessable(_dimension_problem(rows, report_unit), loc=["query"]) from None
        except UnitError as exc:
            detail = f"cannot report in {report_unit!r}: {exc}"
            raise Unprocessable(detail, loc=["query", "unit"]) from None
        observations.append(_observation(row, to_report, tolerance))
    measures = {
        row.measure_slug: {
            "id": row.measure_id,
            "slug": row.measure_slug,
            "name": row.measure_name,
            "unit": row.measure_unit,
        }
        for row in rows
    }
    note = None
    if len(measures) > 1:
        note = "these figures are on different measures of the same dimension; compare with care"
    return {
        "unit": report_unit,
        "measures": list(measures.values()),
        "same_measure": len(measures) == 1,
        "note": note,
        "figures": [rated_figure_document(item, report_unit) for item in observations],
        "pairs": [
            pair_document(compare(a, b), report_unit) for a, b in combinations(observations, 2)
        ],
    }


async def _rows(session: AsyncSession, condition: Any) -> list[Row[Any]]:
    return list((await session.execute(figure_rows().where(condition))).all())


def _missing(wanted: Sequence[int], found: set[int], message: str) -> None:
    missing = [item for item in wanted if item not in found]
    if missing:
        raise NotFound(message.format(", ".join(map(str, missing))))


async def compare_figures(
    session: AsyncSession, figure_ids: Sequence[int], *, unit: str | None, tolerance: float
) -> dict[str, Any]:
    """The given figures side by side in one unit."""
    rows = await _rows(session, Figure.__table__.c.id.in_(figure_ids))
    _missing(figure_ids, {row.id for row in rows}, "no figure with id {}")
    return {"comparisons": [_block(rows, unit=unit, tolerance=tolerance)]}


async def compare_claims(
    session: AsyncSession, claim_ids: Sequence[int], *, unit: str | None, tolerance: float
) -> dict[str, Any]:
    """The figures of the given claims, compared dimension by dimension.

    Figures on one measure always land in the same block; figures on different measures of one
    dimension (two areas) are compared too, each pair saying whether the measures differ.
    """
    rows = await _rows(session, Figure.__table__.c.claim_id.in_(claim_ids))
    _missing(claim_ids, {row.claim_id for row in rows}, "no claim with figures has id {}")
    grouped: dict[str, list[Row[Any]]] = {}
    for row in rows:
        grouped.setdefault(dimension_of(row.measure_unit), []).append(row)
    blocks = [_block(group, unit=unit, tolerance=tolerance) for group in grouped.values()]
    return {"comparisons": blocks}
