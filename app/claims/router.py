"""HTTP routes for /v1/claims."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.deps import Writer
from app.claims import service
from app.claims.listing import claim_reads
from app.claims.models import Claim
from app.claims.reader import ClaimJson, claim_json
from app.claims.refs import named_refs
from app.claims.schemas import ClaimCreate, ClaimRead, ClaimUpdate
from app.core.conditional import not_modified
from app.core.identity import Duplicates
from app.core.json_body import JsonRoute
from app.core.openapi import (
    ID_PARAMETER,
    NOT_MODIFIED,
    READ_ERRORS,
    WRITE_ERRORS,
    IdPath,
    path_id,
    problems,
)
from app.core.responses import Tolerance
from app.core.versioning import ExpectedVersion, etag
from app.db.session import DatabaseDep, WriteSession, read_target
from app.history.router import add_history_routes
from app.matching.links import link_repeat, repeat_conflict
from app.matching.service import linkable_matches, unchecked_linkable_matches

router = APIRouter(prefix="/v1/claims", tags=["claims"], route_class=JsonRoute)
Matching = Annotated[
    Literal["exact", "similar"],
    Query(
        description="`exact` (default): only the same speaker, said_on and text is a "
        "duplicate. `similar`: a claim that matches a stored one at the linking threshold "
        "(same words, or a repeat by another speaker) is one too; see `duplicate`."
    ),
]


def claim_response(claim: ClaimJson, *, created: int | None = None) -> Response:
    headers = {"ETag": etag(claim.version)}
    if created is not None:
        headers["Location"] = f"/v1/claims/{created}"
    status_code = status.HTTP_201_CREATED if created is not None else status.HTTP_200_OK
    return Response(
        claim.document, status_code=status_code, headers=headers, media_type="application/json"
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ClaimRead,
    responses=problems(*WRITE_ERRORS),
    summary="Create a claim",
)
async def create_claim(
    request: Request,
    session: WriteSession,
    database: DatabaseDep,
    principal: Writer,
    body: ClaimCreate,
    tolerance: Tolerance,
    duplicate: Duplicates = "refuse",
    match: Matching = "exact",
) -> Response:
    """Record a claim with its figures, appearances and tags, all or nothing.

    With `?match=similar`, a claim that says what a stored claim says (a `same` or `repeat`
    match at the linking threshold, as POST /v1/claims/match finds it) is a 409 listing the
    matches; with `?duplicate=allow` as well, it is created and linked as a repeat of the best
    match (`repeat_of`, how `matching`, with its score).
    """
    linkable: list[dict[str, Any]] | None = []
    fast = read_target(request).fast
    body = await named_refs(fast, body)
    if match == "similar":
        # Matched in a read transaction of its own, before the write: on SQLite other writers
        # would wait for the match while this one held the write lock.
        async with database.reader() as reading:
            linkable = await unchecked_linkable_matches(
                reading, fast, database.dialect, body, tolerance=tolerance
            )
    checked = await service.check_new_claim(session, body)  # a 422 comes before any 409
    if linkable is None:  # its references resolved only now (created meanwhile)
        async with database.reader() as reading:
            linkable = await linkable_matches(
                reading, fast, database.dialect, checked, tolerance=tolerance
            )
    if linkable and duplicate != "allow":
        raise repeat_conflict(linkable)
    claim_id = await service.create_claim(
        session, checked, actor=principal.name, allow_duplicate=duplicate == "allow"
    )
    if linkable:
        best = linkable[0]
        await link_repeat(
            session,
            claim_id,
            best["claim_id"],
            actor=principal.name,
            how="matching",
            score=best["score"],
        )
    return claim_response(
        await service.read_claim(session, claim_id, tolerance=tolerance), created=claim_id
    )


@router.get(
    "/{claim_id}",
    response_model=ClaimRead,
    responses={**problems(*READ_ERRORS), **NOT_MODIFIED},
    summary="Get a claim",
    openapi_extra={"parameters": [ID_PARAMETER]},
)
async def get_claim(request: Request) -> Response:
    """One claim with its speaker, role, sources, normalised figures and reviews."""
    claim_id = path_id(request, "claim_id")
    reads = await claim_reads(request)
    claim = await claim_json(reads.run, reads.dialect, claim_id, tolerance=reads.tolerance)
    return not_modified(request, etag(claim.version), settled=claim.settled) or claim_response(
        claim
    )


@router.patch(
    "/{claim_id}",
    response_model=ClaimRead,
    responses=problems(*WRITE_ERRORS),
    summary="Change a claim",
)
async def update_claim(
    request: Request,
    session: WriteSession,
    principal: Writer,
    claim_id: IdPath,
    body: ClaimUpdate,
    expected_version: ExpectedVersion,
    tolerance: Tolerance,
) -> Response:
    """Change a claim; lists sent replace the stored ones (figures keep ids you send back)."""
    body = await named_refs(read_target(request).fast, body)
    await service.update_claim(
        session, claim_id, body, expected_version=expected_version, actor=principal.name
    )
    return claim_response(await service.read_claim(session, claim_id, tolerance=tolerance))


@router.delete(
    "/{claim_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(*WRITE_ERRORS),
    summary="Delete a claim",
)
async def delete_claim(
    session: WriteSession, principal: Writer, claim_id: IdPath, expected_version: ExpectedVersion
) -> None:
    """Delete a claim with its figures, appearances, tags and reviews (their history stays).

    An admin key deletes any claim; a write key only a claim that it alone created and
    changed (its own mistake), reviews included: 403 naming who else wrote it otherwise.
    """
    await service.delete_claim(
        session,
        claim_id,
        expected_version=expected_version,
        actor=principal.name,
        own_only=principal.scope != "admin",
    )


async def _claim_id(claim_id: IdPath) -> int:
    return claim_id


async def _read_claim(session: AsyncSession, claim: Claim, request: Request) -> Response:
    tolerance = request.app.state.settings.approx_tolerance
    return claim_response(await service.read_claim(session, claim.id, tolerance=tolerance))


add_history_routes(
    router,
    entity="claim",
    path="/{claim_id}",
    entity_id=_claim_id,
    restore=service.restore_claim,
    read=_read_claim,
    read_model=ClaimRead,
)
