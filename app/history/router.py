"""GET …/history and POST …/revert for one kind of resource."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.deps import Admin, ReadGuard
from app.core.errors import PreconditionFailed
from app.core.openapi import READ_ERRORS, WRITE_ERRORS, problems
from app.core.pagination import Cursor, Limit, Page, link_next
from app.core.versioning import Expected, ExpectedVersion, check_version, etag
from app.db.session import ReadSession, WriteSession, dialect_of
from app.history.schemas import HistoryRead, RevertRequest
from app.history.service import history_page


async def _check_current(
    session: AsyncSession, entity: str, entity_id: int, expected: Expected
) -> None:
    """412 unless If-Match names the resource's current version (a deleted resource has
    none: only no If-Match, or `*`, reverts it); the row is locked until the revert is done."""
    if expected is None:
        return
    lock = " FOR UPDATE" if dialect_of(session) == "postgresql" else ""
    found = await session.execute(
        text(f"SELECT version FROM {entity}s WHERE id = :id{lock}"), {"id": entity_id}
    )
    current = found.scalar()
    if current is None:
        raise PreconditionFailed(
            f"{entity} {entity_id} is deleted: it has no version If-Match could name; send no "
            "If-Match (or *) to recreate it"
        )
    check_version(what=f"{entity} {entity_id}", current=int(current), expected=expected)


def add_history_routes(
    router: APIRouter,
    *,
    entity: str,
    path: str,
    entity_id: Callable[..., Awaitable[int]],
    restore: Callable[..., Awaitable[Any]],
    read: Callable[..., Awaitable[Response]],
    read_model: Any,
) -> None:
    """Register `{path}/history` and `{path}/revert` on a resource's router.

    `entity_id` is a dependency taking the path's parameters and giving the resource's id, also
    for a resource that was deleted; `restore(session, id, version=, actor=)` reverts it.
    """
    EntityId = Annotated[int, Depends(entity_id)]  # noqa: N806

    @router.get(
        f"{path}/history",
        dependencies=[ReadGuard],
        responses=problems(*READ_ERRORS),
        operation_id=f"{entity}_history",
        summary=f"Every version of a {entity}",
    )
    async def get_history(
        session: ReadSession,
        resource_id: EntityId,
        request: Request,
        response: Response,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[HistoryRead]:
        """Every version, oldest first: who changed it (the API key's name), when, and what."""
        rows, next_cursor = await history_page(
            session, entity, resource_id, limit=limit, cursor=cursor
        )
        link_next(request, response, next_cursor)
        items = [HistoryRead.model_validate(row) for row in rows]
        return Page(items=items, next_cursor=next_cursor)

    @router.post(
        f"{path}/revert",
        response_model=read_model,
        responses=problems(*WRITE_ERRORS),
        operation_id=f"revert_{entity}",
        summary=f"Make an earlier version of a {entity} current again",
    )
    async def revert(
        session: WriteSession,
        principal: Admin,
        resource_id: EntityId,
        body: RevertRequest,
        request: Request,
        expected_version: ExpectedVersion,
    ) -> Response:
        """A new version equal to the one named; a deleted resource is recreated (admin).
        `If-Match` names the version you last read: 412 when it is no longer current (or the
        resource was deleted since)."""
        await _check_current(session, entity, resource_id, expected_version)
        restored = await restore(session, resource_id, version=body.version, actor=principal.name)
        response: Response = await read(session, restored, request)
        response.headers["ETag"] = etag(restored.version)
        return response
