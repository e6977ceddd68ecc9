"""Reviews under a claim, with history."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.models import Claim
from app.core.errors import FieldError, NotFound, Unprocessable
from app.core.fields import rating_key
from app.core.versioning import Expected, check_version
from app.db.crud import apply_changes, id_page, load_one, touch
from app.history.resource import Resource
from app.matching.links import refresh_groups
from app.reviews.models import Review
from app.reviews.schemas import ReviewCreate, ReviewUpdate, check_scale

REVIEW_FIELDS = (
    "claim_id",
    "reviewer",
    "reviewer_url",
    "url",
    "rating_label",
    "rating_value",
    "best_rating",
    "worst_rating",
    "reviewed_on",
    "summary",
    "language",
)
REVIEWS = Resource("review", Review, REVIEW_FIELDS)


async def _claim_exists(session: AsyncSession, claim_id: int) -> None:
    if (await session.execute(select(Claim.id).where(Claim.id == claim_id))).scalar() is None:
        raise NotFound(f"claim {claim_id} does not exist")


async def _review_of(
    session: AsyncSession, claim_id: int, review_id: int, *, for_update: bool = False
) -> Review:
    review = await load_one(session, Review, review_id, what="review", for_update=for_update)
    if review.claim_id != claim_id:
        raise NotFound(f"review {review_id} is not a review of claim {claim_id}")
    return review


async def create_review(
    session: AsyncSession, claim_id: int, data: ReviewCreate, *, actor: str
) -> Review:
    """Add a review to a claim."""
    await _claim_exists(session, claim_id)
    review = Review(claim_id=claim_id, **data.model_dump())
    session.add(review)
    await session.flush()
    await REVIEWS.recorded(session, review, action="create", actor=actor)
    await refresh_groups(session, [claim_id])
    return review


async def create_reviews(
    session: AsyncSession, reviews: list[tuple[int, ReviewCreate]], *, actor: str
) -> None:
    """Add reviews (claim id, review) to claims known to exist, one statement for all and one
    for their history; the claims' documents are the caller's to refresh."""
    rows = [
        {"claim_id": claim_id, **data.model_dump(), "rating_key": rating_key(data.rating_label)}
        for claim_id, data in reviews
    ]
    await REVIEWS.insert_new(session, rows, actor=actor)


async def get_review(session: AsyncSession, claim_id: int, review_id: int) -> Review:
    """One review of a claim."""
    return await _review_of(session, claim_id, review_id)


async def page_reviews(
    session: AsyncSession, claim_id: int, *, limit: int, cursor: str | None, count: bool
) -> tuple[list[Review], str | None, int | None]:
    """A page of a claim's reviews in id order."""
    await _claim_exists(session, claim_id)
    statement = select(Review).where(Review.claim_id == claim_id)
    return await id_page(
        session, statement, id_column=Review.id, limit=limit, cursor=cursor, count=count
    )


async def update_review(
    session: AsyncSession,
    claim_id: int,
    review_id: int,
    data: ReviewUpdate,
    *,
    expected_version: Expected,
    actor: str,
) -> Review:
    """Apply a partial update; 412 when the version is stale."""
    review = await _review_of(session, claim_id, review_id, for_update=True)
    check_version(what=f"review {review.id}", current=review.version, expected=expected_version)
    changes = data.changes()
    merged = {
        key: changes.get(key, getattr(review, key))
        for key in ("worst_rating", "best_rating", "rating_value")
    }
    try:
        check_scale(merged["worst_rating"], merged["best_rating"], merged["rating_value"])
    except FieldError as exc:
        # The field the rule names, or one of those sent that the stored ones disagree with.
        sent = [key for key in ("worst_rating", "best_rating", "rating_value") if key in changes]
        field = exc.field if exc.field in sent or not sent else sent[0]
        raise Unprocessable(str(exc), loc=["body", field]) from None
    if apply_changes(review, changes):
        touch(review)
        await session.flush()
        await REVIEWS.recorded(session, review, action="update", actor=actor)
        await refresh_groups(session, [claim_id])
    return review


async def delete_review(
    session: AsyncSession,
    claim_id: int,
    review_id: int,
    *,
    expected_version: Expected,
    actor: str,
) -> None:
    """Delete a review."""
    review = await _review_of(session, claim_id, review_id, for_update=True)
    check_version(what=f"review {review.id}", current=review.version, expected=expected_version)
    await REVIEWS.delete(session, review, actor=actor)
    await refresh_groups(session, [claim_id])


def _values(snapshot: dict[str, Any]) -> dict[str, Any]:
    fields = {key: value for key, value in snapshot.items() if key != "claim_id"}
    return {"claim_id": snapshot["claim_id"], **ReviewCreate.model_validate(fields).model_dump()}


async def restore_review(
    session: AsyncSession, review_id: int, *, version: int, actor: str
) -> Review:
    """Make an earlier version of a review current again (recreating a deleted one)."""

    async def claim_still_there(_review: Review | None, values: dict[str, Any]) -> None:
        await _claim_exists(session, values["claim_id"])

    review = await REVIEWS.restore(
        session,
        review_id,
        version=version,
        actor=actor,
        values_of=_values,
        before_write=claim_still_there,
    )
    await refresh_groups(session, [review.claim_id])
    return review
