"""The reviews table: fact-checkers' verdicts on claims."""

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

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


# ?rating= compares labels in any case: lower(rating_label), listed with its claims.
Index("ix_reviews_rating_lower_claim", func.lower(Review.rating_label), Review.claim_id)
