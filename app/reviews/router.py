"""HTTP routes for /v1/claims/{claim_id}/reviews."""

from typing import Any

from fastapi import APIRouter, Request, Response, status
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.deps import Admin, ReadGuard, Writer
from app.core.conditional import not_modified
from app.core.errors import NotFound
from app.core.json_body import JsonRoute
from app.core.openapi import NOT_MODIFIED, READ_ERRORS, WRITE_ERRORS, IdPath, problems
from app.core.pagination import CountFlag, Cursor, Limit, Page, link_next
from app.core.responses import json_response
from app.core.versioning import ExpectedVersion, etag, set_etag
from app.db.session import ReadSession, WriteSession
from app.history.models import HistoryEntry
from app.history.router import add_history_routes
from app.reviews import service
from app.reviews.models import Review
from app.reviews.schemas import ReviewCreate, ReviewRead, ReviewUpdate

router = APIRouter(
    prefix="/v1/claims/{claim_id}/reviews",
    tags=["reviews"],
    route_class=JsonRoute,
    dependencies=[ReadGuard],
)


@router.get("", responses=problems(*READ_ERRORS), summary="List a claim's reviews")
async def list_reviews(
    session: ReadSession,
    claim_id: IdPath,
    request: Request,
    response: Response,
    limit: Limit = 50,
    cursor: Cursor = None,
    count: CountFlag = False,
) -> Page[ReviewRead]:
    """A claim's reviews."""
    rows, next_cursor, total = await service.page_reviews(
        session, claim_id, limit=limit, cursor=cursor, count=count
    )
    link_next(request, response, next_cursor)
    items = [ReviewRead.model_validate(row) for row in rows]
    return Page(items=items, next_cursor=next_cursor, total=total)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problems(*WRITE_ERRORS),
    summary="Add a review to a claim",
)
async def create_review(
    session: WriteSession,
    principal: Writer,
    claim_id: IdPath,
    body: ReviewCreate,
    response: Response,
) -> ReviewRead:
    """Add a fact-checker's verdict to a claim."""
    review = await service.create_review(session, claim_id, body, actor=principal.name)
    set_etag(response, review.version)
    response.headers["Location"] = f"/v1/claims/{claim_id}/reviews/{review.id}"
    return ReviewRead.model_validate(review)


@router.get(
    "/{review_id}",
    response_model=ReviewRead,
    responses={**problems(*READ_ERRORS), **NOT_MODIFIED},
    summary="Get a review",
)
async def get_review(
    request: Request, session: ReadSession, claim_id: IdPath, review_id: IdPath, response: Response
) -> Any:
    """One review of a claim."""
    review = await service.get_review(session, claim_id, review_id)
    if (unchanged := not_modified(request, etag(review.version))) is not None:
        return unchanged
    set_etag(response, review.version)
    return ReviewRead.model_validate(review)


@router.patch("/{review_id}", responses=problems(*WRITE_ERRORS), summary="Change a review")
async def update_review(
    session: WriteSession,
    principal: Writer,
    claim_id: IdPath,
    review_id: IdPath,
    body: ReviewUpdate,
    expected_version: ExpectedVersion,
    response: Response,
) -> ReviewRead:
    """Change a review."""
    review = await service.update_review(
        session, claim_id, review_id, body, expected_version=expected_version, actor=principal.name
    )
    set_etag(response, review.version)
    return ReviewRead.model_validate(review)


@router.delete(
    "/{review_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(*WRITE_ERRORS),
    summary="Delete a review",
)
async def delete_review(
    session: WriteSession,
    principal: Admin,
    claim_id: IdPath,
    review_id: IdPath,
    expected_version: ExpectedVersion,
) -> None:
    """Delete a review (its history stays)."""
    await service.delete_review(
        session, claim_id, review_id, expected_version=expected_version, actor=principal.name
    )


async def _review_id(session: ReadSession, claim_id: IdPath, review_id: IdPath) -> int:
    """The review's id, once it is known to belong (or to have belonged) to the claim."""
    owner = (await session.execute(select(Review.claim_id).where(Review.id == review_id))).scalar()
    if owner is None:
        latest = (
            select(HistoryEntry.snapshot)
            .where(HistoryEntry.entity == "review", HistoryEntry.entity_id == review_id)
            .order_by(HistoryEntry.version.desc())
            .limit(1)
        )
        snapshot = (await session.execute(latest)).scalar()
        owner = snapshot.get("claim_id") if snapshot else None
    if owner != claim_id:
        raise NotFound(f"review {review_id} is not a review of claim {claim_id}")
    return review_id


async def _read_review(_session: AsyncSession, review: Review, _request: Request) -> Response:
    return json_response(ReviewRead.model_validate(review).model_dump(mode="json"))


add_history_routes(
    router,
    entity="review",
    path="/{review_id}",
    entity_id=_review_id,
    restore=service.restore_review,
    read=_read_review,
    read_model=ReviewRead,
)
