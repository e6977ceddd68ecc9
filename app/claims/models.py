"""Claims and what they own: figures, appearances in sources, tags."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import NEVER_REUSE_IDS, Base, BigId, UTCDateTime, Versioned, utcnow

QUALIFIERS = ("exact", "approximately", "at_least", "more_than", "at_most", "less_than", "range")


class Claim(Versioned, Base):
    """One statement by one speaker."""

    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_said_on_id_speaker", "said_on", "id", "speaker_id"),
        Index("ix_claims_speaker_said_on_id", "speaker_id", "said_on", "id"),
        Index("ix_claims_created_at_id_said", "created_at", "id", "said_on"),
        Index("ix_claims_language_said_on_id", "language", "said_on", "id"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="RESTRICT"))
    text: Mapped[str] = mapped_column(Text)
    quote: Mapped[bool] = mapped_column(Boolean, default=False)
    said_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(35))
    search_extra: Mapped[str] = mapped_column(Text, default="", server_default="")

    figures: Mapped[list["Figure"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="Figure.position"
    )
    appearances: Mapped[list["Appearance"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="Appearance.position"
    )
    tag_rows: Mapped[list["ClaimTag"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="ClaimTag.tag"
    )


class ClaimTag(Base):
    """A tag on a claim."""

    __tablename__ = "claim_tags"
    __table_args__ = (Index("ix_claim_tags_tag_claim", "tag", "claim_id"),)

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(100), primary_key=True)


class Appearance(Base):
    """A claim's appearance in a source, with an optional excerpt."""

    __tablename__ = "appearances"
    __table_args__ = (Index("ix_appearances_source_claim", "source_id", "claim_id"),)

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="RESTRICT"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    excerpt: Mapped[str | None] = mapped_column(Text)


class Figure(Base):
    """One number in a claim, tied to a measure; norm_* hold it in the measure's unit."""

    __tablename__ = "figures"
    __table_args__ = (
        Index("ix_figures_measure_as_of_id", "measure_id", "as_of", "id"),
        Index("ix_figures_measure_claim", "measure_id", "claim_id"),
        Index("ix_figures_measure_value", "measure_id", "norm_value", "claim_id"),
        CheckConstraint(
            "qualifier IN ('exact', 'approximately', 'at_least', 'more_than', 'at_most', "
            "'less_than', 'range')",
            name="qualifier",
        ),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(64))
    qualifier: Mapped[str] = mapped_column(String(20))
    lower: Mapped[float | None] = mapped_column(Float)
    upper: Mapped[float | None] = mapped_column(Float)
    as_of: Mapped[date] = mapped_column(Date)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    norm_value: Mapped[float] = mapped_column(Float)
    norm_lower: Mapped[float | None] = mapped_column(Float)
    norm_upper: Mapped[float | None] = mapped_column(Float)
    # The words the figure was read from, and where they are in the source's text.
    text: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)


class ClaimDocument(Base):
    """A claim's read form, kept ready as JSON (rebuilt whenever anything in it changes)."""

    __tablename__ = "claim_documents"

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    tolerance: Mapped[float] = mapped_column(Float)
    document: Mapped[str] = mapped_column(Text)
    # The claim's version the document was built at, and the last version at which something
    # outside the claim (its speaker, a source, a measure, a review, a repeat link, a new
    # tolerance or document format) changed the document: a client holding the ETag of that
    # version may hold either form, so only later versions answer If-None-Match with 304.
    built_version: Mapped[int | None] = mapped_column(Integer)
    outside_version: Mapped[int | None] = mapped_column(Integer)


class RepeatLink(Base):
    """A claim linked as a repeat of another (its group's original): by whom, how, how sure.

    Links point at the original, never at another repeat, so a group is its original and the
    claims linked to it. `how` is `matching` (linked when the claim came in, at `score`) or
    `editor`; an editor's link, or an editor's confirmation of a matched one, is `confirmed`.
    """

    __tablename__ = "repeat_links"
    __table_args__ = (
        Index("ix_repeat_links_repeat_of_claim", "repeat_of_id", "claim_id"),
        CheckConstraint("claim_id <> repeat_of_id", name="not_itself"),
        CheckConstraint("how IN ('matching', 'editor')", name="how"),
    )

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    repeat_of_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    how: Mapped[str] = mapped_column(String(10))
    linked_by: Mapped[str] = mapped_column(String(100))
    score: Mapped[float | None] = mapped_column(Float)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
