"""The sources table."""

from datetime import datetime

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import NEVER_REUSE_IDS, Base, BigId, UTCDateTime, Versioned

SOURCE_KINDS = ("article", "social_post", "interview", "press_release", "report", "video", "other")


class Source(Versioned, Base):
    """Where a claim appears; the URL is unique after normalisation."""

    __tablename__ = "sources"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('article', 'social_post', 'interview', 'press_release', 'report', "
            "'video', 'other')",
            name="kind",
        ),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    title: Mapped[str | None] = mapped_column(String(500))
    publisher: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    language: Mapped[str | None] = mapped_column(String(35))
    text: Mapped[str | None] = mapped_column(Text)  # what its claims were read from
