"""HTTP routes for /v1/sources."""

from app.core.openapi import IdPath
from app.core.resource_router import ResourceSchemas, ResourceService, resource_router
from app.merging.schemas import MergeByIdRequest
from app.sources import service
from app.sources.models import Source
from app.sources.schemas import SourceCreate, SourceFilters, SourceListed, SourceRead, SourceUpdate

router = resource_router(
    noun="source",
    plural="sources",
    ref=IdPath,
    schemas=ResourceSchemas(
        merge=MergeByIdRequest,
        model=Source,
        create=SourceCreate,
        update=SourceUpdate,
        read=SourceRead,
        listed=SourceListed,
    ),
    service=ResourceService(
        create=service.create_source,
        get=service.get_source,
        page=service.page_sources,
        update=service.update_source,
        delete=service.delete_source,
        restore=service.restore_source,
        merge=service.merge_source,
    ),
    list_filters=SourceFilters,
)
