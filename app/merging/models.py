"""The merges table: what a merge moved, and where the merged-away slug answers now."""

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import NEVER_REUSE_IDS, Base, BigId, JsonDoc, UTCDateTime, utcnow


class Merge(Base):
    """One resource merged into another; deleted again when the merge is undone."""

    __tablename__ = "merges"
    __table_args__ = (
        Index("ix_merges_kind_from_slug", "kind", "from_slug"),
        Index("ix_merges_kind_from_id", "kind", "from_id", unique=True),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    from_id: Mapped[int] = mapped_column(BigInteger)
    from_slug: Mapped[str | None] = mapped_column(String(100))
    target_id: Mapped[int] = mapped_column(BigInteger)
    into_id: Mapped[int] = mapped_column(BigInteger)
    moved: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc)
    gained: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    repointed: Mapped[list[int]] = mapped_column(JsonDoc)  # earlier merges into `from_id`
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
