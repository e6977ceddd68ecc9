"""HTTP routes for reading many claims: lists and search, exports, facets (raw fast reads)."""

from functools import partial
from typing import Annotated, Any, Literal, cast

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse

from app.auth.deps import meter_expensive
from app.claims.export import EXPORT_SORT, claim_batches, csv_stream, ndjson_stream
from app.claims.facets import Facet, facet_counts
from app.claims.listing import (
    ClaimFilters,
    ClaimPage,
    Reads,
    claim_reads,
    page_claims,
    page_query,
    search_terms,
    selection,
)
from app.claims.query_params import FacetQuery, ListQuery, documented, read_query
from app.claims.refs import has_refs, resolve_refs
from app.claims.schemas import ClaimRead, FacetsRead
from app.core.conditional import data_etag, not_modified
from app.core.openapi import READ_ERRORS, problems
from app.core.pagination import Page, link_next
from app.core.responses import json_response

router = APIRouter(prefix="/v1/claims", tags=["claims"])
EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}
Format = Annotated[
    Literal["json", "csv", "ndjson"],
    Query(
        alias="format",
        description="json (a page), or csv / ndjson: every matching claim, streamed, in the "
        "order claims were recorded unless `sort` is given.",
    ),
]
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


def _export(reads: Reads, filters: ClaimFilters, sort: str | None, kind: str) -> StreamingResponse:
    tolerance = reads.tolerance
    page_query(reads.dialect, filters, sort=sort, cursor=None, limit=1, tolerance=tolerance)
    batches = claim_batches(
        reads.target, reads.dialect, filters=filters, sort=sort, tolerance=tolerance
    )
    body = csv_stream(batches) if kind == "csv" else ndjson_stream(batches, reads.target)
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
    openapi_extra=documented(ListQuery),
)
async def list_claims(request: Request) -> Response:
    """Claims matching every filter, newest first (by relevance with `q`) unless `sort` says.

    With `format=csv` or `format=ndjson`, every matching claim is streamed instead of a page
    (CSV: one row per figure; see the README), in the order the claims were recorded unless
    `sort` says (an import records rows in file order, so re-imported restatements keep their
    order).
    """
    reads = await claim_reads(request)
    query = read_query(ListQuery, request)
    if query.format != "json":
        # The data's version first: the ETag is then never newer than what is streamed.
        data = await reads.target.fast.data_tag()
        tag = None if data is None else data_etag(request, data, reads.tolerance)
        # A request that would fail (a name that names nothing, said_from after said_to) fails
        # before If-None-Match is weighed: a 304 would tell a cache its error was current data.
        query = await resolve_refs(query, reads.target.fast)
        selection(reads.dialect, query)
        if tag is not None and (unchanged := not_modified(request, tag)) is not None:
            return unchanged
        await meter_expensive(request)
        exported = _export(reads, query, query.sort or EXPORT_SORT, query.format)
        if tag is not None:
            exported.headers["ETag"] = tag
        return exported
    # Ids and slugs cost no statement before the page: only an empty page asks whether they
    # name anything (404) or were an alias shaped like a slug (the page again, by id).
    query = await resolve_refs(query, reads.target.fast, lazy=True)
    page = await _page(reads, query)
    if not page.documents and has_refs(query):
        resolved = await resolve_refs(query, reads.target.fast)
        if resolved != query:
            page = await _page(reads, resolved)
    terms = search_terms(query)
    if terms is not None:
        page = page.with_snippets(terms)
    response = Response(page.json(), media_type="application/json")
    if page.order_note is not None:
        response.headers["X-Claimtrack-Order"] = page.order_note
    link_next(request, response, page.next_cursor)
    return response


async def _page(reads: Reads, query: ListQuery) -> ClaimPage:
    return await page_claims(
        reads.run,
        reads.dialect,
        filters=query,
        sort=query.sort,
        limit=query.limit,
        cursor=query.cursor,
        count=query.count,
        tolerance=reads.tolerance,
        snippets=True,
    )


@router.get(
    "/facets",
    response_model=FacetsRead,
    responses=problems(*READ_ERRORS),
    summary="Count claims per speaker, measure, tag, year",
    openapi_extra=documented(FacetQuery),
)
async def claim_facets(request: Request) -> Response:
    """How many matching claims each speaker, measure, tag and year has (the list's filters).

    Counts are kept per process until the data changes, whichever worker or instance wrote
    (the next request after a write counts afresh). Anonymous requests that must count are
    rate-limited.
    """
    reads = await claim_reads(request)
    query = await resolve_refs(read_query(FacetQuery, request), reads.target.fast)
    names = tuple(cast(Facet, name) for name in dict.fromkeys(query.facet.split(",")))
    filters = ClaimFilters.model_validate(query.model_dump(include=set(ClaimFilters.model_fields)))

    async def count() -> dict[str, Any]:
        found = await facet_counts(
            reads.run, reads.dialect, filters=filters, facets=names, size=query.facet_size
        )
        return {"facets": found}

    key = ("facets", names, query.facet_size, filters.model_dump_json())
    metered = partial(meter_expensive, request)
    return json_response(await reads.target.fast.remembered(key, count, on_miss=metered))
