"""HTTP routes: POST /v1/claims/match and GET /v1/claims/{id}/similar (metered: each scores
up to a hundred stored claims)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.auth.deps import Metered, ReadGuard
from app.claims.listing import fast_runner
from app.core.json_body import JsonRoute
from app.core.openapi import READ_ERRORS, IdPath, problems
from app.core.responses import Tolerance, json_response
from app.db.session import DatabaseDep, ReadSession, read_target
from app.matching.schemas import MatchList, MatchRequest
from app.matching.score import LINK_THRESHOLD
from app.matching.service import match_claim, similar_claims

router = APIRouter(
    prefix="/v1/claims",
    tags=["matching"],
    route_class=JsonRoute,
    dependencies=[ReadGuard, Metered],
)
MatchLimit = Annotated[int, Query(ge=1, le=50, description="How many matches, best first.")]


def _answer(items: list[dict[str, object]]) -> Response:
    return json_response({"items": items, "threshold": LINK_THRESHOLD})


@router.post(
    "/match",
    response_model=MatchList,
    responses=problems(400, 404, 413, 415, 422, 429),
    summary="Find stored claims that say the same thing",
)
async def match(
    request: Request,
    session: ReadSession,
    database: DatabaseDep,
    body: MatchRequest,
    tolerance: Tolerance,
    limit: MatchLimit = 10,
) -> Response:
    """The stored claims most likely to say what the body says, best first, each with a
    score, a relation, the reasons and the reviews it already has. Stores nothing.

    Numbers and units are compared as quantities ("more than 1,000 km²" = "over a thousand
    square kilometres" = "понад 1000 км²"), texts across English, Ukrainian and Russian; a
    figure on the same measure whose interval overlaps none of the claim's is a
    `conflicting_figure`, not a repeat.
    """
    items = await match_claim(
        session,
        read_target(request).fast,  # the primary: a POST's reads are a write's (app.db.routing)
        database.dialect,
        body,
        tolerance=tolerance,
        limit=limit,
    )
    return _answer(items)


@router.get(
    "/{claim_id}/similar",
    response_model=MatchList,
    responses=problems(*READ_ERRORS),
    summary="Stored claims like this one",
)
async def similar(
    request: Request,
    database: DatabaseDep,
    claim_id: IdPath,
    tolerance: Tolerance,
    limit: MatchLimit = 10,
) -> Response:
    """The stored claims most like this one (itself left out), best first, as /match answers."""
    run = fast_runner(read_target(request).fast)  # a replica's, when one serves this read
    items = await similar_claims(run, database.dialect, claim_id, tolerance=tolerance, limit=limit)
    return _answer(items)
