"""HTTP routes: bulk import, ClaimReview in and out, extraction from article text."""

from collections.abc import AsyncIterator
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.deps import Metered, ReadGuard, Writer
from app.claims.listing import ClaimFiltersQuery, fast_runner, page_claims
from app.claims.reader import claim_json
from app.claims.refs import resolve_refs
from app.core.errors import BadRequest, UnsupportedMediaType
from app.core.json_body import JsonRoute, is_json_media_type, parse_json
from app.core.openapi import READ_ERRORS, WRITE_ERRORS, IdPath, problems
from app.core.pacing import paced
from app.core.pagination import Cursor, link_next
from app.core.responses import JSON_OPTIONS, Tolerance, json_response
from app.db.session import DatabaseDep, ReadSession, ReadTargetDep, WriteSession, read_target
from app.matching.service import MATCHED_CANDIDATES, candidate_matches
from app.newsroom.accept import AcceptRequest, import_rows_of
from app.newsroom.claimreview_corrections import correct_reviews
from app.newsroom.claimreview_in import ClaimReviewError, MisshapenError, read_documents
from app.newsroom.claimreview_out import claim_reviews, ld_json
from app.newsroom.extract_service import extract_candidates
from app.newsroom.import_links import Match
from app.newsroom.importer import (
    Report,
    Row,
    batches,
    import_rows,
    json_array_batches,
    ndjson_batches,
)
from app.newsroom.places import json_path, misplaced
from app.newsroom.records import review_rows
from app.newsroom.schemas import ExtractRequest, ExtractResult, ImportResult
from app.speakers.models import Speaker

ImportMatch = Annotated[
    Match,
    Query(
        description="How a row finds a stored claim. `exact` (default): the same speaker, "
        "said_on and text is that claim (its sources and reviews are added to it). `similar`: "
        "as exact, and a new claim that matches an earlier one at the linking threshold (a "
        "`same` or `repeat` match, as POST /v1/claims/match scores it) is linked as its "
        "repeat, reported under `repeat_links` (never merged). `none`: every row is a new "
        "claim."
    ),
]
router = APIRouter(tags=["newsroom"], route_class=JsonRoute, dependencies=[ReadGuard])
LD_JSON = "application/ld+json"
REVIEWED = "EXISTS (SELECT 1 FROM reviews AS r WHERE r.claim_id = c.id)"
DryRun = Annotated[bool, Query(description="Say what would be created or matched; write nothing.")]
IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "description": "Claims in the write form, with `speaker` (name, alias or slug), "
        "`sources` (URLs) and figures' `measure` (slug); or claims as exported.",
        "content": {
            "application/x-ndjson": {"schema": {"type": "string"}},
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
        },
    }
}


NDJSON = ("application/x-ndjson", "application/jsonlines", "application/jsonl")


async def _rows(request: Request) -> AsyncIterator[list[Row]]:
    """The body's rows in batches, read as the body streams in: NDJSON line by line, a JSON
    array item by item (memory holds a batch, never the body)."""
    media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    settings = request.app.state.settings
    limit = settings.max_body_bytes
    body = paced(
        request.stream(),
        idle=settings.body_idle_seconds,
        min_rate=settings.body_min_bytes_per_second,
    )
    if media in NDJSON:
        async for batch in ndjson_batches(body, max_line=limit):
            yield batch
    elif is_json_media_type(media):
        async for batch in json_array_batches(body, max_item=limit):
            yield batch
    else:
        raise UnsupportedMediaType("send NDJSON (application/x-ndjson) or a JSON array")


async def _finish(session: AsyncSession, result: dict[str, Any], dry_run: bool) -> Response:
    if dry_run:
        await session.rollback()
    claims = result.pop("claims")
    if isinstance(claims, Report):  # one claim per row: written out in slices
        head = orjson.dumps({"dry_run": dry_run, **result}, option=JSON_OPTIONS)
        body = head[:-1] + b',"claims":' + claims.json() + b"}"
        return Response(body, media_type="application/json")
    return json_response({"dry_run": dry_run, **result, "claims": claims})


@router.post(
    "/v1/import",
    response_model=ImportResult,
    responses=problems(*WRITE_ERRORS, 408),
    openapi_extra=IMPORT_BODY,
    summary="Import claims in bulk (NDJSON or JSON)",
)
async def bulk_import(
    session: WriteSession,
    principal: Writer,
    request: Request,
    tolerance: Tolerance,
    dry_run: DryRun = False,
    match: ImportMatch = "exact",
) -> Response:
    """Import claims (NDJSON or a JSON array), creating what is missing; all rows or none.

    A row carrying `repeat_of` (an exported claim's link, naming another row by its
    `export_id`) is linked as a repeat of that row's claim; `repeat_links` reports each link
    made, and each that could not be (the other row not in this import), with why.
    """
    result = await import_rows(
        session, _rows(request), actor=principal.name, match=match, tolerance=tolerance
    )
    return await _finish(session, result, dry_run)


@router.post(
    "/v1/import/claimreview",
    response_model=ImportResult,
    responses=problems(*WRITE_ERRORS),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"type": "object"}},
                LD_JSON: {"schema": {"type": "object"}},
            },
        }
    },
    summary="Import ClaimReview or Fact Check Tools",
)
async def import_claimreview(
    session: WriteSession,
    principal: Writer,
    request: Request,
    tolerance: Tolerance,
    dry_run: DryRun = False,
    match: ImportMatch = "exact",
) -> Response:
    """Import ClaimReview JSON-LD (object, list or @graph) or a Fact Check Tools response.

    A review already stored under a document's `url` (for that claim) is updated to what the
    document says: counted under `updated`, and noted on its claim's entry.
    """
    if not is_json_media_type(request.headers.get("content-type")):
        raise UnsupportedMediaType("send ClaimReview JSON-LD or JSON")
    try:
        records = read_documents(parse_json(await request.body()))
    except MisshapenError as error:
        raise misplaced(error.path, str(error)) from None
    except ClaimReviewError as error:
        raise BadRequest(str(error)) from None
    rows = review_rows(records)
    result = await import_rows(
        session,
        batches(rows),
        actor=principal.name,
        read_from_document=True,
        match=match,
        tolerance=tolerance,
    )
    result["claims"] = result["claims"].items()
    corrected = await correct_reviews(session, rows, result["claims"], actor=principal.name)
    result = corrected.counted(result)
    notes = {json_path(record.path): record.notes for record in records if record.notes}
    for claim in result["claims"]:
        found = notes.get(claim["path"], []) + corrected.notes.get(claim["path"], [])
        if found:
            claim["notes"] = found
    return await _finish(session, result, dry_run)


async def _speakers(session: AsyncSession, ids: set[int]) -> dict[int, dict[str, Any]]:
    rows = await session.execute(
        select(Speaker.id, Speaker.kind, Speaker.wikidata_id).where(Speaker.id.in_(ids))
    )
    return {row.id: {"kind": row.kind, "wikidata_id": row.wikidata_id} for row in rows}


async def claimreview_documents(
    session: AsyncSession, claims: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The ClaimReview objects of some claims (read forms)."""
    speakers = await _speakers(session, {claim["speaker_id"] for claim in claims})
    return [doc for claim in claims for doc in claim_reviews(claim, speakers[claim["speaker_id"]])]


def _ld(content: Any, response_headers: dict[str, str] | None = None) -> Response:
    return Response(ld_json(content), headers=response_headers, media_type=LD_JSON)


@router.get(
    "/v1/claims/{claim_id}/claimreview",
    responses={200: {"content": {LD_JSON: {}}}, **problems(*READ_ERRORS)},
    summary="A claim's reviews as ClaimReview",
)
async def claim_claimreview(
    session: ReadSession,
    database: DatabaseDep,
    reads: ReadTargetDep,
    claim_id: IdPath,
    tolerance: Tolerance,
) -> Response:
    """The claim's reviews as schema.org ClaimReview JSON-LD, one object per review."""
    run = fast_runner(reads.fast)
    claim = await claim_json(run, database.dialect, claim_id, tolerance=tolerance)
    return _ld(await claimreview_documents(session, [claim.parsed()]))


ReviewedLimit = Annotated[
    int,
    Query(
        ge=1,
        le=500,
        description="Reviewed claims a page, 1 to 500: each gives one ClaimReview a review, so "
        "a page holds at least this many ClaimReviews when it is full.",
    ),
]


@router.get(
    "/v1/claimreview",
    responses={200: {"content": {LD_JSON: {}}}, **problems(*READ_ERRORS)},
    summary="ClaimReview feed of reviewed claims",
    dependencies=[Metered],
)
async def claimreview_feed(
    session: ReadSession,
    database: DatabaseDep,
    reads: ReadTargetDep,
    request: Request,
    filters: ClaimFiltersQuery,
    tolerance: Tolerance,
    limit: ReviewedLimit = 50,
    cursor: Cursor = None,
) -> Response:
    """ClaimReview JSON-LD for the reviewed claims matching the filters (a page of claims)."""
    page = await page_claims(
        fast_runner(reads.fast),
        database.dialect,
        filters=await resolve_refs(filters, reads.fast),
        sort=None,
        limit=limit,
        cursor=cursor,
        count=False,
        tolerance=tolerance,
        extra=[REVIEWED],
    )
    response = _ld(await claimreview_documents(session, page.items()))
    link_next(request, response, page.next_cursor)
    return response


@router.post(
    "/v1/extract/accept",
    response_model=ImportResult,
    responses=problems(*WRITE_ERRORS),
    summary="Record chosen extraction candidates as claims",
)
async def accept_candidates(
    session: WriteSession,
    principal: Writer,
    body: AcceptRequest,
    tolerance: Tolerance,
    dry_run: DryRun = False,
    match: ImportMatch = "exact",
) -> Response:
    """The candidates a journalist chose, as POST /v1/extract returned them with each figure's
    measure picked (`measure_id`), become claims in one transaction, as an import makes them:
    a `speaker_name` that names no speaker creates one, the article (`source`) is created
    when its URL is new and each claim appears in it with its sentence as the excerpt, and each
    figure keeps the words and offsets it was read from. All or nothing; 422 naming the
    candidate (`$.candidates[i]`) and field. The report is the import's.
    """
    rows = await import_rows_of(session, body)
    result = await import_rows(
        session,
        batches(rows),
        actor=principal.name,
        read_from_document=True,
        match=match,
        tolerance=tolerance,
    )
    result["claims"] = result["claims"].items()
    return await _finish(session, result, dry_run)


@router.post(
    "/v1/extract",
    response_model=ExtractResult,
    responses=problems(400, 413, 415, 422, 429),
    summary="Find candidate claims in article text",
    dependencies=[Metered],
)
async def extract(
    session: ReadSession,
    request: Request,
    database: DatabaseDep,
    body: ExtractRequest,
    tolerance: Tolerance,
    match: Annotated[
        bool,
        Query(
            description="Give each candidate (the first 50) its best three "
            "matches among the stored claims, as POST /v1/claims/match finds them."
        ),
    ] = False,
) -> Response:
    """Candidate claims in an article: sentences, speakers, quotes, figures. Stores nothing.

    A candidate is a sentence and its speaker. A sentence whose clauses have different speakers
    ("Organisers said 20,000 took part, while police put the figure at 15,000") gives one
    candidate per speaker, each with its own figures and the same `sentence`.
    The text may be at most CLAIMTRACK_EXTRACT_MAX_CHARS characters (default 200,000), and
    the work at most CLAIMTRACK_EXTRACT_SECONDS (default 10); past either, 422 naming `text`.
    With `?match=true`, each of the first 50 candidates carries `matches`: has it been said,
    or checked, before?
    """
    settings = request.app.state.settings
    answer = await extract_candidates(session, request, body, settings)
    if not match:
        return Response(answer, media_type="application/json")
    found = orjson.loads(answer)
    fast = read_target(request).fast
    for candidate in found["candidates"][:MATCHED_CANDIDATES]:
        candidate["matches"] = await candidate_matches(
            session, fast, database.dialect, candidate, said_on=body.said_on, tolerance=tolerance
        )
    return json_response(found)
