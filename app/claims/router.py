"""HTTP routes for /v1/claims."""

from typing import Annotated, Literal, cast

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.deps import Admin, ReadGuard, Writer
from app.claims import service
from app.claims.export import claim_batches, csv_stream, ndjson_stream
from app.claims.facets import Facet, facet_counts
from app.claims.listing import (
    ClaimFilters,
    ClaimFiltersQuery,
    SortQuery,
    ordered_selection,
    page_claims,
)
from app.claims.models import Claim
from app.claims.schemas import ClaimCreate, ClaimRead, ClaimUpdate, FacetsRead
from app.core.json_body import JsonRoute
from app.core.openapi import READ_ERRORS, WRITE_ERRORS, IdPath, problems
from app.core.pagination import CountFlag, Cursor, Limit, Page, link_next
from app.core.responses import Tolerance, json_response
from app.core.versioning import ExpectedVersion, etag
from app.db.session import Database, DatabaseDep, ReadSession, WriteSession
from app.history.router import add_history_routes

router = APIRouter(
    prefix="/v1/claims", tags=["claims"], route_class=JsonRoute, dependencies=[ReadGuard]
)


EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}
Format = Annotated[
    Literal["json", "csv", "ndjson"],
    Query(
        alias="format",
        description="json (a page), or csv / ndjson: every matching claim, streamed.",
    ),
]


def _export(
    database: Database, filters: ClaimFilters, sort: str | None, tolerance: float, kind: str
) -> StreamingResponse:
    batches = claim_batches(database, filters=filters, sort=sort, tolerance=tolerance)
    body = csv_stream(batches) if kind == "csv" else ndjson_stream(batches)
    headers = {"Content-Disposition": f'attachment; filename="claims.{kind}"'}
    return StreamingResponse(body, media_type=EXPORT_TYPES[kind], headers=headers)


@router.get(
    "",
    response_model=Page[ClaimRead],
    responses={
        200: {"content": {"text/csv": {}, "application/x-ndjson": {}}},
        **problems(*READ_ERRORS),
    },
    summary="List and search claims (or export them)",
)
async def list_claims(
    session: ReadSession,
    database: DatabaseDep,
    request: Request,
    filters: ClaimFiltersQuery,
    tolerance: Tolerance,
    sort: SortQuery = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    count: CountFlag = False,
    output: Format = "json",
) -> Response:
    """Claims matching every filter, newest first (by relevance with `q`) unless `sort` says.

    With `format=csv` or `format=ndjson`, every matching claim is streamed instead of a page
    (CSV: one row per figure; see the README).
    """
    if output != "json":
        ordered_selection(database.dialect, filters, sort)
        return _export(database, filters, sort, tolerance, output)
    items, next_cursor, total = await page_claims(
        session,
        filters=filters,
        sort=sort,
        limit=limit,
        cursor=cursor,
        count=count,
        tolerance=tolerance,
    )
    body: dict[str, object] = {"items": items, "next_cursor": next_cursor}
    if total is not None:
        body["total"] = total
    response = json_response(body)
    link_next(request, response, next_cursor)
    return response


def _one(document: dict[str, object], *, status_code: int = 200) -> Response:
    headers = {"ETag": etag(int(str(document["version"])))}
    if status_code == status.HTTP_201_CREATED:
        headers["Location"] = f"/v1/claims/{document['id']}"
    return json_response(document, status_code=status_code, headers=headers)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ClaimRead,
    responses=problems(*WRITE_ERRORS),
    summary="Create a claim",
)
async def create_claim(
    session: WriteSession, principal: Writer, body: ClaimCreate, tolerance: Tolerance
) -> Response:
    """Record a claim with its figures, appearances and tags, all or nothing."""
    claim = await service.create_claim(session, body, actor=principal.name)
    document = await service.read_claim(session, claim.id, tolerance=tolerance)
    return _one(document, status_code=status.HTTP_201_CREATED)


FACET_NAMES = "speaker|measure|tag|year"
FacetList = Annotated[
    str,
    Query(
        pattern=rf"^({FACET_NAMES})(,({FACET_NAMES}))*$",
        description="Comma-separated facets: speaker, measure, tag, year.",
    ),
]
FacetSize = Annotated[
    int, Query(ge=1, le=100, description="Values per facet, most frequent first.")
]


@router.get(
    "/facets",
    response_model=FacetsRead,
    responses=problems(*READ_ERRORS),
    summary="Count claims per speaker, measure, tag, year",
)
async def claim_facets(
    session: ReadSession,
    filters: ClaimFiltersQuery,
    facet: FacetList = "speaker,measure,tag,year",
    facet_size: FacetSize = 20,
) -> Response:
    """How many matching claims each speaker, measure, tag and year has (the list's filters)."""
    names = tuple(cast(Facet, name) for name in dict.fromkeys(facet.split(",")))
    counts = await facet_counts(session, filters=filters, facets=names, size=facet_size)
    return json_response({"facets": counts})


@router.get(
    "/{claim_id}", response_model=ClaimRead, responses=problems(*READ_ERRORS), summary="Get a claim"
)
async def get_claim(session: ReadSession, claim_id: IdPath, tolerance: Tolerance) -> Response:
    """One claim with its speaker, role, sources, normalised figures and reviews."""
    return _one(await service.read_claim(session, claim_id, tolerance=tolerance))


@router.patch(
    "/{claim_id}",
    response_model=ClaimRead,
    responses=problems(*WRITE_ERRORS),
    summary="Change a claim",
)
async def update_claim(
    session: WriteSession,
    principal: Writer,
    claim_id: IdPath,
    body: ClaimUpdate,
    expected_version: ExpectedVersion,
    tolerance: Tolerance,
) -> Response:
    """Change a claim; lists sent replace the stored ones (figures keep ids you send back)."""
    await service.update_claim(
        session, claim_id, body, expected_version=expected_version, actor=principal.name
    )
    return _one(await service.read_claim(session, claim_id, tolerance=tolerance))


@router.delete(
    "/{claim_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(*WRITE_ERRORS),
    summary="Delete a claim",
)
async def delete_claim(
    session: WriteSession, principal: Admin, claim_id: IdPath, expected_version: ExpectedVersion
) -> None:
    """Delete a claim with its figures, appearances, tags and reviews (their history stays)."""
    await service.delete_claim(
        session, claim_id, expected_version=expected_version, actor=principal.name
    )


async def _claim_id(claim_id: IdPath) -> int:
    return claim_id


async def _read_claim(session: AsyncSession, claim: Claim, request: Request) -> Response:
    tolerance = request.app.state.settings.approx_tolerance
    return json_response(await service.read_claim(session, claim.id, tolerance=tolerance))


add_history_routes(
    router,
    entity="claim",
    path="/{claim_id}",
    entity_id=_claim_id,
    restore=service.restore_claim,
    read=_read_claim,
    read_model=ClaimRead,
)
