"""HTTP routes for /v1/measures."""

from app.core.openapi import RefPath
from app.core.resource_router import ResourceSchemas, ResourceService, resource_router
from app.measures import service
from app.measures.models import Measure
from app.measures.schemas import MeasureCreate, MeasureFilters, MeasureRead, MeasureUpdate

router = resource_router(
    list_filters=MeasureFilters,
    duplicates=True,
    noun="measure",
    plural="measures",
    ref=RefPath,
    schemas=ResourceSchemas(
        model=Measure, create=MeasureCreate, update=MeasureUpdate, read=MeasureRead
    ),
    service=ResourceService(
        create=service.create_measure,
        get=service.get_measure,
        page=service.page_measures,
        update=service.update_measure,
        delete=service.delete_measure,
        restore=service.restore_measure,
        merge=service.merge_measure,
    ),
)
