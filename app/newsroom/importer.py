"""Bulk import: every row checked and written in one transaction, or none written."""

from collections import Counter
from collections.abc import AsyncIterator, Iterable
from datetime import date
from itertools import islice
from typing import Any

import anyio
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.models import Appearance, Claim
from app.claims.schemas import AppearanceIn, ClaimCreate, ClaimUpdate, FigureIn
from app.claims.service import create_claim, update_claim
from app.core.errors import AppError, Unprocessable
from app.db.locks import run_alone_among_imports
from app.newsroom.places import ImportErrors, Where, place
from app.newsroom.resolve import Resolver
from app.newsroom.rows import ImportRow, SourceRef, exported, normalize_row
from app.reviews.models import Review
from app.reviews.schemas import ReviewCreate
from app.reviews.service import create_review

ClaimKey = tuple[int, date, str]
CHUNK_ROWS = 1000


async def _claim_id(session: AsyncSession, key: ClaimKey, occurrence: int) -> int | None:
    """The existing claim a row matches: the n-th of the speaker's claims with its day and text.

    Two claims with one speaker, day and text (made with ?duplicate=allow) export as two rows;
    matching them in order keeps both, and importing the same file again matches both.
    """
    speaker_id, said_on, text = key
    statement = select(Claim.id).where(
        Claim.speaker_id == speaker_id, Claim.said_on == said_on, Claim.text == text
    )
    found = await session.execute(statement.order_by(Claim.id).offset(occurrence).limit(1))
    return found.scalar()


async def _figures(resolver: Resolver, row: ImportRow) -> list[FigureIn]:
    figures = []
    for index, figure in enumerate(row.figures):
        try:
            measure = await resolver.measure(figure.measure)
        except Unprocessable as error:
            raise Unprocessable(error.detail, loc=["figures", index, "measure"]) from None
        fields = figure.model_dump(exclude={"measure"}, exclude_none=True)
        figures.append(FigureIn(measure_id=measure.id, **fields))
    return figures


async def _reviews(
    session: AsyncSession,
    claim_id: int,
    reviews: list[ReviewCreate],
    actor: str,
    resolver: Resolver,
) -> None:
    for review in reviews:
        statement = select(Review.id).where(Review.claim_id == claim_id, Review.url == review.url)
        if (await session.execute(statement)).scalar() is None:
            await create_review(session, claim_id, review, actor=actor)
            resolver.created["reviews"] += 1
        else:
            resolver.matched["reviews"] += 1


async def _link_appearances(
    session: AsyncSession, claim_id: int, appearances: list[AppearanceIn], actor: str
) -> None:
    """Add the appearances a matched claim lacks, as a change to it (history, documents)."""
    statement = (
        select(Appearance.source_id, Appearance.excerpt)
        .where(Appearance.claim_id == claim_id)
        .order_by(Appearance.position)
    )
    kept = [
        AppearanceIn(source_id=row.source_id, excerpt=row.excerpt)
        for row in await session.execute(statement)
    ]
    known = {appearance.source_id for appearance in kept}
    missing = [appearance for appearance in appearances if appearance.source_id not in known]
    if missing:
        data = ClaimUpdate(appearances=[*kept, *missing])
        await update_claim(session, claim_id, data, expected_version=None, actor=actor)


async def _import_row(
    session: AsyncSession,
    resolver: Resolver,
    row: ImportRow,
    actor: str,
    seen: Counter[ClaimKey] | None,
) -> dict[str, Any]:
    """Create or match the row's claim. `seen` counts exported claims by key: each exported
    claim is a claim of its own, while other rows naming one claim twice (two reviews of it,
    say) mean that one claim."""
    speaker_id = await resolver.speaker(row.speaker)
    appearances = [
        AppearanceIn(
            source_id=await resolver.source(source),
            excerpt=source.excerpt if isinstance(source, SourceRef) else None,
        )
        for source in row.sources
    ]
    key = (speaker_id, row.said_on, row.text)
    existing = await _claim_id(session, key, seen[key] if seen is not None else 0)
    if existing is None:
        data = ClaimCreate(
            speaker_id=speaker_id,
            text=row.text,
            quote=row.quote,
            said_on=row.said_on,
            channel=row.channel,
            language=row.language,
            appearances=appearances,
            tags=row.tags,
            figures=await _figures(resolver, row),
        )
        claim_id = await create_claim(session, data, actor=actor, allow_duplicate=True)
        status = "created"
        resolver.created["claims"] += 1
    else:
        claim_id, status = existing, "matched"
        resolver.matched["claims"] += 1
        await _link_appearances(session, claim_id, appearances, actor)
    await _reviews(session, claim_id, row.reviews, actor, resolver)
    if seen is not None:
        seen[key] += 1
    return {"id": claim_id, "status": status}


def _validated(chunk: list[tuple[Where, Any]]) -> list[tuple[Where, Any, ImportRow | Exception]]:
    """Each row of a chunk read into an ImportRow, or the error that stopped it (CPU only)."""
    checked: list[tuple[Where, Any, ImportRow | Exception]] = []
    for where, raw in chunk:
        try:
            if isinstance(raw, AppError):
                raise raw
            checked.append((where, raw, ImportRow.model_validate(normalize_row(raw))))
        except (ValidationError, AppError) as error:
            checked.append((where, raw, error))
    return checked


async def _checked_rows(
    rows: Iterable[tuple[Where, Any]],
) -> AsyncIterator[tuple[Where, Any, ImportRow | Exception]]:
    """The rows validated CHUNK_ROWS at a time in a worker thread, so the event loop serves on."""
    remaining = iter(rows)
    while chunk := list(islice(remaining, CHUNK_ROWS)):
        for item in await anyio.to_thread.run_sync(_validated, chunk):
            yield item


async def import_rows(
    session: AsyncSession,
    rows: Iterable[tuple[Where, Any]],
    *,
    actor: str,
    progress: Any = None,
    read_from_document: bool = False,
) -> dict[str, Any]:
    """Import every row or none: 422 listing each bad row by its place, with nothing written.

    A row may be an AppError instead, when reading it from its document failed. Rows
    `read_from_document` (ClaimReview) are reported at their item's path, with the field apart.
    """
    await run_alone_among_imports(session)
    resolver, claims, count = Resolver(session, actor=actor), [], 0
    errors = ImportErrors(read_from_document=read_from_document)
    seen: Counter[ClaimKey] = Counter()
    async for where, raw, row in _checked_rows(rows):
        count += 1
        if isinstance(row, Exception):
            errors.add(where, row)
        else:
            try:
                async with session.begin_nested():
                    found = await _import_row(
                        session, resolver, row, actor, seen if exported(raw) else None
                    )
                claims.append({**place(where), **found})
            except (ValidationError, AppError) as error:
                errors.add(where, error)
                resolver.forget()
        if progress is not None:
            progress()
    if errors.bad_rows:
        raise errors.problem(count)
    return {"rows": count, **resolver.counts(), "claims": claims}
