"""The measures table."""

from sqlalchemy import CheckConstraint, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import NEVER_REUSE_IDS, Base, BigId, JsonDoc, Versioned

MEASURE_KINDS = ("quantity", "count")


class Measure(Versioned, Base):
    """What a number is about, with the unit its figures are compared in."""

    __tablename__ = "measures"
    __table_args__ = (
        CheckConstraint("kind IN ('quantity', 'count')", name="kind"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    nouns: Mapped[list[str]] = mapped_column(JsonDoc, default=list, server_default=text("'[]'"))
    description: Mapped[str | None] = mapped_column(Text)
