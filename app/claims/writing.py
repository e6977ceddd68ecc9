"""Building and changing a claim with what it owns, all checks gathered before any write."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.figures import Problems, figure_values, measures_by_ref
from app.claims.models import Appearance, Claim, ClaimTag, Figure
from app.claims.schemas import AppearanceIn, ClaimCreate, ClaimUpdate, FigureIn
from app.core.errors import Unprocessable
from app.history.service import plain
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
)


def raise_if_any(problems: Problems) -> None:
    """422 listing every problem gathered, if there is any."""
    if problems.items:
        first = problems.items[0]
        more = f" (and {len(problems.items) - 1} more)" if len(problems.items) > 1 else ""
        where = ".".join(map(str, first["loc"]))
        raise Unprocessable(f"{where}: {first['msg']}{more}", errors=problems.items)


async def speaker_id(session: AsyncSession, ref: int | str, problems: Problems) -> int | None:
    """The id of the speaker named by id or slug, recording a problem when there is none."""
    column = Speaker.id if isinstance(ref, int) else Speaker.slug
    found = (await session.execute(select(Speaker.id).where(column == ref))).scalar()
    if found is None:
        problems.add(["body", "speaker_id"], f"speaker {ref!r} does not exist")
    return found


async def check_sources(
    session: AsyncSession, appearances: Sequence[AppearanceIn], problems: Problems
) -> None:
    """Record a problem for every appearance in a source that does not exist."""
    wanted = {item.source_id for item in appearances}
    if not wanted:
        return
    statement = select(Source.id).where(Source.id.in_(wanted))
    found = set((await session.execute(statement)).scalars())
    for index, item in enumerate(appearances):
        if item.source_id not in found:
            message = f"source {item.source_id} does not exist"
            problems.add(["body", "appearances", index, "source_id"], message)


async def figure_rows(
    session: AsyncSession, figures: Sequence[FigureIn], said_on: date, problems: Problems
) -> list[dict[str, Any] | None]:
    """Column values for each figure (None for one that cannot be stored)."""
    by_ref = await measures_by_ref(session, [figure.measure_id for figure in figures])
    return [
        figure_values(
            figure,
            measure=by_ref.get(figure.measure_id),
            said_on=said_on,
            loc=["body", "figures", index],
            problems=problems,
        )
        for index, figure in enumerate(figures)
    ]


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
    speaker = await speaker_id(session, data.speaker_id, problems)
    await check_sources(session, data.appearances, problems)
    rows = await figure_rows(session, data.figures, data.said_on, problems)
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
    if data.speaker_id is not None:
        changes["speaker_id"] = await speaker_id(session, data.speaker_id, problems)
    if data.appearances is not None:
        await check_sources(session, data.appearances, problems)
    said_on = data.said_on or claim.said_on
    rows = None
    if data.figures is not None:
        rows = await figure_rows(session, data.figures, said_on, problems)
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
