"""Claims: writes with their figures, appearances and tags; reads through the reader."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.claims.figures import Problems, figure_values, measures_by_ref
from app.claims.models import Appearance, Claim, ClaimTag, Figure
from app.claims.reader import claim_document, claims_select
from app.claims.schemas import AppearanceIn, ClaimCreate, ClaimUpdate, FigureIn
from app.core.errors import NotFound, Unprocessable
from app.core.versioning import check_version
from app.db.crud import load_one, touch
from app.db.session import dialect_of
from app.search.maintain import refresh_claims
from app.sources.models import Source
from app.speakers.models import Speaker

CLAIM_FIELDS = ("speaker_id", "text", "quote", "said_on", "channel", "language")
OWNED = (selectinload(Claim.figures), selectinload(Claim.appearances), selectinload(Claim.tag_rows))


def _raise_if_any(problems: Problems) -> None:
    if problems.items:
        first = problems.items[0]
        more = f" (and {len(problems.items) - 1} more)" if len(problems.items) > 1 else ""
        raise Unprocessable(
            f"{'.'.join(map(str, first['loc']))}: {first['msg']}{more}", errors=problems.items
        )


async def _speaker_id(session: AsyncSession, ref: int | str, problems: Problems) -> int | None:
    column = Speaker.id if isinstance(ref, int) else Speaker.slug
    found = (await session.execute(select(Speaker.id).where(column == ref))).scalar()
    if found is None:
        problems.add(["body", "speaker_id"], f"speaker {ref!r} does not exist")
    return found


async def _check_sources(
    session: AsyncSession, appearances: Sequence[AppearanceIn], problems: Problems
) -> None:
    wanted = {item.source_id for item in appearances}
    if not wanted:
        return
    found = set((await session.execute(select(Source.id).where(Source.id.in_(wanted)))).scalars())
    for index, item in enumerate(appearances):
        if item.source_id not in found:
            problems.add(
                ["body", "appearances", index, "source_id"],
                f"source {item.source_id} does not exist",
            )


async def _figure_rows(
    session: AsyncSession, figures: Sequence[FigureIn], said_on: date, problems: Problems
) -> list[dict[str, Any] | None]:
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


def _appearance_rows(appearances: Sequence[AppearanceIn]) -> list[Appearance]:
    return [
        Appearance(source_id=item.source_id, excerpt=item.excerpt, position=index)
        for index, item in enumerate(appearances)
    ]


def _tag_rows(tags: Sequence[str]) -> list[ClaimTag]:
    return [ClaimTag(tag=tag) for tag in sorted(set(tags))]


async def create_claim(session: AsyncSession, data: ClaimCreate) -> Claim:
    """Record a claim with everything it owns, or nothing (422 naming every problem)."""
    problems = Problems()
    speaker_id = await _speaker_id(session, data.speaker_id, problems)
    await _check_sources(session, data.appearances, problems)
    rows = await _figure_rows(session, data.figures, data.said_on, problems)
    _raise_if_any(problems)
    claim = Claim(
        speaker_id=speaker_id,
        text=data.text,
        quote=data.quote,
        said_on=data.said_on,
        channel=data.channel,
        language=data.language,
        figures=[Figure(**row, position=index) for index, row in enumerate(rows) if row],
        appearances=_appearance_rows(data.appearances),
        tag_rows=_tag_rows(data.tags),
    )
    session.add(claim)
    await session.flush()
    await refresh_claims(session, [claim.id])
    return claim


def snapshot(claim: Claim) -> dict[str, Any]:
    """Everything a claim holds, as plain data (for change detection and history)."""
    figure_keys = (
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
    return {
        **{name: getattr(claim, name) for name in CLAIM_FIELDS},
        "figures": [{key: getattr(f, key) for key in figure_keys} for f in claim.figures],
        "appearances": [
            {"source_id": a.source_id, "excerpt": a.excerpt} for a in claim.appearances
        ],
        "tags": [row.tag for row in claim.tag_rows],
    }


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
            problems.add(
                ["body", "figures", index, "id"],
                f"figure {figure_in.id} is not a figure of this claim",
            )
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


async def update_claim(
    session: AsyncSession, claim_id: int, data: ClaimUpdate, *, expected_version: int | None
) -> Claim:
    """Apply a partial update; 412 when the version is stale; nothing changes on a 422."""
    claim = await load_one(session, Claim, claim_id, what="claim", for_update=True, options=OWNED)
    check_version(what=f"claim {claim.id}", current=claim.version, expected=expected_version)
    before, changes, problems = snapshot(claim), data.changes(), Problems()
    if "speaker_id" in changes:
        changes["speaker_id"] = await _speaker_id(session, data.speaker_id or 0, problems)
    if data.appearances is not None:
        await _check_sources(session, data.appearances, problems)
    said_on = data.said_on or claim.said_on
    rows = (
        await _figure_rows(session, data.figures, said_on, problems)
        if data.figures is not None
        else None
    )
    _raise_if_any(problems)
    if said_on != claim.said_on and data.figures is None:
        _move_default_dates(claim, claim.said_on, said_on)
    for name in CLAIM_FIELDS:
        if name in changes:
            setattr(claim, name, changes[name])
    if rows is not None and data.figures is not None:
        _reconcile_figures(claim, data.figures, rows, problems)
        _raise_if_any(problems)
    if data.appearances is not None:
        claim.appearances = _appearance_rows(data.appearances)
    if data.tags is not None:
        claim.tag_rows = _tag_rows(data.tags)
    await session.flush()
    if snapshot(claim) != before:
        touch(claim)
        await session.flush()
        await refresh_claims(session, [claim.id])
    return claim


async def delete_claim(
    session: AsyncSession, claim_id: int, *, expected_version: int | None
) -> None:
    """Delete a claim with its figures, appearances, tags and reviews."""
    claim = await load_one(session, Claim, claim_id, what="claim", for_update=True, options=OWNED)
    check_version(what=f"claim {claim.id}", current=claim.version, expected=expected_version)
    await session.delete(claim)
    await session.flush()


async def read_claim(session: AsyncSession, claim_id: int, *, tolerance: float) -> dict[str, Any]:
    """The read form of one claim; 404 when there is none."""
    dialect = dialect_of(session)
    row = (
        await session.execute(claims_select(dialect).where(Claim.__table__.c.id == claim_id))
    ).first()
    if row is None:
        raise NotFound(f"claim {claim_id} does not exist")
    return claim_document(row, tolerance=tolerance)
