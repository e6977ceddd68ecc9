"""Building and changing a claim with what it owns, all checks gathered before any write."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.derived import search_texts
from app.claims.figures import Problems, figure_values, measures_by_ref
from app.claims.models import Appearance, Claim, ClaimTag, Figure
from app.claims.schemas import AppearanceIn, ClaimCreate, ClaimUpdate, FigureIn
from app.core.errors import Unprocessable
from app.db.base import Base, utcnow
from app.db.bulk import insert_many
from app.db.ids import insert_rows
from app.history.service import plain
from app.measures.models import Measure
from app.sources.models import Source
from app.speakers.models import Speaker

CLAIM_FIELDS = ("speaker_id", "text", "quote", "said_on", "channel", "language")
FIGURE_FIELDS = (
    "id",
    "measure_id",
    "value",
    "unit",
    "qualifier",
    "lower",
    "upper",
    "as_of",
    "period_start",
    "period_end",
    "text",
    "start",
    "end",
)


def raise_if_any(problems: Problems) -> None:
    """422 listing every problem gathered, if there is any."""
    if problems.items:
        first = problems.items[0]
        more = f" (and {len(problems.items) - 1} more)" if len(problems.items) > 1 else ""
        where = ".".join(map(str, first["loc"]))
        raise Unprocessable(f"{where}: {first['msg']}{more}", errors=problems.items)


def table_of(model: type[Base]) -> Table:
    """A model's table, for Core statements."""
    return cast(Table, model.__table__)


@dataclass
class Lookups:
    """What a batch of claims refers to, each table read in one statement."""

    speakers: dict[int | str, int]
    sources: set[int]
    measures: dict[int | str, Measure]


async def lookups(
    session: AsyncSession,
    *,
    speakers: Iterable[int | str] = (),
    sources: Iterable[int] = (),
    measures: Iterable[int | str] = (),
) -> Lookups:
    """The speakers (by id or slug), sources and measures (by id or slug) that exist."""
    wanted = set(speakers)
    found: dict[int | str, int] = {}
    ids = {ref for ref in wanted if isinstance(ref, int)}
    slugs = {ref for ref in wanted if isinstance(ref, str)}
    if wanted:
        statement = select(Speaker.id, Speaker.slug).where(
            Speaker.id.in_(ids) | Speaker.slug.in_(slugs)
        )
        for row in await session.execute(statement):
            found[row.id] = row.id
            found[row.slug] = row.id
    source_ids = set(sources)
    existing: set[int] = set()
    if source_ids:
        existing = set(
            (await session.execute(select(Source.id).where(Source.id.in_(source_ids)))).scalars()
        )
    return Lookups(found, existing, await measures_by_ref(session, list(set(measures))))


async def claim_lookups(session: AsyncSession, items: Sequence[ClaimCreate]) -> Lookups:
    """What these claims refer to, in one statement per table."""
    return await lookups(
        session,
        speakers=(item.speaker_id for item in items),
        sources=(a.source_id for item in items for a in item.appearances),
        measures=(f.measure_id for item in items for f in item.figures),
    )


def speaker_id(
    ref: int | str, found: Lookups, problems: Problems, field: str = "speaker_id"
) -> int | None:
    """The id of the speaker named by id or slug, recording a problem (at `field`, the name
    it was sent under) when there is none."""
    speaker = found.speakers.get(ref)
    if speaker is None:
        problems.add(["body", field], f"speaker {ref!r} does not exist")
    return speaker


def check_sources(appearances: Sequence[AppearanceIn], found: Lookups, problems: Problems) -> None:
    """Record a problem for every appearance in a source that does not exist."""
    for index, item in enumerate(appearances):
        if item.source_id not in found.sources:
            message = f"source {item.source_id} does not exist"
            problems.add(["body", "appearances", index, "source_id"], message)


def figure_rows(
    figures: Sequence[FigureIn], said_on: date, found: Lookups, problems: Problems
) -> list[dict[str, Any] | None]:
    """Column values for each figure (None for one that cannot be stored)."""
    return [
        figure_values(
            figure,
            measure=found.measures.get(figure.measure_id),
            said_on=said_on,
            loc=["body", "figures", index],
            problems=problems,
        )
        for index, figure in enumerate(figures)
    ]


@dataclass
class NewClaim:
    """A checked claim ready to insert: its input, speaker id and figures' column values."""

    data: ClaimCreate
    speaker_id: int
    figures: list[dict[str, Any]]


def checked_claim(data: ClaimCreate, found: Lookups, problems: Problems) -> NewClaim | None:
    """The claim ready to insert, or None after recording every problem it has."""
    speaker = speaker_id(data.speaker_id, found, problems, data.sent_as("speaker_id"))
    check_sources(data.appearances, found, problems)
    rows = figure_rows(data.figures, data.said_on, found, problems)
    if problems.items or speaker is None:
        return None
    return NewClaim(data, speaker, [row for row in rows if row is not None])


async def insert_claims(session: AsyncSession, claims: Sequence[NewClaim]) -> list[dict[str, Any]]:
    """Insert checked claims with their figures, appearances and tags (and their search text,
    worked out first), one statement per table; each claim's snapshot (as `snapshot` gives
    it) with its `id` and `created_at`."""
    now = utcnow()
    sources = [[a.source_id for a in item.data.appearances] for item in claims]
    searched = await search_texts(
        session, [(item.speaker_id, ids) for item, ids in zip(claims, sources, strict=True)]
    )
    claim_rows = [
        {
            **{name: getattr(item.data, name) for name in CLAIM_FIELDS if name != "speaker_id"},
            "speaker_id": item.speaker_id,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "search_extra": search_extra,
        }
        for item, search_extra in zip(claims, searched, strict=True)
    ]
    ids = await insert_rows(session, table_of(Claim), claim_rows)
    figures = [
        {**row, "claim_id": claim_id, "position": position}
        for claim_id, item in zip(ids, claims, strict=True)
        for position, row in enumerate(item.figures)
    ]
    figure_ids = iter(await insert_rows(session, table_of(Figure), figures))
    appearances = [
        {"claim_id": claim_id, "source_id": a.source_id, "excerpt": a.excerpt, "position": index}
        for claim_id, item in zip(ids, claims, strict=True)
        for index, a in enumerate(item.data.appearances)
    ]
    tags = [
        {"claim_id": claim_id, "tag": tag}
        for claim_id, item in zip(ids, claims, strict=True)
        for tag in sorted(set(item.data.tags))
    ]
    for table, rows in ((table_of(Appearance), appearances), (table_of(ClaimTag), tags)):
        if rows:
            await insert_many(session, table, rows)
    snapshots = []
    for claim_id, row, item in zip(ids, claim_rows, claims, strict=True):
        state = plain(
            {
                **{name: row[name] for name in CLAIM_FIELDS},
                "figures": [
                    {"id": next(figure_ids), **{k: f[k] for k in FIGURE_FIELDS if k != "id"}}
                    for f in item.figures
                ],
                "appearances": [
                    {"source_id": a.source_id, "excerpt": a.excerpt} for a in item.data.appearances
                ],
                "tags": sorted(set(item.data.tags)),
            }
        )
        snapshots.append({"id": claim_id, "snapshot": state, "created_at": now})
    return snapshots


def appearance_rows(appearances: Sequence[AppearanceIn]) -> list[Appearance]:
    """Appearance rows in the order given."""
    return [
        Appearance(source_id=item.source_id, excerpt=item.excerpt, position=index)
        for index, item in enumerate(appearances)
    ]


def tag_rows(tags: Sequence[str]) -> list[ClaimTag]:
    """Tag rows, each tag once."""
    return [ClaimTag(tag=tag) for tag in sorted(set(tags))]


async def new_claim(session: AsyncSession, data: ClaimCreate, **extra: Any) -> Claim:
    """A claim with everything it owns, added to the session; 422 naming every problem."""
    problems = Problems()
    found = await claim_lookups(session, [data])
    speaker = speaker_id(data.speaker_id, found, problems, data.sent_as("speaker_id"))
    check_sources(data.appearances, found, problems)
    rows = figure_rows(data.figures, data.said_on, found, problems)
    raise_if_any(problems)
    claim = Claim(
        speaker_id=speaker,
        text=data.text,
        quote=data.quote,
        said_on=data.said_on,
        channel=data.channel,
        language=data.language,
        figures=[Figure(**row, position=index) for index, row in enumerate(rows) if row],
        appearances=appearance_rows(data.appearances),
        tag_rows=tag_rows(data.tags),
        **extra,
    )
    session.add(claim)
    await session.flush()
    return claim


def snapshot(claim: Claim) -> dict[str, Any]:
    """Everything a claim holds, as JSON data (for change detection and history)."""
    state: dict[str, Any] = plain(
        {
            **{name: getattr(claim, name) for name in CLAIM_FIELDS},
            "figures": [{key: getattr(f, key) for key in FIGURE_FIELDS} for f in claim.figures],
            "appearances": [
                {"source_id": item.source_id, "excerpt": item.excerpt} for item in claim.appearances
            ],
            "tags": [row.tag for row in claim.tag_rows],
        }
    )
    return state


def _reconcile_figures(
    claim: Claim,
    incoming: Sequence[FigureIn],
    rows: Sequence[dict[str, Any] | None],
    problems: Problems,
) -> None:
    existing = {figure.id: figure for figure in claim.figures}
    kept: list[Figure] = []
    for index, (figure_in, row) in enumerate(zip(incoming, rows, strict=True)):
        if row is None:
            continue
        figure = existing.pop(figure_in.id, None) if figure_in.id is not None else Figure()
        if figure is None:
            message = f"figure {figure_in.id} is not a figure of this claim"
            problems.add(["body", "figures", index, "id"], message)
            continue
        for key, value in row.items():
            setattr(figure, key, value)
        figure.position = index
        kept.append(figure)
    claim.figures = kept


def _move_default_dates(claim: Claim, old: date, new: date) -> None:
    for figure in claim.figures:
        if figure.as_of == old:
            figure.as_of = new


async def apply_update(session: AsyncSession, claim: Claim, data: ClaimUpdate) -> bool:
    """Apply a partial update to a loaded claim; whether anything changed."""
    before, changes, problems = snapshot(claim), data.changes(), Problems()
    found = await lookups(
        session,
        speakers=[data.speaker_id] if data.speaker_id is not None else [],
        sources=[a.source_id for a in data.appearances or []],
        measures=[f.measure_id for f in data.figures or []],
    )
    if data.speaker_id is not None:
        changes["speaker_id"] = speaker_id(
            data.speaker_id, found, problems, data.sent_as("speaker_id")
        )
    if data.appearances is not None:
        check_sources(data.appearances, found, problems)
    said_on = data.said_on or claim.said_on
    rows = None
    if data.figures is not None:
        rows = figure_rows(data.figures, said_on, found, problems)
    raise_if_any(problems)
    if said_on != claim.said_on and data.figures is None:
        _move_default_dates(claim, claim.said_on, said_on)
    for name in CLAIM_FIELDS:
        if name in changes:
            setattr(claim, name, changes[name])
    if rows is not None and data.figures is not None:
        _reconcile_figures(claim, data.figures, rows, problems)
        raise_if_any(problems)
    if data.appearances is not None:
        claim.appearances = appearance_rows(data.appearances)
    if data.tags is not None:
        claim.tag_rows = tag_rows(data.tags)
    await session.flush()
    return snapshot(claim) != before
