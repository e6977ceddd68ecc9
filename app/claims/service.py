"""Claims: create, change, delete and restore with history; reads through the reader."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.claims.derived import refresh_claims
from app.claims.figures import Problems
from app.claims.listing import session_runner
from app.claims.models import Claim
from app.claims.reader import ClaimJson, claim_json
from app.claims.schemas import ClaimCreate, ClaimUpdate
from app.claims.writing import (
    NewClaim,
    apply_update,
    checked_claim,
    claim_lookups,
    insert_claims,
    new_claim,
    raise_if_any,
    snapshot,
)
from app.core.errors import Forbidden
from app.core.identity import duplicate
from app.core.versioning import Expected, check_version
from app.db.base import utcnow
from app.db.crud import load_one, touch
from app.db.locks import run_between_imports, take_turns
from app.db.session import dialect_of
from app.history import service as history
from app.history.models import HistoryEntry
from app.matching.links import unlink_deleted
from app.reviews.models import Review
from app.reviews.service import REVIEWS

OWNED = (selectinload(Claim.figures), selectinload(Claim.appearances), selectinload(Claim.tag_rows))


async def _recorded(
    session: AsyncSession, claim: Claim, *, action: str, actor: str, reverted_to: int | None = None
) -> None:
    await history.record(
        session,
        entity="claim",
        entity_id=claim.id,
        version=claim.version,
        action=action,
        actor=actor,
        snapshot=snapshot(claim),
        reverted_to=reverted_to,
        at=claim.created_at if action == "create" else None,
    )


async def record_moved(
    session: AsyncSession, claim_ids: list[int], *, action: str, actor: str
) -> None:
    """One more version in the history of each claim a merge (or its undoing) changed."""
    statement = (
        select(Claim)
        .where(Claim.id.in_(claim_ids))
        .options(*OWNED)
        .order_by(Claim.id)
        .execution_options(populate_existing=True)
    )
    for claim in (await session.execute(statement)).scalars():
        touch(claim)
        await session.flush()
        await _recorded(session, claim, action=action, actor=actor)


async def check_new_claim(session: AsyncSession, data: ClaimCreate) -> NewClaim:
    """The claim with its references looked up, or a 422 naming every problem (nothing is
    written); imports wait until it is recorded."""
    await run_between_imports(session)
    problems = Problems()
    checked = checked_claim(data, await claim_lookups(session, [data]), problems)
    raise_if_any(problems)
    assert checked is not None
    return checked


async def create_claim(
    session: AsyncSession,
    data: ClaimCreate | NewClaim,
    *,
    actor: str,
    allow_duplicate: bool = False,
) -> int:
    """Record a claim with everything it owns, or nothing (422 naming every problem); its id.

    409 when the speaker already has a claim with this said_on and text, unless allowed.
    """
    checked = data if isinstance(data, NewClaim) else await check_new_claim(session, data)
    [created] = await insert_claims(session, [checked])
    if not allow_duplicate:
        await _refuse_duplicate(session, checked, created["id"])
    await record_new_claims(session, [created], actor=actor)
    return int(created["id"])


async def record_new_claims(
    session: AsyncSession, created: list[dict[str, Any]], *, actor: str
) -> None:
    """Build the documents of claims insert_claims made (with their search text), and their
    history."""
    await refresh_claims(session, [item["id"] for item in created], search=False, new=True)
    await history.record_created(session, "claim", created, actor=actor)


async def _refuse_duplicate(session: AsyncSession, claim: NewClaim, claim_id: int) -> None:
    # After the insert: a concurrent writer of the same speaker waits here, then sees this one.
    await take_turns(session, f"claims:identity:{claim.speaker_id}")
    statement = select(Claim.id).where(
        Claim.speaker_id == claim.speaker_id,
        Claim.said_on == claim.data.said_on,
        Claim.text == claim.data.text,
        Claim.id != claim_id,
    )
    existing = (await session.execute(statement.order_by(Claim.id).limit(1))).scalar()
    if existing is not None:
        raise duplicate(
            noun="claim",
            plural="claims",
            existing_id=existing,
            slug=None,
            why="the same speaker, said_on and text",
        )


async def update_claim(
    session: AsyncSession,
    claim_id: int,
    data: ClaimUpdate,
    *,
    expected_version: Expected,
    actor: str,
) -> Claim:
    """Apply a partial update; 412 when the version is stale; nothing changes on a 422."""
    claim = await load_one(session, Claim, claim_id, what="claim", for_update=True, options=OWNED)
    check_version(what=f"claim {claim.id}", current=claim.version, expected=expected_version)
    if await apply_update(session, claim, data):
        touch(claim)
        await session.flush()
        await refresh_claims(session, [claim.id])
        await _recorded(session, claim, action="update", actor=actor)
    return claim


async def _refuse_others_work(
    session: AsyncSession, claim_id: int, review_ids: list[int], actor: str
) -> None:
    """403 unless `actor` alone wrote the claim and its reviews."""
    written_by = (HistoryEntry.entity == "claim") & (HistoryEntry.entity_id == claim_id)
    if review_ids:
        written_by |= (HistoryEntry.entity == "review") & HistoryEntry.entity_id.in_(review_ids)
    others = (
        await session.execute(
            select(HistoryEntry.actor)
            .where(written_by, HistoryEntry.actor != actor)
            .distinct()
            .order_by(HistoryEntry.actor)
        )
    ).scalars()
    names = list(others)
    if names:
        raise Forbidden(
            f"a write key deletes only a claim it alone wrote; claim {claim_id} was also written "
            f"by {', '.join(repr(name) for name in names[:5])}: an admin key may delete it"
        )


async def delete_claim(
    session: AsyncSession,
    claim_id: int,
    *,
    expected_version: Expected,
    actor: str,
    own_only: bool = False,
) -> None:
    """Delete a claim with its figures, appearances, tags and reviews (history kept for all);
    with own_only, only when `actor` alone wrote the claim and its reviews."""
    claim = await load_one(session, Claim, claim_id, what="claim", for_update=True, options=OWNED)
    check_version(what=f"claim {claim.id}", current=claim.version, expected=expected_version)
    reviews = list(
        (await session.execute(select(Review).where(Review.claim_id == claim.id))).scalars()
    )
    if own_only:
        await _refuse_others_work(session, claim.id, [review.id for review in reviews], actor)
    for review in reviews:
        await REVIEWS.delete(session, review, actor=actor)
    linked = await unlink_deleted(session, claim.id, actor=actor)
    before = snapshot(claim)
    claim.version += 1
    await history.record(
        session,
        entity="claim",
        entity_id=claim.id,
        version=claim.version,
        action="delete",
        actor=actor,
        snapshot=before,
    )
    await session.delete(claim)
    await session.flush()
    await refresh_claims(session, linked, search=False)


def _restorable(saved: dict[str, Any], claim: Claim | None) -> dict[str, Any]:
    """A snapshot as update input: figure ids that no longer exist become new figures."""
    kept = {figure.id for figure in claim.figures} if claim is not None else set()
    figures = [
        {**figure, "id": figure["id"] if figure.get("id") in kept else None}
        for figure in saved["figures"]
    ]
    return {**saved, "figures": figures}


async def restore_claim(session: AsyncSession, claim_id: int, *, version: int, actor: str) -> Claim:
    """Make an earlier version current again, as a new version; recreate a deleted claim."""
    saved = await history.version_snapshot(session, "claim", claim_id, version)
    statement = select(Claim).where(Claim.id == claim_id).options(*OWNED).with_for_update()
    claim = (await session.execute(statement)).scalar_one_or_none()
    values = _restorable(saved, claim)
    new_version = await history.next_version(session, "claim", claim_id)
    if claim is None:
        data = ClaimCreate.model_validate(
            {
                **values,
                "figures": [
                    {key: value for key, value in figure.items() if key != "id"}
                    for figure in values["figures"]
                ],
            }
        )
        created = await history.created_at(session, "claim", claim_id)
        claim = await new_claim(
            session, data, id=claim_id, version=new_version, created_at=created, updated_at=utcnow()
        )
    else:
        await apply_update(session, claim, ClaimUpdate.model_validate(values))
        claim.version, claim.updated_at = new_version, utcnow()
        await session.flush()
    await refresh_claims(session, [claim.id])
    await _recorded(session, claim, action="revert", actor=actor, reverted_to=version)
    return claim


async def read_claim(session: AsyncSession, claim_id: int, *, tolerance: float) -> ClaimJson:
    """The read form of one claim as JSON text, seen from inside the session; 404 without it."""
    run = session_runner(session)
    return await claim_json(run, dialect_of(session), claim_id, tolerance=tolerance)
