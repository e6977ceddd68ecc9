"""Speakers: create, read, change, delete, restore; slugs made from names."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.derived import refresh
from app.claims.models import Claim
from app.core.fields import slugify
from app.core.versioning import check_version
from app.db.crud import (
    add_with_free_slug,
    apply_changes,
    ensure_unique,
    flush_or_conflict,
    id_page,
    load_one,
    refuse_if_used,
    touch,
)
from app.history.resource import Resource
from app.speakers.models import Speaker
from app.speakers.schemas import SpeakerCreate, SpeakerUpdate

SPEAKERS = Resource(
    "speaker", Speaker, ("slug", "name", "kind", "aliases", "description", "wikidata_id", "roles")
)


async def create_speaker(session: AsyncSession, data: SpeakerCreate, *, actor: str) -> Speaker:
    """Add a speaker."""
    speaker = Speaker(**data.model_dump(mode="json"))
    if data.slug is None:
        await add_with_free_slug(session, speaker, Speaker.slug, slugify(data.name))
    else:
        await ensure_unique(session, Speaker.slug, data.slug, what="speaker")
        session.add(speaker)
        await flush_or_conflict(session, detail=f"slug {data.slug!r} is already used")
    await SPEAKERS.recorded(session, speaker, action="create", actor=actor)
    return speaker


async def get_speaker(session: AsyncSession, ref: str | int) -> Speaker:
    """A speaker by id or slug."""
    return await load_one(session, Speaker, ref, what="speaker")


async def page_speakers(
    session: AsyncSession, *, limit: int, cursor: str | None, count: bool, filters: object
) -> tuple[list[Speaker], str | None, int | None]:
    """A page of speakers in id order."""
    return await id_page(
        session, select(Speaker), id_column=Speaker.id, limit=limit, cursor=cursor, count=count
    )


async def update_speaker(
    session: AsyncSession,
    ref: str,
    data: SpeakerUpdate,
    *,
    expected_version: int | None,
    actor: str,
) -> Speaker:
    """Apply a partial update; 412 when the version is stale."""
    speaker = await load_one(session, Speaker, ref, what="speaker", for_update=True)
    check_version(what=f"speaker {speaker.id}", current=speaker.version, expected=expected_version)
    changes = data.changes(mode="json")
    if "slug" in changes:
        await ensure_unique(
            session, Speaker.slug, changes["slug"], what="speaker", own_id=speaker.id
        )
    changed = apply_changes(speaker, changes)
    if changed:
        touch(speaker)
        await flush_or_conflict(session, detail="the change conflicts with another speaker")
        await SPEAKERS.recorded(session, speaker, action="update", actor=actor)
    if changed:
        await refresh(session, "speaker", id=speaker.id)
    return speaker


async def delete_speaker(
    session: AsyncSession, ref: str, *, expected_version: int | None, actor: str
) -> None:
    """Delete a speaker no claim uses; 409 naming the claims otherwise."""
    speaker = await load_one(session, Speaker, ref, what="speaker", for_update=True)
    check_version(what=f"speaker {speaker.id}", current=speaker.version, expected=expected_version)
    await refuse_if_used(
        session,
        what=f"speaker {speaker.id}",
        users=select(Claim.id).where(Claim.speaker_id == speaker.id),
        noun="claim",
    )
    await SPEAKERS.delete(session, speaker, actor=actor)


def _values(snapshot: dict[str, Any]) -> dict[str, Any]:
    return SpeakerCreate.model_validate(snapshot).model_dump(mode="json")


async def restore_speaker(
    session: AsyncSession, speaker_id: int, *, version: int, actor: str
) -> Speaker:
    """Make an earlier version current again (recreating a deleted speaker)."""
    speaker = await SPEAKERS.restore(
        session, speaker_id, version=version, actor=actor, values_of=_values
    )
    await refresh(session, "speaker", id=speaker.id)
    return speaker
