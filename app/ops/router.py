"""Health, readiness and metrics, outside /v1."""

from fastapi import APIRouter, Response
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.db.migrations import head_revision
from app.db.session import DatabaseDep
from app.ops.metrics import exposition

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    """Whether the process (and, for readiness, the database) is fit to serve."""

    status: str
    database: str | None = None
    revision: str | None = None
    expected_revision: str | None = None


@router.get("/healthz", summary="Liveness")
async def healthz() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get(
    "/readyz",
    responses={503: {"model": Health, "description": "Not ready."}},
    summary="Readiness (database and migrations)",
)
async def readyz(database: DatabaseDep, response: Response) -> Health:
    """The database answers and its schema is at the newest migration."""
    expected = head_revision()
    try:
        async with database.engine.connect() as connection:
            current = (
                await connection.execute(text("SELECT version_num FROM alembic_version"))
            ).scalar()
    except SQLAlchemyError:
        response.status_code = 503
        return Health(
            status="unavailable", database="unreachable or not migrated", expected_revision=expected
        )
    if current != expected:
        response.status_code = 503
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
