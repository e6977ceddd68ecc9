"""HTTP routes for /v1/sources."""

from app.core.openapi import IdPath
from app.core.resource_router import ResourceSchemas, ResourceService, resource_router
from app.sources import service
from app.sources.schemas import SourceCreate, SourceFilters, SourceRead, SourceUpdate

router = resource_router(
    noun="source",
    plural="sources",
    ref=IdPath,
    schemas=ResourceSchemas(create=SourceCreate, update=SourceUpdate, read=SourceRead),
    service=ResourceService(
        create=service.create_source,
        get=service.get_source,
        page=service.page_sources,
        update=service.update_source,
        delete=service.delete_source,
    ),
    list_filters=SourceFilters,
)
