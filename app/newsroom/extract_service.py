"""Candidate claims from an article, attributed to known speakers where names match."""

import dataclasses
import pickle
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from time import monotonic
from typing import Any, TypeVar

import anyio
import orjson
from fastapi import Request
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Unprocessable
from app.core.offload import Stop, offload
from app.core.responses import JSON_OPTIONS
from app.extraction import KnownSpeaker, extract
from app.extraction.budget import Budget, Cancelled, OutOfTime, checked
from app.extraction.text.language import detect_language
from app.measures.models import Measure
from app.newsroom.schemas import ExtractRequest
from app.newsroom.suggest import KnownMeasure, known_measure, stems, suggestions
from app.settings import Settings
from app.speakers.models import Speaker

T = TypeVar("T")
MEASURES = select(Measure.id, Measure.slug, Measure.name, Measure.unit, Measure.nouns)


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


# What changes whenever a speaker is created, changed, merged or deleted.
SPEAKERS_STATE = select(
    func.count(), func.sum(Speaker.version), func.max(Speaker.id), func.max(Speaker.updated_at)
)


class KnownSpeakers:
    """The known speakers, pickled once per state of the speakers table.

    Per request they would be thousands of objects made, kept alive while the extraction runs
    (every garbage collection walks them) and pickled again for the worker; as one bytes object
    they are none of that, and the worker unpickles a state once.
    """

    def __init__(self) -> None:
        """Nothing read yet."""
        self._state: tuple[Any, ...] | None = None
        self._blob = b""

    async def blob(self, session: AsyncSession) -> bytes:
        """The speakers as they are now, pickled."""
        state = tuple((await session.execute(SPEAKERS_STATE)).one())
        if state != self._state:
            self._blob = pickle.dumps(await known_speakers(session), pickle.HIGHEST_PROTOCOL)
            self._state = state
        return self._blob


@lru_cache(maxsize=4)
def _unpickled(blob: bytes) -> list[KnownSpeaker]:
    speakers: list[KnownSpeaker] = pickle.loads(blob)
    return speakers


def _extract(
    text: str,
    said_on: date | None,
    speakers: bytes,
    measures: list[Sequence[Any]],
    source: dict[str, Any] | None,
    until: float,
    stop: Stop,
) -> bytes:
    """The answer's JSON (run in a worker process: its own interpreter lock; the server gets
    one bytes object, not a document of thousands of objects to keep and serialise)."""
    budget = Budget(until=until, stop=stop)
    found = extract(text, said_on=said_on, speakers=_unpickled(speakers), budget=budget)
    known = [known_measure(row) for row in measures]
    language = detect_language(text)
    candidates = [_candidate(dataclasses.asdict(c), known, language, budget) for c in found]
    answer = {"language": language, "source": source, "candidates": candidates}
    return orjson.dumps(answer, option=JSON_OPTIONS)


def _candidate(
    document: dict[str, Any],
    measures: list[KnownMeasure],
    language: str | None,
    budget: Budget,
) -> dict[str, Any]:
    """A candidate's answer: its figures with measure suggestions, its language (its
    sentence's, else the text's)."""
    document["language"] = detect_language(document["sentence"]) or language
    words = stems(document["sentence"]) if document["figures"] else frozenset()
    document["figures"] = [
        {
            "measure_id": None,
            **figure,
            "measure_suggestions": suggestions(figure["unit"], words, measures),
        }
        for figure in checked(document["figures"], budget.check)
    ]
    return document


async def _stop_when_gone(request: Request, scope: anyio.CancelScope) -> None:
    """Cancel the scope once the client has disconnected (the body is read by then)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass
    scope.cancel()


async def _run(
    request: Request, work: Callable[..., T], *args: Any, until: float | None = None
) -> T:
    """work(*args, stop) in a worker process, told to stop if the client leaves first; past
    until (a time.monotonic() deadline), TimeoutError, and the work is stopped (its worker
    ended if it does not stop by itself)."""
    outcome: list[T] = []
    failure: Exception | None = None
    async with anyio.create_task_group() as group:
        group.start_soon(_stop_when_gone, request, group.cancel_scope)
        try:
            outcome.append(await offload().run(work, *args, stoppable=True, until=until))
        except Exception as error:  # raised as itself, not inside the group's ExceptionGroup
            failure = error
        group.cancel_scope.cancel()
    if failure is not None:
        raise failure
    if not outcome:
        raise Cancelled  # the client left; the worker stops at its next check
    return outcome[0]


async def extract_candidates(
    session: AsyncSession, request: Request, body: ExtractRequest, settings: Settings
) -> bytes:
    """Run the extraction in a worker process (it is CPU-bound) against the known speakers.

    The text is refused past settings.extract_max_chars; the work stops (422) after
    settings.extract_seconds from arrival (a wait for a free worker included), and as soon
    as the client disconnects: by itself at its next check, else with its worker process.
    """
    if len(body.text) > settings.extract_max_chars:
        raise Unprocessable(
            f"text is {len(body.text):,} characters; at most "
            f"{settings.extract_max_chars:,} are read (split the article)",
            loc=["body", "text"],
        )
    until = monotonic() + settings.extract_seconds
    source = body.source.model_dump(mode="json", exclude_none=True) if body.source else None
    speakers = await request.app.state.known_speakers.blob(session)
    measures = [tuple(row) for row in await session.execute(MEASURES)]
    try:
        return await _run(
            request, _extract, body.text, body.said_on, speakers, measures, source, until,
            until=until,
        )  # fmt: skip
    except (OutOfTime, TimeoutError):
        raise Unprocessable(
            f"extraction took longer than {settings.extract_seconds:g} s; send shorter text",
            loc=["body", "text"],
        ) from None
