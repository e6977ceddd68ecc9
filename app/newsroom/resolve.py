"""Finding or creating the speakers, sources and measures an import names, once per import.

A batch of rows is looked up at once (`look_up`): one statement per table for what is not
known yet, and the missing speakers, sources and measures created with one statement per table
(and one for their history), in the order the rows name them. What a row names that could not
be created that way (a name that is not valid, say) is left to the row's own turn, which
reports it as that row's error.
"""

from collections import Counter
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.refs import several
from app.core.errors import Unprocessable
from app.core.fields import MAX_ID, slugify
from app.core.identity import name_key
from app.db.crud import free_slug
from app.measures.models import Measure
from app.measures.schemas import MeasureCreate
from app.measures.service import MEASURES, create_measure
from app.newsroom.rows import ImportRow, MeasureRef, SourceRef
from app.sources.models import Source
from app.sources.schemas import SourceCreate
from app.sources.service import create_sources
from app.sources.urls import normalize_url
from app.speakers.models import Speaker
from app.speakers.schemas import SpeakerCreate
from app.speakers.service import SPEAKERS, create_speaker

LOOKUP_CHUNK = 1000  # values in one IN (...), well under any driver limit


def _name_of(ref: MeasureRef) -> str:
    """The name a measure described in an import gets: its own, or one made from its slug."""
    return ref.name or ref.slug.replace("-", " ").capitalize()


class Resolver:
    """Speakers, sources and measures by name, alias, slug or URL; creates what is missing.

    Sources and measures are looked up a batch of rows at a time (`look_up`: one statement per
    table for what is not known yet). Once `checking_only` is set (the import has failed and
    only goes on to find the other bad rows), nothing more is created: what would be gets a
    stand-in (an id no row has, a measure not stored), enough to check the rows against.
    """

    def __init__(self, session: AsyncSession, *, actor: str) -> None:
        self.session, self.actor = session, actor
        self.created: Counter[str] = Counter()
        self.matched: Counter[str] = Counter()
        self.checking_only = False
        self._speakers: dict[str, int] | None = None
        self._speaker_slugs: set[str] = set()
        self._suffixes: dict[str, int] = {}  # slug base -> next suffix to try (free_slug)
        self._unclaimed: set[int] = set()  # speakers created ahead of the row that names them
        self._shared: dict[str, tuple[int, ...]] = {}  # speaker labels several speakers have
        self._sources: dict[str, int] = {}
        self._measures: dict[str, Measure] = {}
        self._measure_ids: dict[int | str, Measure] = {}
        self._measure_names: dict[str, int] | None = None
        self._absent: set[str] = set()  # measure slugs looked up and not found
        self._stand_ins = 0
        self._urls: dict[str, str] = {}  # URL as written -> normalised
        self._keys: dict[str, str] = {}  # speaker label -> name_key

    def _url(self, ref: str | SourceRef) -> str:
        raw = ref if isinstance(ref, str) else ref.url
        if (url := self._urls.get(raw)) is None:
            url = self._urls[raw] = normalize_url(raw)
        return url

    def _key(self, label: str) -> str:
        if (key := self._keys.get(label)) is None:
            key = self._keys[label] = name_key(label)
        return key

    def _stand_in(self) -> int:
        self._stand_ins += 1
        return MAX_ID - self._stand_ins

    async def _speaker_index(self) -> dict[str, int]:
        """Each label's speaker, as the API resolves one (app.claims.refs.names_of): a slug
        before a name before an alias; a label two speakers share in its strongest tier (made
        with ?duplicate=allow) is in `_shared`, which a row naming it by that label meets as a
        422 (which one is meant is not guessed)."""
        if self._speakers is None:
            rows = await self.session.execute(
                select(Speaker.id, Speaker.slug, Speaker.name, Speaker.aliases).order_by(Speaker.id)
            )
            tiers: list[dict[str, list[int]]] = [{}, {}, {}]  # alias, name, slug
            for speaker_id, slug, name, aliases in rows:
                labels = [(0, alias) for alias in aliases or []]
                for rank, label in (*labels, (1, name), (2, slug)):
                    owners = tiers[rank].setdefault(name_key(label), [])
                    if speaker_id not in owners:
                        owners.append(speaker_id)
                self._speaker_slugs.add(slug)
            index: dict[str, int] = {}
            for tier in tiers:
                for key, owners in tier.items():
                    index[key] = owners[0]
                    if len(owners) > 1:
                        self._shared[key] = tuple(owners)
                    else:
                        self._shared.pop(key, None)
            self._speakers = index
        return self._speakers

    @staticmethod
    def _labels(ref: str | SpeakerCreate) -> list[str]:
        return (
            [ref] if isinstance(ref, str) else [x for x in (ref.slug, ref.name, *ref.aliases) if x]
        )

    def _known(self, index: dict[str, int], labels: list[str]) -> int | None:
        for label in labels:
            if (key := self._key(label)) in index:
                return index[key]
        return None

    async def speaker(self, ref: str | SpeakerCreate) -> int:
        """The speaker with this name, alias or slug (or this speaker's slug or name)."""
        index = await self._speaker_index()
        labels = self._labels(ref)
        if isinstance(ref, str) and (shared := self._shared.get(self._key(ref))) is not None:
            raise several("speaker", ref, shared, ["body", "speaker"])
        if (known := self._known(index, labels)) is not None:
            if known in self._unclaimed:  # created for this row by look_up, counted there
                self._unclaimed.discard(known)
            else:
                self.matched["speakers"] += 1
            return known
        self.created["speakers"] += 1
        if self.checking_only:
            stand_in = self._stand_in()
            for label in labels:
                index.setdefault(name_key(label), stand_in)
            return stand_in
        data = SpeakerCreate(name=ref) if isinstance(ref, str) else ref
        # The index already looked every label up by the API's own keys (name_key).
        speaker = await create_speaker(self.session, data, actor=self.actor, allow_duplicate=True)
        for label in (speaker.name, speaker.slug, *speaker.aliases):
            index.setdefault(name_key(label), speaker.id)
        self._speaker_slugs.add(speaker.slug)
        return speaker.id

    async def look_up(self, rows: Iterable[ImportRow]) -> None:
        """Find the speakers, sources and measures these rows name that are not known yet (one
        statement per table), and create the missing ones, in the order the rows name them."""
        rows = list(rows)
        wanted: dict[str, str | SourceRef] = {}
        slugs: set[str] = set()
        for row in rows:
            for ref in row.sources:
                url = self._url(ref)
                if url not in self._sources:
                    wanted.setdefault(url, ref)
            for figure in row.figures:
                slug = figure.measure if isinstance(figure.measure, str) else figure.measure.slug
                if slug not in self._measures and slug not in self._absent:
                    slugs.add(slug)
        await self._find_sources(wanted)
        await self._find_measures(slugs)
        if not self.checking_only:
            await self._create_speakers(rows)
            await self._create_measures(rows)

    async def _create_speakers(self, rows: list[ImportRow]) -> None:
        """Create the speakers the rows name that no speaker answers to, in one statement; each
        is counted as created when its first row takes it (speaker())."""
        index = await self._speaker_index()
        new: list[dict[str, Any]] = []
        placed: list[tuple[str, int]] = []  # (label key, position in new)
        for row in rows:
            labels = self._labels(row.speaker)
            if self._known(index, labels) is not None:
                continue
            try:
                data = (
                    SpeakerCreate(name=row.speaker) if isinstance(row.speaker, str) else row.speaker
                )
            except ValidationError:
                continue  # the row's turn reports it
            fields = data.model_dump(mode="json")
            base = slugify(data.name)
            fields["slug"] = data.slug or free_slug(base, self._speaker_slugs, self._suffixes)
            self._speaker_slugs.add(fields["slug"])
            for label in (data.name, fields["slug"], *data.aliases):
                if (key := name_key(label)) not in index:
                    index[key] = -1  # taken: the id comes with the insert
                    placed.append((key, len(new)))
            new.append(fields)
        if not new:
            return
        ids = await SPEAKERS.insert_new(self.session, new, actor=self.actor)
        for key, position in placed:
            index[key] = ids[position]
        self._unclaimed.update(ids)
        self.created["speakers"] += len(ids)

    async def _create_measures(self, rows: list[ImportRow]) -> None:
        """Create the measures the rows describe that no measure has the slug or name of, in
        one statement."""
        names = await self._names()
        new: dict[str, tuple[str, dict[str, Any]]] = {}  # slug -> (name key, fields)
        for row in rows:
            for figure in row.figures:
                ref = figure.measure
                if isinstance(ref, str) or ref.slug in self._measures or ref.slug in new:
                    continue
                name = _name_of(ref)
                if name_key(name) in names:
                    continue  # measure() matches it by name
                try:
                    data = self._measure_data(ref, name)
                except ValidationError:
                    continue  # the row's turn reports it
                names[name_key(name)] = -1  # the first of a name is created, as measure() would
                new[ref.slug] = (name_key(name), data.model_dump())
        if not new:
            return
        values = [fields for _key, fields in new.values()]
        ids = await MEASURES.insert_new(self.session, values, actor=self.actor)
        created = await self.session.execute(select(Measure).where(Measure.id.in_(ids)))
        for measure in created.scalars():
            self._keep(measure.slug, measure)
            names[new[measure.slug][0]] = measure.id
        self._absent -= set(new)
        self.created["measures"] += len(ids)

    async def _find_sources(self, wanted: dict[str, str | SourceRef]) -> None:
        urls = list(wanted)
        for start in range(0, len(urls), LOOKUP_CHUNK):
            chunk = urls[start : start + LOOKUP_CHUNK]
            found = await self.session.execute(
                select(Source.url, Source.id).where(Source.url.in_(chunk))
            )
            for url, source_id in found:
                self._sources[url] = source_id
                self.matched["sources"] += 1
        missing = [url for url in urls if url not in self._sources]
        self.tally("sources", created=len(missing))
        if self.checking_only:
            self._sources.update((url, self._stand_in()) for url in missing)
            return
        data = []
        for url in missing:
            ref = wanted[url]
            fields = {"url": url} if isinstance(ref, str) else ref.model_dump(exclude={"excerpt"})
            data.append(SourceCreate.model_validate(fields))
        ids = await create_sources(self.session, data, actor=self.actor)
        self._sources.update(zip(missing, ids, strict=True))

    async def _find_measures(self, slugs: set[str]) -> None:
        if not slugs:
            return
        found = await self.session.execute(select(Measure).where(Measure.slug.in_(slugs)))
        for measure in found.scalars():
            self._keep(measure.slug, measure)
        self._absent |= slugs - set(self._measures)

    def source(self, ref: str | SourceRef) -> int:
        """The id of a source `look_up` found or created."""
        return self._sources[self._url(ref)]

    async def measure(self, ref: str | MeasureRef) -> Measure:
        """The measure with this slug, created from its description when missing."""
        slug = ref if isinstance(ref, str) else ref.slug
        if slug not in self._measures:
            if slug not in self._absent:
                await self._find_measures({slug})
            if slug not in self._measures:
                self._keep(slug, await self._new_measure(ref))
                self._absent.discard(slug)
        return self._measures[slug]

    async def _new_measure(self, ref: str | MeasureRef) -> Measure:
        if isinstance(ref, str):
            # The importer places the error in the row (figures[i].measure).
            raise Unprocessable(
                f"measure {ref!r} does not exist; name it with an object "
                '{"slug", "unit", "name"} to create it'
            )
        name = _name_of(ref)
        names = await self._names()
        if name_key(name) in names:  # as the API would (same_measure): one measure of a name
            self.matched["measures"] += 1
            return await self.session.get_one(Measure, names[name_key(name)])
        data = self._measure_data(ref, name)
        self.created["measures"] += 1
        if self.checking_only:
            return Measure(id=self._stand_in(), **data.model_dump())
        # The names above are the API's own check (same_measure).
        measure = await create_measure(self.session, data, actor=self.actor, allow_duplicate=True)
        names[name_key(measure.name)] = measure.id
        return measure

    @staticmethod
    def _measure_data(ref: MeasureRef, name: str) -> MeasureCreate:
        return MeasureCreate(
            slug=ref.slug,
            name=name,
            unit=ref.unit,
            kind=ref.kind,
            description=ref.description,
            nouns=ref.nouns,
        )

    async def _names(self) -> dict[str, int]:
        """The measures by name_key of their names, the first of each (as same_measure)."""
        if self._measure_names is None:
            rows = await self.session.execute(
                select(Measure.id, Measure.name).order_by(Measure.id.desc())
            )
            self._measure_names = {name_key(name): measure_id for measure_id, name in rows}
        return self._measure_names

    def _keep(self, slug: str, measure: Measure) -> None:
        self._measures[slug] = measure
        self._measure_ids[measure.id] = measure

    def measures_by_id(self) -> dict[int | str, Measure]:
        """The measures found or created so far, by id."""
        return self._measure_ids

    def tally(self, kind: str, *, created: int, matched: int = 0) -> None:
        """Count what was created and matched (a kind with none of either stays out)."""
        if created:
            self.created[kind] += created
        if matched:
            self.matched[kind] += matched

    def counts(self) -> dict[str, Any]:
        """What was created and matched so far."""
        return {"created": dict(self.created), "matched": dict(self.matched)}
