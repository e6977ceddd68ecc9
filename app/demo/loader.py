"""Load the Kursk demo data through the services, skipping what is already there."""

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.models import Claim
from app.claims.schemas import ClaimCreate
from app.claims.service import create_claim
from app.db.session import Database
from app.demo import kursk
from app.matching.links import link_repeat
from app.measures.models import Measure
from app.measures.schemas import MeasureCreate
from app.measures.service import create_measure
from app.settings import Settings
from app.sources.models import Source
from app.sources.schemas import SourceCreate
from app.sources.service import create_source
from app.speakers.models import Speaker
from app.speakers.schemas import SpeakerCreate
from app.speakers.service import create_speaker

ACTOR = "claimtrack demo"


async def _exists(session: AsyncSession, column: Any, value: Any) -> int | None:
    found: int | None = (
        await session.execute(select(column.class_.id).where(column == value))
    ).scalar()
    return found


async def _load_references(session: AsyncSession, tally: Counter[str]) -> dict[str, int]:
    for speaker in kursk.SPEAKERS:
        if await _exists(session, Speaker.slug, speaker["slug"]) is None:
            await create_speaker(session, SpeakerCreate.model_validate(speaker), actor=ACTOR)
            tally["speakers"] += 1
    for measure in kursk.MEASURES:
        if await _exists(session, Measure.slug, measure["slug"]) is None:
            await create_measure(session, MeasureCreate.model_validate(measure), actor=ACTOR)
            tally["measures"] += 1
    source_ids = {}
    for raw in kursk.SOURCES:
        source = SourceCreate.model_validate(raw)
        found = await _exists(session, Source.url, source.url)
        if found is None:
            found = (await create_source(session, source, actor=ACTOR)).id
            tally["sources"] += 1
        source_ids[raw["url"]] = found
    return source_ids


async def _claim_exists(session: AsyncSession, claim: ClaimCreate) -> bool:
    speaker = select(Speaker.id).where(Speaker.slug == claim.speaker_id).scalar_subquery()
    statement = select(Claim.id).where(
        Claim.speaker_id == speaker, Claim.said_on == claim.said_on, Claim.text == claim.text
    )
    return (await session.execute(statement)).first() is not None


async def load_into(session: AsyncSession) -> Counter[str]:
    """Record every speaker, source, measure and claim of the article that is missing."""
    tally: Counter[str] = Counter()
    source_ids = await _load_references(session, tally)
    for raw in kursk.CLAIMS:
        appearances = [{"source_id": source_ids[url]} for url in raw["sources"]]
        body = {key: value for key, value in raw.items() if key != "sources"}
        claim = ClaimCreate.model_validate({**body, "appearances": appearances})
        if not await _claim_exists(session, claim):
            await create_claim(session, claim, actor=ACTOR)
            tally["claims"] += 1
    for repeat, original in kursk.REPEATS:
        ids = await _ids_by_text(session, [repeat, original])
        if await link_repeat(session, ids[repeat], ids[original], actor=ACTOR, how="editor"):
            tally["repeat links"] += 1
    return tally


async def _ids_by_text(session: AsyncSession, texts: list[str]) -> dict[str, int]:
    """The demo's claims with these texts (said by its speakers on its day), by text."""
    statement = select(Claim.text, Claim.id).where(
        Claim.text.in_(texts), Claim.said_on == date.fromisoformat(kursk.DAY)
    )
    rows = (await session.execute(statement.order_by(Claim.id))).all()
    return {text: claim_id for text, claim_id in rows}  # noqa: C416


async def load_demo(settings: Settings) -> str:
    """Load the demo into the configured database; say what was added."""
    database = Database.connect(settings)
    try:
        async with database.writer() as session, session.begin():
            tally = await load_into(session)
    finally:
        await database.dispose()
    if not tally:
        return "demo data already present; nothing added"
    added = ", ".join(f"{count} {kind}" for kind, count in sorted(tally.items()))
    return f"demo data loaded: {added}"
