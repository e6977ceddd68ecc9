"""The append-only history of every versioned resource."""

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, BigId, JsonDoc, UTCDateTime, utcnow


class HistoryEntry(Base):
    """One version of one resource: who made it, when, what changed, and the whole state."""

    __tablename__ = "history"
    __table_args__ = (
        Index("ix_history_entity_version", "entity", "entity_id", "version", unique=True),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(BigInteger)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reverted_to: Mapped[int | None] = mapped_column(Integer)
    changes: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
