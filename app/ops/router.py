"""Health, readiness and metrics, outside /v1."""

import asyncio
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.core.offload import offload
from app.db.migrations import head_revision
from app.db.session import Database, DatabaseDep
from app.ops.metrics import exposition

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    """Whether the process (and, for readiness, the database) is fit to serve."""

    status: str
    database: str | None = None
    revision: str | None = None
    expected_revision: str | None = None


class ReplicaHealth(BaseModel):
    """A read replica as this process sees it; one that is not "ok" is not read from."""

    name: str
    status: str
    lag_seconds: float | None = None


class Readiness(Health):
    """Readiness, with each read replica (CLAIMTRACK_DATABASE_REPLICA_URLS): a replica that is
    down or behind leaves the instance ready, its reads going to the primary; and whether the
    CPU worker processes (extraction, import validation, charts) have started: "starting"
    for the first seconds after start-up, when such a request waits for them, then "ready".
    Starting workers leave the instance ready."""

    replicas: list[ReplicaHealth] = []
    cpu_workers: Literal["starting", "ready"] = "ready"


@router.get("/healthz", summary="Liveness")
async def healthz() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get(
    "/readyz",
    responses={503: {"model": Readiness, "description": "Not ready."}},
    summary="Readiness (database, migrations, replicas)",
)
async def readyz(database: DatabaseDep, response: Response) -> Readiness:
    """The database answers and its schema is at the newest migration; how each read replica
    stands (looked at now)."""
    checks = asyncio.gather(*(standby.check() for standby in database.standbys))
    health = await _primary_health(database)
    positions = await checks
    replicas = [
        ReplicaHealth(
            name=standby.name, status=position.problem or "ok", lag_seconds=position.lag_seconds
        )
        for standby, position in zip(database.standbys, positions, strict=True)
    ]
    if health.status != "ok":
        response.status_code = 503
    workers = "ready" if offload().warmed or not offload().workers else "starting"
    return Readiness(**health.model_dump(), replicas=replicas, cpu_workers=workers)


async def _primary_health(database: Database) -> Health:
    expected = head_revision()
    try:
        async with database.engine.connect() as connection:
            current = (
                await connection.execute(text("SELECT version_num FROM alembic_version"))
            ).scalar()
    except SQLAlchemyError:
        return Health(
            status="unavailable", database="unreachable or not migrated", expected_revision=expected
        )
    if current != expected:
        return Health(
            status="migrations pending", database="ok", revision=current, expected_revision=expected
        )
    return Health(status="ok", database="ok", revision=current, expected_revision=expected)


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}},
    summary="Prometheus metrics",
)
async def metrics() -> Response:
    """Requests and latency per route and status, in Prometheus text format."""
    body, content_type = exposition()
    return Response(body, media_type=content_type)
