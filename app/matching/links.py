"""Repeat links: a claim linked as a repeat of another, by matching or by an editor, with history.

A link points at the original of its group (never at another repeat): linking a claim to a
repeat links it to that repeat's original, and linking an original elsewhere moves its repeats
with it. Every change of a claim's link (link, confirm, unlink) is a version in the history of
the entity `repeat_link` with the claim's id. Whatever changes a group refreshes the read forms
of the whole group, since each shows the others' reviews (`known_reviews`).
"""

from collections.abc import Iterable
from typing import Any, Literal

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.derived import refresh_claims
from app.claims.models import Claim, RepeatLink
from app.core.errors import Conflict, NotFound, Unprocessable
from app.core.versioning import Expected, check_version
from app.db.locks import take_turns
from app.history import service as history

ENTITY = "repeat_link"
LOCK = "claims:repeats"
How = Literal["matching", "editor"]


def link_snapshot(link: RepeatLink | None) -> dict[str, Any]:
    """A claim's link as history keeps it (every field null once unlinked)."""
    if link is None:
        return {"repeat_of": None, "how": None, "linked_by": None, "score": None, "confirmed": None}
    return {
        "repeat_of": link.repeat_of_id,
        "how": link.how,
        "linked_by": link.linked_by,
        "score": link.score,
        "confirmed": link.confirmed,
    }


async def group_ids(session: AsyncSession, claim_ids: Iterable[int]) -> list[int]:
    """The claims and every claim of their groups (originals and repeats), sorted."""
    ids = set(claim_ids)
    if not ids:
        return []
    links = RepeatLink.__table__.c
    originals = ids | set(
        (await session.execute(select(links.repeat_of_id).where(links.claim_id.in_(ids)))).scalars()
    )
    members = select(links.claim_id).where(links.repeat_of_id.in_(originals))
    return sorted(originals | set((await session.execute(members)).scalars()))


async def refresh_groups(session: AsyncSession, claim_ids: Iterable[int]) -> None:
    """Recompute the documents of the claims and of everything linked with them."""
    await refresh_claims(session, await group_ids(session, claim_ids), search=False)


async def _record(
    session: AsyncSession, claim_id: int, link: RepeatLink | None, **how: Any
) -> None:
    version = await history.next_version(session, ENTITY, claim_id)
    await history.record(
        session,
        entity=ENTITY,
        entity_id=claim_id,
        version=version,
        snapshot=link_snapshot(link),
        **how,
    )


async def _claim(
    session: AsyncSession, claim_id: int, loc: list[str | int], expected: Expected = None
) -> None:
    """404 (422 at `loc`) without the claim; 412 when `expected` is not its version (the
    If-Match of a change to its link: the claim as the client read it)."""
    found = await session.execute(select(Claim.version).where(Claim.id == claim_id))
    version = found.scalar()
    if version is None:
        if loc:
            raise Unprocessable(f"claim {claim_id} does not exist", loc=loc)
        raise NotFound(f"claim {claim_id} does not exist")
    check_version(what=f"claim {claim_id}", current=version, expected=expected)


async def _link_of(session: AsyncSession, claim_id: int) -> RepeatLink | None:
    statement = select(RepeatLink).where(RepeatLink.claim_id == claim_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def link_repeat(
    session: AsyncSession,
    claim_id: int,
    repeat_of: int,
    *,
    actor: str,
    how: How,
    score: float | None = None,
    confirmed: bool | None = None,
    linked_by: str | None = None,
    expected_version: Expected = None,
) -> bool:
    """Link the claim as a repeat of `repeat_of` (of its original); True if anything changed.

    An editor's link is confirmed, and an editor linking a matched pair again confirms it
    (`confirmed` and `linked_by` say otherwise, for a link an import carries over). 404
    without the claim, 422 without the other, 409 when the other repeats this claim, 412 when
    `expected_version` (If-Match) is not the claim's version.
    """
    if claim_id == repeat_of:
        raise Unprocessable("a claim cannot repeat itself", loc=["body", "claim_id"])
    await take_turns(session, LOCK)
    await _claim(session, claim_id, [], expected_version)
    await _claim(session, repeat_of, ["body", "claim_id"])
    target = await _link_of(session, repeat_of)
    original = target.repeat_of_id if target is not None else repeat_of
    if original == claim_id:
        raise Conflict(
            f"claim {repeat_of} is linked as a repeat of claim {claim_id}: unlink it first "
            f"(DELETE /v1/claims/{repeat_of}/repeat-of) to make {claim_id} the repeat",
            extra={"existing": {"id": repeat_of, "url": f"/v1/claims/{repeat_of}"}},
        )
    link = await _link_of(session, claim_id)
    confirmed = how == "editor" if confirmed is None else confirmed
    if link is not None and link.repeat_of_id == original:
        if link.confirmed or not confirmed:
            return False
        link.confirmed, link.linked_by = True, linked_by or actor
        action = "confirm"
    else:
        if link is None:
            link = RepeatLink(claim_id=claim_id)
            session.add(link)
        link.repeat_of_id, link.how, link.linked_by = original, how, linked_by or actor
        link.score, link.confirmed = score, confirmed
        action = "link"
    await session.flush()
    await _record(session, claim_id, link, action=action, actor=actor)
    await _move_repeats(session, claim_id, original, actor=actor)
    await refresh_groups(session, [claim_id, original])
    return True


async def _move_repeats(session: AsyncSession, old: int, new: int, *, actor: str) -> None:
    """The repeats of a claim just linked elsewhere follow it to its new original."""
    statement = (
        select(RepeatLink).where(RepeatLink.repeat_of_id == old).order_by(RepeatLink.claim_id)
    )
    for link in list((await session.execute(statement)).scalars()):
        link.repeat_of_id = new
        await session.flush()
        await _record(session, link.claim_id, link, action="link", actor=actor)


async def unlink_repeat(
    session: AsyncSession, claim_id: int, *, actor: str, expected_version: Expected = None
) -> None:
    """The claim no longer repeats another; 404 when it was not linked, 412 when
    `expected_version` (If-Match) is not the claim's version."""
    await take_turns(session, LOCK)
    await _claim(session, claim_id, [], expected_version)
    link = await _link_of(session, claim_id)
    if link is None:
        raise NotFound(f"claim {claim_id} is not linked as a repeat of another")
    original = link.repeat_of_id
    await session.delete(link)
    await session.flush()
    await _record(session, claim_id, None, action="unlink", actor=actor)
    await refresh_groups(session, [claim_id, original])


async def unlink_deleted(session: AsyncSession, claim_id: int, *, actor: str) -> list[int]:
    """Before a claim is deleted: its own link and its repeats' links go, in their histories;
    the claims whose read forms change (the rest of its group), to refresh once it is gone."""
    await take_turns(session, LOCK)
    links = RepeatLink.__table__.c
    group = await group_ids(session, [claim_id])
    statement = select(RepeatLink).where(
        or_(RepeatLink.claim_id == claim_id, RepeatLink.repeat_of_id == claim_id)
    )
    for link in list((await session.execute(statement.order_by(RepeatLink.claim_id))).scalars()):
        await _record(session, link.claim_id, None, action="unlink", actor=actor)
    await session.execute(
        delete(RepeatLink).where(or_(links.claim_id == claim_id, links.repeat_of_id == claim_id))
    )
    return [member for member in group if member != claim_id]


def repeat_conflict(matches: list[dict[str, Any]]) -> Conflict:
    """The 409 for a claim that says what stored claims say (linkable matches, best first)."""
    best = matches[0]
    url = f"/v1/claims/{best['claim_id']}"
    listed = [
        {
            "id": match["claim_id"],
            "url": f"/v1/claims/{match['claim_id']}",
            "score": match["score"],
            "relation": match["relation"],
        }
        for match in matches
    ]
    return Conflict(
        f"the claim matches claim {best['claim_id']} ({best['relation']}, score "
        f"{best['score']}): use it ({url}), or send ?duplicate=allow to create this one as a "
        f"new claim linked as its repeat",
        extra={"existing": listed[0], "matches": listed},
    )
