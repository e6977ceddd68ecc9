"""GET …/history and POST …/revert for one kind of resource."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from app.auth.deps import Admin, ReadGuard
from app.core.openapi import READ_ERRORS, WRITE_ERRORS, problems
from app.core.pagination import Cursor, Limit, Page, link_next
from app.core.versioning import etag
from app.db.session import ReadSession, WriteSession
from app.history.schemas import HistoryRead, RevertRequest
from app.history.service import history_page


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
    ) -> Response:
        """A new version equal to the one named; a deleted resource is recreated (admin)."""
        restored = await restore(session, resource_id, version=body.version, actor=principal.name)
        response: Response = await read(session, restored, request)
        response.headers["ETag"] = etag(restored.version)
        return response
