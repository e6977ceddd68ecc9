"""Finding or creating the speakers, sources and measures an import names, once per import."""

from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Unprocessable
from app.core.identity import name_key
from app.measures.models import Measure
from app.measures.schemas import MeasureCreate
from app.measures.service import create_measure, same_measure
from app.newsroom.rows import MeasureRef, SourceRef
from app.sources.models import Source
from app.sources.schemas import SourceCreate
from app.sources.service import create_source
from app.sources.urls import normalize_url
from app.speakers.models import Speaker
from app.speakers.schemas import SpeakerCreate
from app.speakers.service import create_speaker


class Resolver:
    """Speakers, sources and measures by name, alias, slug or URL; creates what is missing."""

    def __init__(self, session: AsyncSession, *, actor: str) -> None:
        self.session, self.actor = session, actor
        self.created: Counter[str] = Counter()
        self.matched: Counter[str] = Counter()
        self._speakers: dict[str, int] | None = None
        self._sources: dict[str, int] = {}
        self._measures: dict[str, Measure] = {}

    async def _speaker_index(self) -> dict[str, int]:
        if self._speakers is None:
            rows = await self.session.execute(
                select(Speaker.id, Speaker.slug, Speaker.name, Speaker.aliases)
            )
            index: dict[str, int] = {}
            for speaker_id, slug, name, aliases in rows:
                for label in (*(aliases or []), name, slug):
                    index[name_key(label)] = speaker_id
            self._speakers = index
        return self._speakers

    async def speaker(self, ref: str | SpeakerCreate) -> int:
        """The speaker with this name, alias or slug (or this speaker's slug or name)."""
        index = await self._speaker_index()
        labels = (
            [ref] if isinstance(ref, str) else [x for x in (ref.slug, ref.name, *ref.aliases) if x]
        )
        for label in labels:
            if name_key(label) in index:
                self.matched["speakers"] += 1
                return index[name_key(label)]
        data = SpeakerCreate(name=ref) if isinstance(ref, str) else ref
        # The index already looked every label up by the API's own keys (name_key).
        speaker = await create_speaker(self.session, data, actor=self.actor, allow_duplicate=True)
        for label in (speaker.name, speaker.slug, *speaker.aliases):
            index.setdefault(name_key(label), speaker.id)
        self.created["speakers"] += 1
        return speaker.id

    async def source(self, ref: str | SourceRef) -> int:
        """The source with this URL (normalised), created with the given fields when missing."""
        url = normalize_url(ref if isinstance(ref, str) else ref.url)
        if url not in self._sources:
            found = (
                await self.session.execute(select(Source.id).where(Source.url == url))
            ).scalar()
            if found is None:
                fields = (
                    {"url": url} if isinstance(ref, str) else ref.model_dump(exclude={"excerpt"})
                )
                found = (
                    await create_source(
                        self.session, SourceCreate.model_validate(fields), actor=self.actor
                    )
                ).id
                self.created["sources"] += 1
            else:
                self.matched["sources"] += 1
            self._sources[url] = found
        return self._sources[url]

    async def measure(self, ref: str | MeasureRef) -> Measure:
        """The measure with this slug, created from its description when missing."""
        slug = ref if isinstance(ref, str) else ref.slug
        if slug not in self._measures:
            found = (
                await self.session.execute(select(Measure).where(Measure.slug == slug))
            ).scalar()
            if found is None:
                found = await self._new_measure(ref)
            self._measures[slug] = found
        return self._measures[slug]

    async def _new_measure(self, ref: str | MeasureRef) -> Measure:
        if isinstance(ref, str):
            # The importer places the error in the row (figures[i].measure).
            raise Unprocessable(
                f"measure {ref!r} does not exist; name it with an object "
                '{"slug", "unit", "name"} to create it'
            )
        name = ref.name or ref.slug.replace("-", " ").capitalize()
        existing = await same_measure(self.session, name)
        if existing is not None:  # as the API would: one measure of a name
            self.matched["measures"] += 1
            return existing
        data = MeasureCreate(
            slug=ref.slug,
            name=name,
            unit=ref.unit,
            kind=ref.kind,
            description=ref.description,
            nouns=ref.nouns,
        )
        self.created["measures"] += 1
        # same_measure above is the API's own check.
        return await create_measure(self.session, data, actor=self.actor, allow_duplicate=True)

    def forget(self) -> None:
        """Drop what was looked up (after a row's writes were rolled back)."""
        self._speakers, self._sources, self._measures = None, {}, {}

    def counts(self) -> dict[str, Any]:
        """What was created and matched so far."""
        return {"created": dict(self.created), "matched": dict(self.matched)}
