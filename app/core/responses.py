"""Fast JSON responses for documents assembled without Pydantic (hot read paths)."""

from collections.abc import Mapping
from typing import Annotated, Any

import orjson
from fastapi import Depends, Request
from starlette.responses import Response

JSON_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS


def json_response(
    content: Any, *, status_code: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """Serialise with orjson (dates as ISO 8601, UTC as Z)."""
    return Response(
        orjson.dumps(content, option=JSON_OPTIONS),
        status_code=status_code,
        headers=headers,
        media_type="application/json",
    )


async def _tolerance(request: Request) -> float:
    tolerance: float = request.app.state.settings.approx_tolerance
    return tolerance


Tolerance = Annotated[float, Depends(_tolerance)]
