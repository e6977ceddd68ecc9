"""Comparisons: one measure's figures over time, and figures or claims side by side."""

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any, TypeVar

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.models import Figure
from app.comparison.analysis import (
    Observation,
    SpeakerFigures,
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
from app.comparison.queries import analysed_rows, figure_rows
from app.core.errors import NotFound, Unprocessable
from app.core.pagination import decode_cursor, encode_cursor
from app.db.crud import load_one
from app.measures.models import Measure
from app.units import IncompatibleUnitsError, UnitError, converter, dimension_of

MAX_COMPARED = 20


def _observation(
    row: Row[Any],
    to_report: Callable[[float], float] | None,
    tolerance: float,
    *,
    full: bool = True,
) -> Observation:
    """A figure row as the comparison sees it, in the report's unit (None: the measure's); with
    its details (`extra`) when the row is a full one (figure_rows)."""
    interval = figure_interval(
        row.qualifier,
        row.norm_value,
        lower=row.norm_lower,
        upper=row.norm_upper,
        tolerance=tolerance,
    )
    return Observation(
        figure_id=row.id,
        claim_id=row.claim_id,
        speaker_id=row.speaker_id,
        speaker=row.speaker_name,
        qualifier=row.qualifier,
        value=float(row.norm_value) if to_report is None else to_report(row.norm_value),
        interval=interval if to_report is None else map_interval(interval, to_report),
        as_of=row.as_of,
        period_start=row.period_start,
        period_end=row.period_end,
        said_on=row.said_on,
        extra=_details(row) if full else {},
    )


def _details(row: Row[Any]) -> dict[str, Any]:
    """What a figure shown in full adds: slugs, the words as written, the first source."""
    source = None
    if row.source_id is not None:
        source = {"id": row.source_id, "url": row.source_url, "title": row.source_title}
    return {
        "speaker_slug": row.speaker_slug,
        "measure_slug": row.measure_slug,
        "written": {"value": row.value, "unit": row.unit, "lower": row.lower, "upper": row.upper},
        "source": source,
    }


def report_converter(measure_unit: str, unit: str) -> Callable[[float], float]:
    """From the measure's unit to the report's; 422 naming both when they do not convert."""
    try:
        return converter(measure_unit, unit)
    except UnitError as exc:
        raise Unprocessable(f"cannot report in {unit!r}: {exc}", loc=["query", "unit"]) from None


@dataclass(frozen=True, slots=True)
class ComparisonQuery:
    """What a measure comparison is asked for: filters, and how much of each list to show."""

    date_from: date | None = None
    date_to: date | None = None
    window_days: int = 7
    unit: str | None = None
    conflict_limit: int = 500
    include_superseded: bool = False
    figures_limit: int | None = 100  # None: every figure
    figures_cursor: str | None = None
    speakers_limit: int = 100
    speakers_cursor: str | None = None
    revisions_limit: int = 3


@dataclass(frozen=True, slots=True)
class Analysis:
    """A measure's figures in the report's unit, by speaker, with what counts for the rest."""

    measure: Measure
    unit: str
    to_report: Callable[[float], float] | None
    tolerance: float
    observations: list[Observation]
    speakers: list[SpeakerFigures]
    superseded: dict[int, int]
    counted: list[Observation]


FIGURES_ORDER, SPEAKERS_ORDER = "measure-figures", "measure-speakers"
T = TypeVar("T")
KEY_KINDS = (date, date, int)


def _key(item: Observation) -> tuple[date, date, int]:
    """Where a figure stands in the comparison's order: as_of, said_on, id."""
    return (item.as_of, item.said_on or item.as_of, item.figure_id)


def _page(
    items: Sequence[T],
    key: Callable[[T], tuple[date, date, int]],
    *,
    order: str,
    cursor: str | None,
    limit: int | None,
) -> tuple[Sequence[T], str | None]:
    """Items after the cursor's key (items are in key order), at most `limit`; the next cursor."""
    start = 0
    if cursor is not None:
        after = decode_cursor(cursor, order=order, kinds=KEY_KINDS)
        start = bisect_right([key(item) for item in items], after)
    end = len(items) if limit is None else min(len(items), start + limit)
    page = items[start:end]
    more = end < len(items) and bool(page)
    return page, encode_cursor(order, key(page[-1])) if more else None


async def analyse(
    session: AsyncSession, ref: str, query: ComparisonQuery, *, tolerance: float
) -> Analysis:
    """Every figure on the measure (within from/to) in the report's unit, grouped by speaker."""
    measure = await load_one(session, Measure, ref, what="measure")
    report_unit = query.unit or measure.unit
    to_report = None if report_unit == measure.unit else report_converter(measure.unit, report_unit)
    as_of = Figure.__table__.c.as_of
    statement = analysed_rows().where(Figure.__table__.c.measure_id == measure.id)
    if query.date_from is not None:
        statement = statement.where(as_of >= query.date_from)
    if query.date_to is not None:
        statement = statement.where(as_of <= query.date_to)
    rows = (await session.execute(statement)).all()
    observations = [_observation(row, to_report, tolerance, full=False) for row in rows]
    speakers = by_speaker(observations)
    superseded = {figure: by for group in speakers for figure, by in group.superseded.items()}
    counted = observations if query.include_superseded else standing(observations, superseded)
    return Analysis(
        measure, report_unit, to_report, tolerance, observations, speakers, superseded, counted
    )


async def in_full(
    session: AsyncSession, analysis: Analysis, shown: Sequence[Observation]
) -> list[dict[str, Any]]:
    """The figures shown, in full (words as written, first source), each with the figure that
    superseded it; one statement for them all."""
    if not shown:
        return []
    ids = [item.figure_id for item in shown]
    rows = await _rows(session, Figure.__table__.c.id.in_(ids))
    found = {row.id: _observation(row, analysis.to_report, analysis.tolerance) for row in rows}
    superseded = analysis.superseded
    return [  # a figure deleted since the analysis read it (PostgreSQL, read committed) is gone
        measure_figure_document(found[figure_id], superseded_by=superseded.get(figure_id))
        for figure_id in ids
        if figure_id in found
    ]


async def figure_page(
    session: AsyncSession, analysis: Analysis, *, cursor: str | None, limit: int | None
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the measure's figures in full, oldest first, and the next page's cursor."""
    page, next_cursor = _page(
        analysis.observations, _key, order=FIGURES_ORDER, cursor=cursor, limit=limit
    )
    return await in_full(session, analysis, page), next_cursor


async def measure_comparison(
    session: AsyncSession, ref: str, query: ComparisonQuery, *, tolerance: float
) -> dict[str, Any]:
    """A measure's figures in one unit: speakers, summary, conflicts and consensus over all of
    them; the figures, speakers and each speaker's revisions listed a page at a time."""
    analysis = await analyse(session, ref, query, tolerance=tolerance)
    measure, observations, counted = analysis.measure, analysis.observations, analysis.counted
    window = query.window_days
    found = conflicts(counted, window_days=window, limit=query.conflict_limit)
    figures, figures_next = await figure_page(
        session, analysis, cursor=query.figures_cursor, limit=query.figures_limit
    )
    speakers, speakers_next = _page(
        analysis.speakers,
        lambda group: _key(group.figures[0]),
        order=SPEAKERS_ORDER,
        cursor=query.speakers_cursor,
        limit=query.speakers_limit,
    )
    return {
        "measure": {
            "id": measure.id,
            "slug": measure.slug,
            "name": measure.name,
            "unit": measure.unit,
        },
        "unit": analysis.unit,
        "window_days": window,
        "from": query.date_from,
        "to": query.date_to,
        "include_superseded": query.include_superseded,
        "figures": figures,
        "figures_total": len(observations),
        "figures_next_cursor": figures_next,
        "by_speaker": [
            speaker_document(group, revisions_limit=query.revisions_limit) for group in speakers
        ],
        "by_speaker_total": len(analysis.speakers),
        "by_speaker_next_cursor": speakers_next,
        "summary": summary_document(
            summarize(counted), superseded=len(observations) - len(counted)
        ),
        "conflicts": [conflict_document(c) for c in found.most_severe],
        "conflicts_total": found.total,
        "consensus": consensus_document(final_consensus(counted, window_days=window)),
    }


CHART_FIGURES = 1000  # a chart draws every figure up to this many, an even sample beyond
CHART_CONFLICTS = 100  # and at most this many of the most severe conflicts of a sampled chart


def chart_sample(
    observations: Sequence[Observation], keep: set[int], size: int
) -> tuple[list[Observation], int]:
    """Every `step`-th figure in date order and the figures whose ids are in `keep`, about
    `size` in all; with the step (1: every figure)."""
    if len(observations) <= size:
        return list(observations), 1
    step = -(-len(observations) // max(1, size - len(keep)))
    drawn = [
        item for at, item in enumerate(observations) if at % step == 0 or item.figure_id in keep
    ]
    return drawn, step


async def chart_comparison(
    session: AsyncSession, ref: str, query: ComparisonQuery, *, tolerance: float
) -> dict[str, Any]:
    """What a measure's chart draws: every figure, or on a big measure an even sample in date
    order with the figures of the most severe conflicts; `figures_total` and `sample_step` say
    which (the chart's subtitle too)."""
    analysis = await analyse(session, ref, query, tolerance=tolerance)
    observations = analysis.observations
    found = conflicts(analysis.counted, window_days=query.window_days, limit=query.conflict_limit)
    shown = found.most_severe
    if len(observations) > CHART_FIGURES:
        shown = shown[:CHART_CONFLICTS]
    keep = {figure.figure_id for item in shown for figure in (item.a, item.b)}
    drawn, step = chart_sample(observations, keep, CHART_FIGURES)
    return {
        "measure": {"name": analysis.measure.name},
        "unit": analysis.unit,
        "figures": await in_full(session, analysis, drawn),
        "figures_total": len(observations),
        "sample_step": step,
        "conflicts": [conflict_document(item) for item in shown],
        "conflicts_total": found.total,
    }


async def measure_figures(
    session: AsyncSession, ref: str, query: ComparisonQuery, *, tolerance: float
) -> dict[str, Any]:
    """One page of a measure comparison's figures, in the list envelope, with their total."""
    analysis = await analyse(session, ref, query, tolerance=tolerance)
    items, next_cursor = await figure_page(
        session, analysis, cursor=query.figures_cursor, limit=query.figures_limit
    )
    return {"items": items, "next_cursor": next_cursor, "total": len(analysis.observations)}


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
            if unit is not None and all(
                _convertible(r.measure_unit, row.measure_unit) for r in rows
            ):
                # The figures agree with each other; the unit asked for is what does not fit.
                detail = (
                    f"cannot report in {unit!r}: the figures are {dimension_of(row.measure_unit)} "
                    f"({row.measure_unit})"
                )
                raise Unprocessable(detail, loc=["query", "unit"]) from None
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
    if len(rows) == 1:
        note = (
            f"only figure {rows[0].id} is {dimension_of(rows[0].measure_unit)}: nothing of "
            "its dimension to compare it with"
        )
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
