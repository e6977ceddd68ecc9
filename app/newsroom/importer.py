"""Bulk import: every row checked and written in one transaction, or none written."""

from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.models import Claim
from app.claims.schemas import AppearanceIn, ClaimCreate, FigureIn
from app.claims.service import create_claim
from app.core.errors import AppError, Unprocessable
from app.core.problems import validation_errors
from app.db.locks import run_alone_among_imports
from app.newsroom.resolve import Resolver
from app.newsroom.rows import ImportRow, SourceRef, normalize_row
from app.reviews.models import Review
from app.reviews.schemas import ReviewCreate
from app.reviews.service import create_review

MAX_REPORTED_ERRORS = 1000


async def _claim_id(session: AsyncSession, speaker_id: int, row: ImportRow) -> int | None:
    statement = select(Claim.id).where(
        Claim.speaker_id == speaker_id, Claim.said_on == row.said_on, Claim.text == row.text
    )
    return (await session.execute(statement.limit(1))).scalar()


async def _figures(resolver: Resolver, row: ImportRow) -> list[FigureIn]:
    figures = []
    for figure in row.figures:
        measure = await resolver.measure(figure.measure)
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


async def _import_row(
    session: AsyncSession, resolver: Resolver, row: ImportRow, actor: str
) -> dict[str, Any]:
    speaker_id = await resolver.speaker(row.speaker)
    appearances = [
        AppearanceIn(
            source_id=await resolver.source(source),
            excerpt=source.excerpt if isinstance(source, SourceRef) else None,
        )
        for source in row.sources
    ]
    existing = await _claim_id(session, speaker_id, row)
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
        claim_id, status = (await create_claim(session, data, actor=actor)).id, "created"
        resolver.created["claims"] += 1
    else:
        claim_id, status = existing, "matched"
        resolver.matched["claims"] += 1
    await _reviews(session, claim_id, row.reviews, actor, resolver)
    return {"id": claim_id, "status": status}


def _row_errors(line: int, error: Exception) -> list[dict[str, Any]]:
    if isinstance(error, ValidationError):
        found = validation_errors(error.errors())
    elif isinstance(error, AppError) and error.errors:
        found = [dict(item) for item in error.errors]
    else:
        found = [{"loc": [], "msg": getattr(error, "detail", str(error)), "type": "value_error"}]
    for item in found:
        path = [part for part in item["loc"] if part != "body"]
        item["loc"], item["line"] = ["body", line, *path], line
    return found


async def import_rows(
    session: AsyncSession, rows: Iterable[tuple[int, Any]], *, actor: str, progress: Any = None
) -> dict[str, Any]:
    """Import every row or none: 422 listing each bad row by line, with nothing written."""
    await run_alone_among_imports(session)
    resolver, errors, claims, count = Resolver(session, actor=actor), [], [], 0
    for line, raw in rows:
        count += 1
        try:
            row = ImportRow.model_validate(normalize_row(raw))
            async with session.begin_nested():
                claims.append({"line": line, **await _import_row(session, resolver, row, actor)})
        except (ValidationError, AppError) as error:
            errors += _row_errors(line, error)
            resolver.forget()
        if progress is not None:
            progress()
    if errors:
        bad = sorted({item["line"] for item in errors})
        raise Unprocessable(
            f"{len(bad)} of {count} rows are invalid (lines {', '.join(map(str, bad[:20]))}"
            f"{', ...' if len(bad) > 20 else ''}); nothing was imported",
            errors=errors[:MAX_REPORTED_ERRORS],
        )
    return {"rows": count, **resolver.counts(), "claims": claims}
