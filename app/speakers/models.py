"""The speakers table."""

from typing import Any

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import NEVER_REUSE_IDS, Base, BigId, JsonDoc, Versioned

SPEAKER_KINDS = ("person", "organization")


class Speaker(Versioned, Base):
    """Who made a claim: a person or an organisation, with aliases and roles over time."""

    __tablename__ = "speakers"
    __table_args__ = (
        CheckConstraint("kind IN ('person', 'organization')", name="kind"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    aliases: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    description: Mapped[str | None] = mapped_column(Text)
    wikidata_id: Mapped[str | None] = mapped_column(String(20))
    roles: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
