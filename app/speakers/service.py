"""Speakers: create, read, change, delete, restore; slugs made from names."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.derived import refresh
from app.claims.models import Claim
from app.core.errors import Conflict
from app.core.fields import slugify
from app.core.identity import duplicate, name_key, name_keys
from app.core.versioning import Expected
from app.db.crud import id_page, load_one, refuse_if_used
from app.db.locks import run_between_imports, take_turns
from app.db.lookup import matching
from app.db.session import dialect_of
from app.history.resource import Resource
from app.merging.models import Merge
from app.merging.service import Moved, Moves, merge, undo_merge
from app.speakers.models import Speaker
from app.speakers.schemas import SpeakerCreate, SpeakerFilters, SpeakerUpdate

SPEAKERS = Resource(
    "speaker", Speaker, ("slug", "name", "kind", "aliases", "description", "wikidata_id", "roles")
)


async def same_speaker(
    session: AsyncSession, labels: Iterable[str | None], *, other_than: int | None = None
) -> Speaker | None:
    """The speaker (not `other_than`) whose name, alias or slug reads as one of these labels
    (see name_key)."""
    wanted = name_keys(labels)
    if not wanted:
        return None
    rows = await session.execute(
        select(Speaker.id, Speaker.slug, Speaker.name, Speaker.aliases).order_by(Speaker.id)
    )
    for speaker_id, slug, name, aliases in rows:
        if speaker_id != other_than and wanted & name_keys([name, slug, *(aliases or [])]):
            return await session.get_one(Speaker, speaker_id)
    return None


def _duplicate_of(existing: Speaker, *, change: bool = False) -> Conflict:
    """The 409 naming the speaker a create (or a change) would duplicate."""
    why = f"{existing.name!r} has this name or alias"
    return duplicate(
        noun="speaker",
        plural="speakers",
        existing_id=existing.id,
        slug=existing.slug,
        why=why,
        change=change,
    )


async def create_speaker(
    session: AsyncSession, data: SpeakerCreate, *, actor: str, allow_duplicate: bool = False
) -> Speaker:
    """Add a speaker; 409 when one with this name or an alias exists, unless allowed."""
    await run_between_imports(session)
    if not allow_duplicate:
        await take_turns(session, "speakers:identity")
        existing = await same_speaker(session, [data.name, *data.aliases])
        if existing is not None:
            raise _duplicate_of(existing)
    speaker = Speaker(**data.model_dump(mode="json"))
    slug_from = slugify(data.name) if data.slug is None else None
    await SPEAKERS.insert(session, speaker, actor=actor, unique=Speaker.slug, slug_from=slug_from)
    return speaker


async def get_speaker(session: AsyncSession, ref: str | int) -> Speaker:
    """A speaker by id or slug."""
    return await load_one(session, Speaker, ref, what="speaker")


async def page_speakers(
    session: AsyncSession, *, limit: int, cursor: str | None, count: bool, filters: SpeakerFilters
) -> tuple[list[Speaker], str | None, int | None]:
    """A page of speakers in id order (those matching `q`)."""
    statement = matching(
        select(Speaker),
        dialect_of(session),
        filters.q,
        Speaker.name,
        Speaker.slug,
        lists=(Speaker.aliases,),
    )
    return await id_page(
        session, statement, id_column=Speaker.id, limit=limit, cursor=cursor, count=count
    )


async def update_speaker(
    session: AsyncSession,
    ref: str,
    data: SpeakerUpdate,
    *,
    expected_version: Expected,
    actor: str,
    allow_duplicate: bool = False,
) -> Speaker:
    """Apply a partial update; 412 when the version is stale; 409 when it would give the
    speaker a name or alias another speaker answers to, unless allowed."""
    speaker = await SPEAKERS.for_change(session, ref, expected_version=expected_version)
    changes = data.changes(mode="json")
    if not allow_duplicate:
        await _refuse_new_labels(session, speaker, changes)
    if await SPEAKERS.change(session, speaker, changes, actor=actor, unique=Speaker.slug):
        await refresh(session, "speaker", id=speaker.id)
    return speaker


async def _refuse_new_labels(
    session: AsyncSession, speaker: Speaker, changes: dict[str, Any]
) -> None:
    """409 when a changed name or an added alias reads as another speaker's name, alias or
    slug (a label the speaker already answered to is not checked again: it was allowed)."""
    had = name_keys([speaker.name, speaker.slug, *(speaker.aliases or [])])
    labels = [changes.get("name"), *(changes.get("aliases") or [])]
    new = [label for label in labels if label and not name_keys([label]) <= had]
    if not new:
        return
    await take_turns(session, "speakers:identity")
    existing = await same_speaker(session, new, other_than=speaker.id)
    if existing is not None:
        raise _duplicate_of(existing, change=True)


async def delete_speaker(
    session: AsyncSession, ref: str, *, expected_version: Expected, actor: str
) -> int:
    """Delete a speaker no claim uses; 409 naming the claims otherwise; its id."""
    speaker = await SPEAKERS.for_change(session, ref, expected_version=expected_version)
    await refuse_if_used(
        session,
        what=f"speaker {speaker.id}",
        users=select(Claim.id).where(Claim.speaker_id == speaker.id),
        noun="claim",
    )
    return await SPEAKERS.delete(session, speaker, actor=actor)


def _values(snapshot: dict[str, Any]) -> dict[str, Any]:
    return SpeakerCreate.model_validate(snapshot).model_dump(mode="json")


async def restore_speaker(
    session: AsyncSession, speaker_id: int, *, version: int, actor: str
) -> Speaker:
    """Make an earlier version current again (recreating a deleted speaker)."""
    speaker = await SPEAKERS.restore(
        session, speaker_id, version=version, actor=actor, values_of=_values
    )
    await undo_merge(session, SPEAKER_MOVES, speaker, actor=actor)
    await refresh(session, "speaker", id=speaker.id)
    return speaker


async def _move_claims(session: AsyncSession, other: Speaker, target: Speaker) -> Moved:
    claims = select(Claim.id).where(Claim.speaker_id == other.id).order_by(Claim.id)
    ids = list((await session.execute(claims)).scalars())
    await session.execute(
        update(Claim).where(Claim.speaker_id == other.id).values(speaker_id=target.id)
    )
    return [{"claim_id": claim_id} for claim_id in ids]


async def _move_claims_back(session: AsyncSession, record: Merge, other: Speaker) -> None:
    ids = [item["claim_id"] for item in record.moved]
    await session.execute(
        update(Claim)
        .where(Claim.id.in_(ids), Claim.speaker_id == record.into_id)
        .values(speaker_id=other.id)
    )


def _gains(other: Speaker, target: Speaker) -> dict[str, list[Any]]:
    """The other's name and aliases the target does not answer to yet, and its new roles."""
    known = name_keys([target.name, *target.aliases])
    aliases = []
    for label in [other.name, *other.aliases]:
        if (key := name_key(label)) and key not in known:
            known.add(key)
            aliases.append(label)
    roles: list[dict[str, Any]] = []
    for role in other.roles:
        if role not in target.roles and role not in roles:
            roles.append(role)
    return {"aliases": aliases, "roles": roles}


SPEAKER_MOVES = Moves(
    resource=SPEAKERS, scope="speaker", move=_move_claims, move_back=_move_claims_back, gains=_gains
)


async def merge_speaker(
    session: AsyncSession,
    ref: str,
    *,
    other_ref: str | int,
    expected_version: Expected,
    actor: str,
) -> Speaker:
    """Merge another speaker into this one: its claims, name, aliases and roles."""
    return await merge(
        session, SPEAKER_MOVES, ref, other_ref=other_ref, expected_version=expected_version,
        actor=actor,
    )  # fmt: skip
