"""HTTP routes: /v1/measures/{ref}/comparison, its charts, and /v1/compare."""

from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from app.auth.deps import Metered, ReadGuard
from app.comparison import service
from app.comparison.chart_data import chart_points, conflict_pairs
from app.comparison.charts import Sample, render_png, render_svg, vega_lite_spec
from app.comparison.embed import CSP, embed_page
from app.comparison.schemas import CompareRead, ComparisonRead, FiguresPage
from app.core.errors import Unprocessable
from app.core.fields import MAX_ID, AnyDay
from app.core.offload import offload
from app.core.openapi import READ_ERRORS, RefPath, problems
from app.core.pagination import MAX_CURSOR_LENGTH, Cursor, Limit, link_next
from app.core.responses import Tolerance, json_response
from app.db.session import ReadSession
from app.measures.schemas import UnitText

# Every route here computes over all of a measure's figures: anonymous callers are metered.
router = APIRouter(tags=["comparison"], dependencies=[ReadGuard, Metered])
IDS_PATTERN = r"^[0-9]{1,19}(,[0-9]{1,19}){0,19}$"
SUPERSEDED = (
    "Count superseded figures (ones their speaker later restated for the same as_of or period "
    "with another value) in conflicts, consensus and summary. They are always listed in "
    "`figures`, marked with `superseded_by`, and charts always draw them faded."
)


async def _comparison_query(
    date_from: Annotated[
        AnyDay | None, Query(alias="from", description="as_of on or after.")
    ] = None,
    date_to: Annotated[AnyDay | None, Query(alias="to", description="as_of on or before.")] = None,
    window_days: Annotated[
        int, Query(ge=0, le=3650, description="Days within which figures count as simultaneous.")
    ] = 7,
    unit: Annotated[
        UnitText | None,
        Query(description="Report in this unit (any compatible with the measure's)."),
    ] = None,
    conflict_limit: Annotated[
        int, Query(ge=1, le=10000, description="List at most this many conflicts.")
    ] = 500,
    include_superseded: Annotated[bool, Query(description=SUPERSEDED)] = False,
    figures_limit: Annotated[
        int, Query(ge=0, le=1000, description="List at most this many figures (oldest first).")
    ] = 100,
    figures_cursor: Annotated[
        str | None,
        Query(max_length=MAX_CURSOR_LENGTH, description="`figures_next_cursor` of a response."),
    ] = None,
    speakers_limit: Annotated[
        int, Query(ge=1, le=1000, description="List at most this many speakers in by_speaker.")
    ] = 100,
    speakers_cursor: Annotated[
        str | None,
        Query(max_length=MAX_CURSOR_LENGTH, description="`by_speaker_next_cursor` of a response."),
    ] = None,
    revisions_limit: Annotated[
        int, Query(ge=0, le=10000, description="List each speaker's latest revisions, this many.")
    ] = 3,
) -> service.ComparisonQuery:
    if date_from and date_to and date_from > date_to:
        raise Unprocessable("from is after to", loc=["query", "from"])
    return service.ComparisonQuery(
        date_from,
        date_to,
        window_days,
        unit,
        conflict_limit,
        include_superseded,
        figures_limit,
        figures_cursor,
        speakers_limit,
        speakers_cursor,
        revisions_limit,
    )


Filters = Annotated[service.ComparisonQuery, Depends(_comparison_query)]


@router.get(
    "/v1/measures/{ref}/comparison",
    response_model=ComparisonRead,
    responses=problems(*READ_ERRORS),
    summary="Compare the figures on a measure",
)
async def measure_comparison(
    session: ReadSession, ref: RefPath, filters: Filters, tolerance: Tolerance
) -> Response:
    """Every figure on the measure in one unit, by speaker with revisions; conflicts, consensus."""
    return json_response(
        await service.measure_comparison(session, ref, filters, tolerance=tolerance)
    )


@router.get(
    "/v1/measures/{ref}/figures",
    response_model=FiguresPage,
    responses=problems(*READ_ERRORS),
    summary="The figures of a measure comparison, a page at a time",
)
async def measure_figures(
    request: Request,
    session: ReadSession,
    ref: RefPath,
    filters: Filters,
    tolerance: Tolerance,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Response:
    """The comparison's `figures`, oldest first, with `superseded_by`; `total` counts them all.

    Takes the comparison's filters (from, to, unit, include_superseded).
    """
    query = replace(filters, figures_limit=limit, figures_cursor=cursor)
    page = await service.measure_figures(session, ref, query, tolerance=tolerance)
    response = json_response(page)
    link_next(request, response, page["next_cursor"])
    return response


async def _spec(
    session: Any, ref: str, filters: service.ComparisonQuery, tolerance: float
) -> dict[str, Any]:
    return _drawn_spec(await service.chart_comparison(session, ref, filters, tolerance=tolerance))


def _drawn_spec(drawn: dict[str, Any]) -> dict[str, Any]:
    return vega_lite_spec(
        title=drawn["measure"]["name"],
        unit=drawn["unit"],
        points=chart_points(drawn),
        conflicts=conflict_pairs(drawn),
        sample=Sample(drawn["figures_total"], drawn["sample_step"], drawn["conflicts_total"])
        if drawn["sample_step"] > 1
        else None,
    )


@router.get(
    "/v1/measures/{ref}/chart.vl.json",
    responses=problems(*READ_ERRORS),
    summary="Chart of a measure (Vega-Lite)",
)
async def measure_chart_spec(
    session: ReadSession, ref: RefPath, filters: Filters, tolerance: Tolerance
) -> dict[str, Any]:
    """The comparison chart as a Vega-Lite v5 specification.

    Every figure is drawn; superseded ones faded (rows carry `faded`). include_superseded, as
    on the comparison, decides only whether their conflicts are drawn.
    """
    return await _spec(session, ref, filters, tolerance)


@router.get(
    "/v1/measures/{ref}/chart.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}, **problems(*READ_ERRORS)},
    summary="Chart of a measure (SVG)",
)
async def measure_chart_svg(
    session: ReadSession, ref: RefPath, filters: Filters, tolerance: Tolerance
) -> Response:
    """The figures over time, one colour per speaker, superseded ones faded, as SVG."""
    spec = await _spec(session, ref, filters, tolerance)
    svg = await offload().run(render_svg, spec)  # cutting its font is CPU work: off the loop
    return Response(svg, media_type="image/svg+xml")


@router.get(
    "/v1/measures/{ref}/chart.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}, **problems(*READ_ERRORS)},
    summary="Chart of a measure (PNG)",
)
async def measure_chart_png(
    session: ReadSession, ref: RefPath, filters: Filters, tolerance: Tolerance
) -> Response:
    """The figures over time, one colour per speaker, superseded ones faded, as PNG."""
    spec = await _spec(session, ref, filters, tolerance)
    png = await anyio.to_thread.run_sync(render_png, spec)
    return Response(png, media_type="image/png")


@router.get(
    "/v1/measures/{ref}/embed",
    response_class=Response,
    responses={200: {"content": {"text/html": {}}}, **problems(*READ_ERRORS)},
    summary="Chart of a measure as a page to embed (HTML)",
)
async def measure_embed(
    session: ReadSession, ref: RefPath, filters: Filters, tolerance: Tolerance
) -> HTMLResponse:
    """The chart with its figures as a table and a credit line, one HTML page that loads
    nothing from anywhere (for an `<iframe>` in an article). Takes the chart's filters."""
    drawn = await service.chart_comparison(session, ref, filters, tolerance=tolerance)
    svg = await offload().run(render_svg, _drawn_spec(drawn))
    page = embed_page(drawn, svg, today=datetime.now(UTC).date())
    return HTMLResponse(page, headers={"Content-Security-Policy": CSP})


def _ids(raw: str | None, name: str) -> list[int]:
    if raw is None:
        return []
    ids = list(dict.fromkeys(int(part) for part in raw.split(",")))
    if any(not 1 <= item <= MAX_ID for item in ids):
        raise Unprocessable(f"{name} holds an id out of range (1 to {MAX_ID})", loc=["query", name])
    return ids


IdList = Annotated[
    str | None, Query(pattern=IDS_PATTERN, description="Comma-separated ids, 1 to 20.")
]


@router.get(
    "/v1/compare",
    response_model=CompareRead,
    responses=problems(*READ_ERRORS),
    summary="Compare figures or claims side by side",
)
async def compare(
    session: ReadSession,
    tolerance: Tolerance,
    figures: IdList = None,
    claims: IdList = None,
    unit: Annotated[UnitText | None, Query(description="Report in this unit.")] = None,
) -> Response:
    """Figures side by side in one unit: difference, ratio, overlap, days apart, rates per day."""
    if (figures is None) == (claims is None):
        raise Unprocessable(
            "give either figures=ID,ID,... or claims=ID,ID,...", loc=["query", "figures"]
        )
    if figures is not None:
        figure_ids = _ids(figures, "figures")
        if len(figure_ids) < 2:
            raise Unprocessable("compare at least two distinct figures", loc=["query", "figures"])
        result = await service.compare_figures(session, figure_ids, unit=unit, tolerance=tolerance)
    else:
        result = await service.compare_claims(
            session, _ids(claims, "claims"), unit=unit, tolerance=tolerance
        )
    return json_response(result)
