"""Versions, ETags and If-Match: a stale version changes nothing."""

import re
from typing import Annotated

from fastapi import Depends, Header, Request, Response

from app.core.errors import BadRequest, PreconditionFailed, PreconditionRequired

# Optional whitespace is HTTP's (space, tab); ASCII digits only. The documented pattern says the
# same in ECMA-262 (OpenAPI's regex dialect) as in Python.
ETAG_PATTERN = re.compile(r'^[ \t]*(W/)?"([0-9]{1,18})"[ \t]*$')
# If-Match compares strongly (RFC 9110, 13.1.1): a weak tag is well-formed but matches no
# version. Versions start at 1, so 0 is the version a weak tag "expects".
NO_VERSION = 0
IF_MATCH_PATTERN = r'^[ \t]*(?:\*|(?:W/)?"[0-9]{1,18}")[ \t]*$'


def etag(version: int) -> str:
    """The ETag of a resource at a version."""
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    """Tag a single-resource response with its version."""
    response.headers["ETag"] = etag(version)


async def _expected_version(
    request: Request,
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            max_length=64,
            description=(
                'The version you last read, as its ETag (`"3"`); a stale one gets 412, and so '
                'does a weak ETag (`W/"3"`: If-Match compares strongly). `*` matches any version.'
            ),
            json_schema_extra={"pattern": IF_MATCH_PATTERN},
        ),
    ] = None,
) -> int | None:
    if if_match is None:
        if request.app.state.settings.require_if_match:
            raise PreconditionRequired(
                'this server requires If-Match: send the ETag you last read, e.g. If-Match: "3"'
            )
        return None
    if if_match.strip(" \t") == "*":
        return None
    match = ETAG_PATTERN.match(if_match)
    if match is None:
        raise BadRequest(f'If-Match must be an ETag such as "3", not {if_match[:40]!r}')
    weak, version = match.groups()
    return NO_VERSION if weak else int(version)


ExpectedVersion = Annotated[int | None, Depends(_expected_version)]


def check_version(*, what: str, current: int, expected: int | None) -> None:
    """412 when the client's version is not the current one."""
    if expected is not None and expected != current:
        detail = (
            f"{what} is at version {current}; a weak ETag never matches (If-Match compares "
            f'strongly): send "{current}" if that is the version you read'
            if expected == NO_VERSION
            else f"{what} is at version {current}, not {expected}: read it again and retry"
        )
        raise PreconditionFailed(
            detail,
            headers={"ETag": etag(current)},
            extra={"current_version": current},
        )
