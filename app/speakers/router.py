"""HTTP routes for /v1/speakers."""

from app.core.openapi import RefPath
from app.core.resource_router import ResourceSchemas, ResourceService, resource_router
from app.speakers import service
from app.speakers.models import Speaker
from app.speakers.schemas import SpeakerCreate, SpeakerFilters, SpeakerRead, SpeakerUpdate

router = resource_router(
    duplicates=True,
    list_filters=SpeakerFilters,
    noun="speaker",
    plural="speakers",
    ref=RefPath,
    schemas=ResourceSchemas(
        model=Speaker, create=SpeakerCreate, update=SpeakerUpdate, read=SpeakerRead
    ),
    service=ResourceService(
        create=service.create_speaker,
        get=service.get_speaker,
        page=service.page_speakers,
        update=service.update_speaker,
        delete=service.delete_speaker,
        restore=service.restore_speaker,
        merge=service.merge_speaker,
    ),
)
