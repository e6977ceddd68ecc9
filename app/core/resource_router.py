# mypy: disable-error-code="valid-type,no-any-return"
"""One router shape for the plain resources (speakers, sources, measures)."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Depends, Query, Request, Response, status
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.deps import Admin, ReadGuard, Writer, meter_expensive
from app.claims.export import table_file
from app.core.conditional import not_modified
from app.core.errors import NotFound
from app.core.identity import Duplicates
from app.core.json_body import JsonRoute
from app.core.openapi import NOT_MODIFIED, READ_ERRORS, WRITE_ERRORS, problems
from app.core.pagination import CountFlag, Cursor, Limit, Page, link_next
from app.core.responses import json_response
from app.core.versioning import ExpectedVersion, etag, set_etag
from app.db.crud import parse_ref
from app.db.session import ReadSession, WriteSession
from app.history.router import add_history_routes
from app.history.service import deleted_with_slug
from app.merging.lookup import merged_into
from app.merging.schemas import MergeRequest

Model = TypeVar("Model")
EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}
EXPORT_PAGE = 500
ExportFormat = Annotated[
    Literal["json", "csv", "ndjson"],
    Query(
        alias="format",
        description="json (a page), or csv / ndjson: every row the filters keep, in its read "
        "form, as one file (limit and cursor do not apply).",
    ),
]


@dataclass(frozen=True)
class ResourceService(Generic[Model]):
    """The service calls a resource router needs."""

    create: Callable[..., Awaitable[Model]]
    get: Callable[[AsyncSession, Any], Awaitable[Model]]
    page: Callable[..., Awaitable[tuple[list[Model], str | None, int | None]]]
    update: Callable[..., Awaitable[Model]]
    delete: Callable[..., Awaitable[int]]
    restore: Callable[..., Awaitable[Model]]
    merge: Callable[..., Awaitable[Model]] | None = None


@dataclass(frozen=True)
class ResourceSchemas:
    """The table and the input and output models of a resource."""

    model: Any
    create: type[BaseModel]
    update: type[BaseModel]
    read: type[BaseModel]
    merge: type[BaseModel] = MergeRequest
    # a row's form in lists and exports, when it is lighter than `read` (a source without its
    # text: one client's long articles must not make everyone's list heavy)
    listed: type[BaseModel] | None = None


DELETED = {
    "description": 'Deleted. `Link: </v1/{things}/{id}/history>; rel="version-history"` '
    "names the history (and so the id) a revert of the deleted resource uses.",
    "headers": {
        "Link": {
            "description": "The deleted resource's history, by id (RFC 5829 version-history).",
            "schema": {"type": "string"},
        }
    },
}


def _id_resolver(model: Any, ref_type: Any, noun: str) -> Callable[..., Awaitable[int]]:
    """The id history and revert act on: a slug names the live resource that has it, else the
    one a resource with it was merged into, else the one deleted last while it had it."""

    async def resource_id(session: ReadSession, ref: ref_type) -> int:
        key = parse_ref(ref)
        if isinstance(key, int):
            return key
        found = (await session.execute(select(model.id).where(model.slug == key))).scalar()
        if found is None:
            found = await merged_into(session, model.__tablename__, key)
        if found is None:
            found = await deleted_with_slug(session, noun, key)
        if found is None:
            raise NotFound(f"{noun} {ref} does not exist")
        return int(found)

    return resource_id


async def _duplicate_policy(duplicate: Duplicates = "refuse") -> str:
    return duplicate


async def _no_duplicates() -> str:
    return "refuse"


def resource_router(
    *,
    noun: str,
    plural: str,
    ref: Any,
    schemas: ResourceSchemas,
    service: ResourceService[Any],
    list_filters: Any = None,
    duplicates: bool = False,
) -> APIRouter:
    """GET/POST on the collection, GET/PATCH/DELETE on one member, history and revert.

    With `duplicates`, a create or a change refuses a duplicate (409) unless
    `?duplicate=allow`.
    """
    router = APIRouter(
        prefix=f"/v1/{plural}", tags=[plural], route_class=JsonRoute, dependencies=[ReadGuard]
    )
    Read, Create, Update = schemas.read, schemas.create, schemas.update  # noqa: N806
    Listed = schemas.listed or Read  # noqa: N806
    Filters = list_filters or _NoFilters  # noqa: N806

    def _one(item: Any, response: Response) -> Any:
        set_etag(response, item.version)
        return Read.model_validate(item)

    async def export(session: AsyncSession, filters: Any, kind: str) -> Response:
        """Every row the filters keep, in its read form, as one CSV or NDJSON file."""
        documents: list[dict[str, Any]] = []
        after: str | None = None
        while True:
            rows, after, _total = await service.page(
                session, limit=EXPORT_PAGE, cursor=after, count=False, filters=filters
            )
            documents += [Listed.model_validate(row).model_dump(mode="json") for row in rows]
            if after is None:
                break
        body = table_file(documents, list(Listed.model_fields), kind)
        headers = {"Content-Disposition": f'attachment; filename="{plural}.{kind}"'}
        return Response(body, media_type=EXPORT_TYPES[kind], headers=headers)

    @router.get(
        "",
        response_model=Page[Listed],
        responses={
            200: {"content": {"text/csv": {}, "application/x-ndjson": {}}},
            **problems(*READ_ERRORS),
        },
        operation_id=f"list_{plural}",
        summary=f"List {plural} (or export them)",
    )
    async def list_items(
        session: ReadSession,
        request: Request,
        response: Response,
        filters: Annotated[Filters, Query()],
        limit: Limit = 50,
        cursor: Cursor = None,
        count: CountFlag = False,
        export_format: ExportFormat = "json",
    ) -> Any:
        if export_format != "json":
            await meter_expensive(request)  # metered as the claim exports are
            return await export(session, filters, export_format)
        rows, next_cursor, total = await service.page(
            session, limit=limit, cursor=cursor, count=count, filters=filters
        )
        link_next(request, response, next_cursor)
        return Page[Listed](
            items=[Listed.model_validate(row) for row in rows],
            next_cursor=next_cursor,
            total=total,
        )

    @router.post(
        "",
        status_code=status.HTTP_201_CREATED,
        responses=problems(*WRITE_ERRORS),
        operation_id=f"create_{noun}",
        summary=f"Create a {noun}",
    )
    async def create_item(
        session: WriteSession,
        principal: Writer,
        body: Create,
        response: Response,
        policy: Annotated[str, Depends(_duplicate_policy if duplicates else _no_duplicates)],
    ) -> Read:
        options = {"allow_duplicate": policy == "allow"} if duplicates else {}
        item = await service.create(session, body, actor=principal.name, **options)
        response.headers["Location"] = f"/v1/{plural}/{item.id}"
        return _one(item, response)

    @router.get(
        "/{ref}",
        response_model=Read,
        responses={**problems(*READ_ERRORS), **NOT_MODIFIED},
        operation_id=f"get_{noun}",
        summary=f"Get a {noun}",
    )
    async def get_item(request: Request, session: ReadSession, ref: ref, response: Response) -> Any:
        item = await service.get(session, ref)
        return not_modified(request, etag(item.version)) or _one(item, response)

    @router.patch(
        "/{ref}",
        responses=problems(*WRITE_ERRORS),
        operation_id=f"update_{noun}",
        summary=f"Change a {noun}",
    )
    async def update_item(
        session: WriteSession,
        principal: Writer,
        ref: ref,
        body: Update,
        expected_version: ExpectedVersion,
        response: Response,
        policy: Annotated[str, Depends(_duplicate_policy if duplicates else _no_duplicates)],
    ) -> Read:
        options = {"allow_duplicate": policy == "allow"} if duplicates else {}
        item = await service.update(
            session,
            ref,
            body,
            expected_version=expected_version,
            actor=principal.name,
            **options,
        )
        return _one(item, response)

    @router.delete(
        "/{ref}",
        status_code=status.HTTP_204_NO_CONTENT,
        responses={**problems(*WRITE_ERRORS), 204: DELETED},
        operation_id=f"delete_{noun}",
        summary=f"Delete a {noun}",
    )
    async def delete_item(
        session: WriteSession,
        principal: Admin,
        ref: ref,
        expected_version: ExpectedVersion,
        response: Response,
    ) -> None:
        """Delete it (admin); its history and revert stay, by id and by its last slug."""
        deleted = await service.delete(
            session, ref, expected_version=expected_version, actor=principal.name
        )
        response.headers["Link"] = f'</v1/{plural}/{deleted}/history>; rel="version-history"'

    if service.merge is not None:
        _add_merge_route(router, noun=noun, ref=ref, merge=service.merge, schemas=schemas)

    async def read(_session: AsyncSession, item: Any, _request: Request) -> Response:
        return json_response(Read.model_validate(item).model_dump(mode="json"))

    add_history_routes(
        router,
        entity=noun,
        path="/{ref}",
        entity_id=_id_resolver(schemas.model, ref, noun),
        restore=service.restore,
        read=read,
        read_model=Read,
    )
    return router


def _add_merge_route(
    router: APIRouter,
    *,
    noun: str,
    ref: Any,
    merge: Callable[..., Awaitable[Any]],
    schemas: ResourceSchemas,
) -> None:
    Read, Merge = schemas.read, schemas.merge  # noqa: N806

    @router.post(
        "/{ref}/merge",
        responses=problems(*WRITE_ERRORS),
        operation_id=f"merge_{noun}",
        summary=f"Merge another {noun} into this one",
    )
    async def merge_item(
        session: WriteSession,
        principal: Admin,
        ref: ref,
        body: Merge,
        expected_version: ExpectedVersion,
        response: Response,
    ) -> Read:
        """Move everything of the other onto this one (admin); the other is gone, its slug
        answers as this one, and reverting the other to an earlier version undoes the merge."""
        item = await merge(
            session,
            ref,
            other_ref=body.other,  # type: ignore[attr-defined]
            expected_version=expected_version,
            actor=principal.name,
        )
        set_etag(response, item.version)
        return Read.model_validate(item)


class _NoFilters(BaseModel):
    """No list filters."""
