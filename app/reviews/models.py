"""The reviews table: fact-checkers' verdicts on claims."""

from datetime import date
from typing import Any

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from app.core.fields import RATING_KEY_LENGTH, rating_key
from app.db.base import NEVER_REUSE_IDS, Base, BigId, Versioned


class Review(Versioned, Base):
    """A verdict on a claim, with the fields of schema.org ClaimReview."""

    __tablename__ = "reviews"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    reviewer: Mapped[str] = mapped_column(String(200))
    reviewer_url: Mapped[str | None] = mapped_column(String(2048))
    url: Mapped[str | None] = mapped_column(String(2048))
    rating_label: Mapped[str] = mapped_column(String(200), index=True)
    rating_value: Mapped[float | None] = mapped_column(Float)
    best_rating: Mapped[float | None] = mapped_column(Float)
    worst_rating: Mapped[float | None] = mapped_column(Float)
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(35))
    # rating_key(rating_label), kept with it by every write (the events below; set-based
    # inserts give it: app.reviews.service.create_reviews)
    rating_key: Mapped[str | None] = mapped_column(String(RATING_KEY_LENGTH))


# ?rating= compares rating_key, listed with its claims.
Index("ix_reviews_rating_key_claim", Review.rating_key, Review.claim_id)


@event.listens_for(Review, "before_insert")
@event.listens_for(Review, "before_update")
def _key_the_rating(_mapper: Any, _connection: Any, review: Review) -> None:
    review.rating_key = rating_key(review.rating_label)
