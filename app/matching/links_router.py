"""HTTP routes of repeat links: link, confirm and unlink a claim as a repeat, and their history."""

from fastapi import APIRouter, Request, Response, status

from app.auth.deps import ReadGuard, Writer
from app.claims.models import Claim
from app.claims.router import claim_response
from app.claims.schemas import ClaimRead, RepeatLinkIn
from app.claims.service import read_claim
from app.core.errors import NotFound
from app.core.json_body import JsonRoute
from app.core.openapi import READ_ERRORS, WRITE_ERRORS, IdPath, problems
from app.core.pagination import Cursor, Limit, Page, link_next
from app.core.responses import Tolerance
from app.core.versioning import ExpectedVersion
from app.db.crud import load_one
from app.db.session import ReadSession, WriteSession
from app.history.schemas import HistoryRead
from app.history.service import history_page
from app.matching.links import ENTITY, link_repeat, unlink_repeat

router = APIRouter(prefix="/v1/claims", tags=["matching"], route_class=JsonRoute)


@router.put(
    "/{claim_id}/repeat-of",
    response_model=ClaimRead,
    responses=problems(*WRITE_ERRORS),
    summary="Link a claim as a repeat of another, or confirm a matched link",
)
async def put_repeat_of(
    session: WriteSession,
    principal: Writer,
    claim_id: IdPath,
    body: RepeatLinkIn,
    tolerance: Tolerance,
    expected_version: ExpectedVersion,
) -> Response:
    """Record that this claim repeats another (said again by another speaker or outlet, or in
    other words): the link goes to the original of the other's group, is `confirmed`, and
    names the key. Sent again for a link that matching made, it confirms it. The claim's read
    form then shows `repeat_of`, the original's `repeats`, and each the other's reviews as
    `known_reviews`. 409 when the other claim is itself a repeat of this one. `If-Match`
    names the claim's version as you read it (412 when it has changed since)."""
    await link_repeat(
        session,
        claim_id,
        body.claim_id,
        actor=principal.name,
        how="editor",
        expected_version=expected_version,
    )
    return claim_response(await read_claim(session, claim_id, tolerance=tolerance))


@router.delete(
    "/{claim_id}/repeat-of",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(*WRITE_ERRORS),
    summary="Unlink a claim from the claim it was linked to as a repeat",
)
async def delete_repeat_of(
    session: WriteSession,
    principal: Writer,
    claim_id: IdPath,
    expected_version: ExpectedVersion,
) -> None:
    """The claim no longer repeats another (matching links only claims as they come in, so
    it does not link the two again). 404 when it was not linked; `If-Match` names the
    claim's version as you read it (412 when it has changed since)."""
    await unlink_repeat(session, claim_id, actor=principal.name, expected_version=expected_version)


@router.get(
    "/{claim_id}/repeat-of/history",
    dependencies=[ReadGuard],
    responses=problems(*READ_ERRORS),
    summary="Every change of a claim's repeat link",
)
async def repeat_of_history(
    session: ReadSession,
    claim_id: IdPath,
    request: Request,
    response: Response,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[HistoryRead]:
    """Each link, confirmation and unlinking of this claim, oldest first, with the key that
    made it; empty for a claim never linked, 404 for no claim."""
    try:
        rows, next_cursor = await history_page(
            session, ENTITY, claim_id, limit=limit, cursor=cursor
        )
    except NotFound:
        await load_one(session, Claim, claim_id, what="claim")  # 404 without the claim
        rows, next_cursor = [], None
    link_next(request, response, next_cursor)
    return Page(items=[HistoryRead.model_validate(row) for row in rows], next_cursor=next_cursor)
