"""Candidate claims from an article, attributed to known speakers where names match."""

import dataclasses
from typing import Any

import anyio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.extraction import KnownSpeaker, extract
from app.newsroom.schemas import ExtractRequest
from app.speakers.models import Speaker


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


async def extract_candidates(session: AsyncSession, request: ExtractRequest) -> dict[str, Any]:
    """Run the extraction in a worker thread (it is CPU-bound) against the known speakers."""
    speakers = await known_speakers(session)
    candidates = await anyio.to_thread.run_sync(
        lambda: extract(request.text, said_on=request.said_on, speakers=speakers)
    )
    return {"candidates": [_candidate(item, request.source) for item in candidates]}
