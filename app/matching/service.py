"""Matching a claim, sent or stored, against the stored claims: best first, with reasons."""

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.figures import Problems, figure_values
from app.claims.listing import Runner, fast_runner
from app.claims.reader import claim_json
from app.claims.refs import named_refs, resolve_ref
from app.claims.schemas import ClaimCreate, FigureIn
from app.claims.writing import NewClaim, lookups, raise_if_any
from app.comparison.intervals import figure_interval
from app.core.errors import NotFound, Unprocessable
from app.core.fields import document_day
from app.core.offload import offload
from app.db.fast import FastReads
from app.matching.candidates import Wanted, candidate_ids, read_forms
from app.matching.figures import QueryFigure, from_text, stored_interval
from app.matching.schemas import MAX_MATCH_FIGURES, MAX_MATCH_TEXT, MatchRequest
from app.matching.score import Query, rank
from app.matching.text import read_words, search_words


async def _written_figures(
    session: AsyncSession, body: MatchRequest, *, tolerance: float
) -> list[QueryFigure]:
    """The body's figures on their measures' units; 422 naming each one that is not valid."""
    found = await lookups(session, measures=[figure.measure_id for figure in body.figures])
    problems, figures = Problems(), []
    for index, figure in enumerate(body.figures):
        measure = found.measures.get(figure.measure_id)
        row = figure_values(
            figure,
            measure=measure,
            said_on=body.said_on or date.today(),
            loc=["body", "figures", index],
            problems=problems,
        )
        if row is None or measure is None:
            continue
        interval = figure_interval(
            row["qualifier"],
            row["norm_value"],
            lower=row["norm_lower"],
            upper=row["norm_upper"],
            tolerance=tolerance,
        )
        as_of = figure.as_of or body.said_on
        figures.append(
            QueryFigure(
                interval, measure.unit, measure_id=measure.id, as_of=as_of, value=row["norm_value"]
            )
        )
    raise_if_any(problems)
    return figures


async def _ranked(
    run: Runner, dialect: str, query: Query, search: Sequence[str], *, tolerance: float, limit: int
) -> list[dict[str, Any]]:
    """The best matches among the candidates, scored in a worker process (CPU-bound)."""
    wanted = Wanted(search, query.speaker_id, query.said_on, query.figures)
    ids = [i for i in await candidate_ids(run, dialect, wanted) if i != query.claim_id]
    claims = await read_forms(run, dialect, ids, tolerance=tolerance)
    by_id = {claim["id"]: claim for claim in claims}
    scored = await offload().run(partial(rank, limit=limit), query, claims)
    return [
        {
            "claim_id": match.claim_id,
            "score": match.score,
            "relation": match.relation,
            "linkable": match.linkable,
            "reasons": match.reasons,
            "reviews": by_id[match.claim_id]["reviews"],
            "claim": by_id[match.claim_id],
        }
        for match in scored
    ]


async def match_claim(
    session: AsyncSession,
    fast: FastReads,
    dialect: str,
    body: MatchRequest,
    *,
    tolerance: float,
    limit: int,
) -> list[dict[str, Any]]:
    """The stored claims most likely to say what the body says, best first."""
    body = await named_refs(fast, body)
    words = await offload().run(read_words, body.text)
    figures = (
        await _written_figures(session, body, tolerance=tolerance)
        if body.figures
        else from_text(words.quantities, tolerance=tolerance, as_of=body.said_on)
    )
    query = Query(
        words=words,
        speaker_id=None
        if body.speaker is None
        else await resolve_ref(fast, "speaker", body.speaker, ["body", "speaker"]),
        said_on=body.said_on,
        figures=tuple(figures),
    )
    search = search_words(body.text)
    run = fast_runner(fast)
    return await _ranked(run, dialect, query, search, tolerance=tolerance, limit=limit)


def _stored_figure(figure: dict[str, Any]) -> QueryFigure:
    return QueryFigure(
        stored_interval(figure),
        figure["normalized"]["unit"],
        measure_id=figure["measure_id"],
        as_of=document_day(figure["as_of"]),
    )


async def similar_claims(
    run: Runner, dialect: str, claim_id: int, *, tolerance: float, limit: int
) -> list[dict[str, Any]]:
    """The stored claims most like this one (itself left out), best first; 404 if none."""
    claim = (await claim_json(run, dialect, claim_id, tolerance=tolerance)).parsed()
    query = Query(
        words=await offload().run(read_words, claim["text"]),
        speaker_id=claim["speaker_id"],
        said_on=document_day(claim["said_on"]),
        figures=tuple(_stored_figure(figure) for figure in claim["figures"]),
        claim_id=claim_id,
    )
    search = search_words(claim["text"])
    return await _ranked(run, dialect, query, search, tolerance=tolerance, limit=limit)


def _request(
    text: str, speaker: int | str | None, said_on: date | None, figures: list[FigureIn]
) -> MatchRequest:
    """What a claim not sent to /match (a new claim, a candidate) is matched as: its checked
    text and figures, cut to what /match takes."""
    return MatchRequest.model_construct(
        text=text[:MAX_MATCH_TEXT],
        language=None,
        speaker=speaker,
        said_on=said_on,
        figures=figures[:MAX_MATCH_FIGURES],
    )


async def linkable_matches(
    session: AsyncSession, fast: FastReads, dialect: str, claim: NewClaim, *, tolerance: float
) -> list[dict[str, Any]]:
    """The stored claims a new claim (its references checked) would be linked to as a repeat,
    best first (none: [])."""
    data = claim.data
    body = _request(data.text, claim.speaker_id, data.said_on, data.figures)
    found = await match_claim(session, fast, dialect, body, tolerance=tolerance, limit=5)
    return [match for match in found if match["linkable"]]


async def unchecked_linkable_matches(
    session: AsyncSession, fast: FastReads, dialect: str, claim: ClaimCreate, *, tolerance: float
) -> list[dict[str, Any]] | None:
    """As linkable_matches for a claim whose references are not checked yet (None when its
    speaker or a figure's measure does not resolve: the check names those problems)."""
    body = _request(claim.text, claim.speaker_id, claim.said_on, claim.figures)
    try:
        found = await match_claim(session, fast, dialect, body, tolerance=tolerance, limit=5)
    except (NotFound, Unprocessable):
        return None
    return [match for match in found if match["linkable"]]


MATCHED_CANDIDATES = 50  # POST /v1/extract?match=true matches this many candidates at most
CANDIDATE_MATCHES = 3


async def candidate_matches(
    session: AsyncSession,
    fast: FastReads,
    dialect: str,
    candidate: dict[str, Any],
    *,
    said_on: date | None,
    tolerance: float,
) -> list[dict[str, Any]]:
    """An extraction candidate's best stored matches, without their read forms (their ids)."""
    body = _request(candidate["sentence"], candidate["speaker_id"], said_on, [])
    found = await match_claim(
        session, fast, dialect, body, tolerance=tolerance, limit=CANDIDATE_MATCHES
    )
    return [
        {key: match[key] for key in ("claim_id", "score", "relation", "linkable", "reasons")}
        | {"text": match["claim"]["text"], "reviews": match["reviews"]}
        for match in found
    ]
