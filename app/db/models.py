"""Every table, imported in one place for Alembic and the tests."""

from app.claims.models import Appearance, Claim, ClaimTag, Figure
from app.db.base import Base
from app.measures.models import Measure
from app.reviews.models import Review
from app.sources.models import Source
from app.speakers.models import Speaker

__all__ = [
    "Appearance",
    "Base",
    "Claim",
    "ClaimTag",
    "Figure",
    "Measure",
    "Review",
    "Source",
    "Speaker",
]
