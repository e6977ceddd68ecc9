"""Candidate claims from an article, attributed to known speakers where names match."""

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
from fastapi import Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Unprocessable
from app.extraction import KnownSpeaker, extract
from app.extraction.budget import Budget, OutOfTime, Stopped
from app.newsroom.schemas import ExtractRequest
from app.settings import Settings
from app.speakers.models import Speaker

T = TypeVar("T")
# One extraction at a time per process: CPU-bound threads share the GIL with the event loop,
# so more of them would only slow every other request; the rest wait (within their budget).
EXTRACT_LIMITER = anyio.CapacityLimiter(1)


async def known_speakers(session: AsyncSession) -> list[KnownSpeaker]:
    """Every speaker with its names and role titles."""
    rows = await session.execute(
        select(Speaker.id, Speaker.name, Speaker.aliases, Speaker.kind, Speaker.roles)
    )
    return [
        KnownSpeaker(
            id=speaker_id,
            names=(name, *(aliases or [])),
            kind=kind,
            titles=tuple(role["title"] for role in roles or [] if role.get("title")),
        )
        for speaker_id, name, aliases, kind, roles in rows
    ]


def _candidate(candidate: Any, source: dict[str, Any] | None) -> dict[str, Any]:
    document = dataclasses.asdict(candidate)
    document["figures"] = [{"measure_id": None, **figure} for figure in document["figures"]]
    document["source"] = source
    return document


async def _stop_when_gone(request: Request, budget: Budget) -> None:
    """Cancel the budget once the client has disconnected (the body is read by then)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass
    budget.cancel()


async def _run(request: Request, budget: Budget, work: Callable[[], T]) -> T:
    """work in a worker thread, stopped through budget if the client leaves or we are cancelled."""
    stopped: Stopped | None = None
    try:
        async with anyio.create_task_group() as group:
            group.start_soon(_stop_when_gone, request, budget)
            try:
                result = await anyio.to_thread.run_sync(
                    work, abandon_on_cancel=True, limiter=EXTRACT_LIMITER
                )
            except Stopped as error:
                stopped = error
            group.cancel_scope.cancel()
    except BaseException:
        budget.cancel()
        raise
    if stopped is not None:
        raise stopped
    return result


async def extract_candidates(
    session: AsyncSession, request: Request, body: ExtractRequest, settings: Settings
) -> dict[str, Any]:
    """Run the extraction in a worker thread (it is CPU-bound) against the known speakers.

    The text is refused past settings.extract_max_chars; the work stops (422) after
    settings.extract_seconds from arrival (a wait for the one extraction thread included),
    and as soon as the client disconnects.
    """
    if len(body.text) > settings.extract_max_chars:
        raise Unprocessable(
            f"text is {len(body.text):,} characters; at most "
            f"{settings.extract_max_chars:,} are read (split the article)",
            loc=["body", "text"],
        )
    speakers = await known_speakers(session)
    budget = Budget(settings.extract_seconds)
    try:
        candidates = await _run(
            request,
            budget,
            lambda: extract(body.text, said_on=body.said_on, speakers=speakers, budget=budget),
        )
    except OutOfTime:
        raise Unprocessable(
            f"extraction took longer than {settings.extract_seconds:g} s; send shorter text",
            loc=["body", "text"],
        ) from None
    return {"candidates": [_candidate(item, body.source) for item in candidates]}
