"""A fact-checker's corrected ClaimReview: the review already stored under its url is updated.

The import (importer.py) matches a review by its claim and url and leaves a matched one alone,
as every import does. A ClaimReview document is the fact-checker's own word on the review,
though, so once the import is done each matched review is brought to what the document says,
through the reviews service (a new version, with history, by the importing key): every field
the document gives replaces the stored one, and one it leaves out keeps its stored value; the
rating is taken whole when its label or any of its numbers is given anew (an old 4 of 5 never
sits beside a new "False"), while the same label alone (all a Fact Check Tools response
carries) keeps the stored numbers. A review named twice for one claim is settled by the
first, as the import creates it from the first.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.newsroom.places import Path, json_path
from app.newsroom.resolve import LOOKUP_CHUNK
from app.reviews.models import Review
from app.reviews.schemas import ReviewCreate, ReviewUpdate
from app.reviews.service import update_review

RATING = ("rating_label", "rating_value", "best_rating", "worst_rating")


def corrections(stored: Review, given: ReviewCreate) -> dict[str, Any]:
    """The fields of a stored review that the document's review changes, in field order."""
    sent = given.model_fields_set
    whole_rating = given.rating_label != stored.rating_label or bool(sent & set(RATING[1:]))
    wanted = [
        key
        for key in ReviewCreate.model_fields
        if (key in RATING and whole_rating) or (key in sent and key not in RATING)
    ]
    changed = {key: getattr(given, key) for key in wanted}
    return {key: value for key, value in changed.items() if getattr(stored, key) != value}


@dataclass
class Corrected:
    """What the corrections did: notes by the report entry's path, and how many reviews."""

    notes: dict[str, list[str]] = field(default_factory=dict)
    reviews: int = 0

    def counted(self, result: dict[str, Any]) -> dict[str, Any]:
        """The import's result with `updated` after `matched`, which no longer counts the
        reviews updated (the import counted them as matched)."""
        matched = dict(result["matched"])
        if self.reviews:
            matched["reviews"] -= self.reviews
            matched = {kind: count for kind, count in matched.items() if count}
        counted: dict[str, Any] = {}
        for key, value in result.items():
            counted[key] = matched if key == "matched" else value
            if key == "matched":
                counted["updated"] = {"reviews": self.reviews} if self.reviews else {}
        return counted


async def _stored(
    session: AsyncSession, claim_ids: list[int]
) -> dict[tuple[int, str | None], Review]:
    """The claims' reviews by (claim id, url), the first of a url; LOOKUP_CHUNK claims a
    statement."""
    found: dict[tuple[int, str | None], Review] = {}
    for start in range(0, len(claim_ids), LOOKUP_CHUNK):
        chunk = claim_ids[start : start + LOOKUP_CHUNK]
        statement = select(Review).where(Review.claim_id.in_(chunk)).order_by(Review.id)
        for review in (await session.execute(statement)).scalars():
            found.setdefault((review.claim_id, review.url), review)
    return found


async def correct_reviews(
    session: AsyncSession,
    rows: Iterable[tuple[Path, Any]],
    claims: list[dict[str, Any]],
    *,
    actor: str,
) -> Corrected:
    """Update the stored reviews the imported rows (all valid: the import succeeded) correct;
    `claims` are the report's entries, each with its row's `path` and claim `id`."""
    claim_of = {entry["path"]: entry["id"] for entry in claims}
    # A claim created by this import has only the reviews it made, each from its first naming.
    matched = {entry["id"] for entry in claims if entry["status"] == "matched"}
    stored = await _stored(session, sorted(matched))
    settled: set[tuple[int, str | None]] = set()
    corrected = Corrected()
    for path, row in rows:
        where = json_path(path)
        claim_id = claim_of[where]
        for raw in row["reviews"]:
            given = ReviewCreate.model_validate(raw)
            key = (claim_id, given.url)
            if key in settled or key not in stored:
                continue
            settled.add(key)
            changes = corrections(stored[key], given)
            if not changes:
                continue
            review = await update_review(
                session,
                claim_id,
                stored[key].id,
                ReviewUpdate.model_validate(changes),
                expected_version=None,
                actor=actor,
            )
            corrected.reviews += 1
            corrected.notes.setdefault(where, []).append(
                f"review {review.id} ({review.url}) updated to version {review.version}: "
                + ", ".join(changes)
            )
    return corrected
