"""Every table, imported in one place for Alembic and the tests."""

from app.auth.models import ApiKey, RateCounter
from app.claims.models import Appearance, Claim, ClaimDocument, ClaimTag, Figure, RepeatLink
from app.db.base import Base
from app.db.version import DataVersion
from app.history.models import HistoryEntry
from app.idempotency.models import IdempotencyRecord
from app.measures.models import Measure
from app.merging.models import Merge
from app.reviews.models import Review
from app.sources.models import Source
from app.speakers.models import Speaker

__all__ = [
    "ApiKey",
    "Appearance",
    "Base",
    "Claim",
    "ClaimDocument",
    "ClaimTag",
    "DataVersion",
    "Figure",
    "HistoryEntry",
    "IdempotencyRecord",
    "Measure",
    "Merge",
    "RateCounter",
    "RepeatLink",
    "Review",
    "Source",
    "Speaker",
]
